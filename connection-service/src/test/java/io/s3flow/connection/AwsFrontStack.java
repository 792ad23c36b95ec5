package io.s3flow.connection;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.s3flow.common.testing.AwsFront;
import io.s3flow.common.testing.BackgroundStart;
import io.s3flow.common.testing.ServiceJar;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * What every connection-service test runs against (the module's one test resource, so that Quarkus starts and
 * augments once for all of them): the real credential-service, run from its built jar, and connection-service, both
 * with {@link AwsFront} (in front of the test moto) as their AWS endpoint, so that S3 and STS answer as AWS does about
 * regions, bucket policies and KMS; beside it {@link BrazeMoto}, an IAM-enforcing moto that connections name as their
 * serviceUrl. The test moto stays allow-listed as a serviceUrl, for the connections that name it.
 */
public class AwsFrontStack implements QuarkusTestResourceLifecycleManager {

    static final String PLATFORM_ROLE = "arn:aws:iam::123456789012:role/s3flow-platform";

    /** The front the services use; tests create buckets and keys through it and count its redirects. */
    public static volatile AwsFront front;

    private ServiceJar.Running credential;

    @Override
    public Map<String, String> start() {
        front = AwsFront.start(ServiceJar.MOTO_URL);
        // credential-service (a JVM) starts while the Braze moto is started and given its users: each mostly waits on its own start
        CompletableFuture<ServiceJar.Running> starting = CompletableFuture.supplyAsync(() -> ServiceJar.start("credential-service",
                Map.of("S3FLOW_AWS_ENDPOINT_OVERRIDE", front.url(),
                        "S3FLOW_PLATFORM_ROLE_ARN", PLATFORM_ROLE,
                        "S3FLOW_EXTERNAL_ID_SECRET", "connection-service-tests-external-id-secret")));
        String brazeMoto;
        try {
            brazeMoto = BrazeMoto.start();
            credential = starting.join();
        } catch (RuntimeException e) {
            BackgroundStart.closeWhenStarted(starting, ServiceJar.Running::close, e);
            stop();
            throw e;
        }
        return Map.of("quarkus.rest-client.credential-service.url", credential.url(),
                "s3flow.aws.endpoint-override", front.url(),
                "s3flow.service-urls.allow-list", String.join(",", ServiceJar.MOTO_URL, front.url(), brazeMoto));
    }

    @Override
    public void stop() {
        if (credential != null) {
            credential.close();
        }
        if (front != null) {
            front.close();
        }
        BrazeMoto.stop();
    }
}
