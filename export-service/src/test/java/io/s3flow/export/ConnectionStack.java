package io.s3flow.export;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.s3flow.common.testing.ServiceJar;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

/**
 * The real connection-service and credential-service, from their built jars, beside export-service's tests:
 * export → connection → credential, as in production, against the test PostgreSQL and moto.
 */
public class ConnectionStack implements QuarkusTestResourceLifecycleManager {

    /** connection-service's URL, for tests that create connections directly. */
    public static volatile String connectionServiceUrl;

    private ServiceJar.Running credential;
    private ServiceJar.Running connection;

    @Override
    public Map<String, String> start() {
        credential = ServiceJar.start("credential-service", Map.of(
                "S3FLOW_PLATFORM_ROLE_ARN", "arn:aws:iam::123456789012:role/s3flow-platform",
                "S3FLOW_EXTERNAL_ID_SECRET", "export-service-tests-external-id-secret"));
        connection = ServiceJar.start("connection-service", Map.of(
                "S3FLOW_DB_HOST", "127.0.0.1",
                "S3FLOW_DB_PORT", System.getenv().getOrDefault("S3FLOW_TEST_PG_PORT", "55433"),
                "S3FLOW_MASTER_KEY_FILE", masterKey().toString(),
                "S3FLOW_CREDENTIAL_SERVICE_URL", credential.url(),
                "S3FLOW_SERVICE_URL_ALLOW_LIST", ServiceJar.MOTO_URL));
        connectionServiceUrl = connection.url();
        return Map.of("quarkus.rest-client.connection-service.url", connection.url());
    }

    @Override
    public void stop() {
        if (connection != null) {
            connection.close();
        }
        if (credential != null) {
            credential.close();
        }
    }

    private static Path masterKey() {
        try {
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            Path file = Files.createTempFile("master-key", "");
            Files.writeString(file, Base64.getEncoder().encodeToString(key));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
