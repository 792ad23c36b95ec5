package io.s3flow.common.health;

import io.s3flow.common.aws.AwsConfig;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;

/** Readiness of the AWS endpoint a service cannot work without; subclasses name the service and carry {@code @Readiness}. */
public abstract class AwsEndpointReadiness implements HealthCheck {

    private final AwsConfig aws;
    private final String service;

    protected AwsEndpointReadiness(AwsConfig aws, String service) {
        this.aws = aws;
        this.service = service;
    }

    @Override
    public HealthCheckResponse call() {
        return HttpEndpointProbe.probe(service, aws.endpointOf(service));
    }
}
