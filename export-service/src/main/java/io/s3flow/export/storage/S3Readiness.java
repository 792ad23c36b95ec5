package io.s3flow.export.storage;

import io.s3flow.common.aws.AwsConfig;
import io.s3flow.common.health.AwsEndpointReadiness;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.health.Readiness;

/** Nothing can be delivered without S3: not ready while it is unreachable. */
@Readiness
@Singleton
public class S3Readiness extends AwsEndpointReadiness {

    S3Readiness(AwsConfig aws) {
        super(aws, "s3");
    }
}
