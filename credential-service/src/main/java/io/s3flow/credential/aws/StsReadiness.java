package io.s3flow.credential.aws;

import io.s3flow.common.aws.AwsConfig;
import io.s3flow.common.health.AwsEndpointReadiness;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.health.Readiness;

/** Roles cannot be assumed without STS: not ready while it is unreachable. */
@Readiness
@Singleton
public class StsReadiness extends AwsEndpointReadiness {

    StsReadiness(AwsConfig aws) {
        super(aws, "sts");
    }
}
