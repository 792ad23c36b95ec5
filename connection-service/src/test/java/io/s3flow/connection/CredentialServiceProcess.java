package io.s3flow.connection;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.s3flow.common.testing.ServiceJar;
import java.util.Map;

/**
 * The real credential-service, run from its built jar beside connection-service's tests (connection-service calls
 * it; nothing here is a mock). It trusts the same test keys and talks to the same test moto.
 */
public class CredentialServiceProcess implements QuarkusTestResourceLifecycleManager {

    static final String PLATFORM_ROLE = "arn:aws:iam::123456789012:role/s3flow-platform";

    private ServiceJar.Running service;

    @Override
    public Map<String, String> start() {
        service = ServiceJar.start("credential-service", Map.of(
                "S3FLOW_PLATFORM_ROLE_ARN", PLATFORM_ROLE,
                "S3FLOW_EXTERNAL_ID_SECRET", "connection-service-tests-external-id-secret"));
        return Map.of("quarkus.rest-client.credential-service.url", service.url());
    }

    @Override
    public void stop() {
        if (service != null) {
            service.close();
        }
    }
}
