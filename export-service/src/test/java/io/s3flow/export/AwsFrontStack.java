package io.s3flow.export;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.s3flow.common.testing.AwsFront;
import io.s3flow.common.testing.OwnStackProfile;
import io.s3flow.common.testing.ServiceJar;
import java.util.List;
import java.util.Map;

/**
 * export-service, connection-service and credential-service with {@link AwsFront} (in front of the test moto) as their
 * AWS endpoint: S3 and STS answer as AWS does about regions, bucket policies and KMS. Parts are S3's smallest (5 MiB),
 * so that a test's export goes up in several.
 */
public class AwsFrontStack implements QuarkusTestResourceLifecycleManager {

    public static final int PART_SIZE = 5 * 1024 * 1024;
    /** The front the services use; tests create buckets and keys through it and count its redirects. */
    public static volatile AwsFront front;

    private ConnectionServices services;

    /** The profile of the tests that run against the front (and not the global test resources). */
    public static class Profile extends OwnStackProfile {
        public Profile() {
            super(AwsFrontStack.class);
        }
    }

    @Override
    public Map<String, String> start() {
        front = AwsFront.start(ServiceJar.MOTO_URL);
        List<String> allowList = List.of(ServiceJar.MOTO_URL, front.url());
        services = ConnectionServices.start(ConnectionStack.POSTGRES_PORT, allowList, front.url(), null);
        ConnectionStack.connectionServiceUrl = services.connectionUrl();
        return Map.of("quarkus.rest-client.connection-service.url", services.connectionUrl(),
                "s3flow.service-urls.allow-list", String.join(",", allowList),
                "s3flow.aws.endpoint-override", front.url(),
                "s3flow.storage.part-size-bytes", String.valueOf(PART_SIZE));
    }

    @Override
    public void stop() {
        if (services != null) {
            services.close();
        }
        if (front != null) {
            front.close();
        }
    }
}
