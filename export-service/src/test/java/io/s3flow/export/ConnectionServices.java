package io.s3flow.export;

import io.s3flow.common.testing.ServiceJar;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The real credential-service and connection-service, from their built jars: export → connection → credential, as
 * in production. connection-service keeps its connections in the PostgreSQL on {@code postgresPort} and lets
 * connections name the {@code serviceUrls}. Both reach AWS at {@code aws} (the test moto when null); credential-service
 * assumes roles through the STS at {@code sts} ({@code aws} when null).
 */
public record ConnectionServices(ServiceJar.Running credential, ServiceJar.Running connection) implements AutoCloseable {

    public static ConnectionServices start(String postgresPort, List<String> serviceUrls, String aws, String sts) {
        return startConnection(postgresPort, serviceUrls, aws, startCredential(aws, sts));
    }

    /** credential-service alone: it needs nothing of connection-service's, so it may start while other servers do. */
    public static ServiceJar.Running startCredential(String aws, String sts) {
        String awsEndpoint = aws == null ? ServiceJar.MOTO_URL : aws;
        return ServiceJar.start("credential-service", Map.of(
                "S3FLOW_AWS_ENDPOINT_OVERRIDE", sts == null ? awsEndpoint : sts,
                "S3FLOW_PLATFORM_ROLE_ARN", "arn:aws:iam::123456789012:role/s3flow-platform",
                "S3FLOW_EXTERNAL_ID_SECRET", "export-service-tests-external-id-secret"));
    }

    /** connection-service in front of a running {@code credential}, which is closed if connection-service fails to start. */
    public static ConnectionServices startConnection(String postgresPort, List<String> serviceUrls, String aws,
            ServiceJar.Running credential) {
        try {
            ServiceJar.Running connection = ServiceJar.start("connection-service", Map.of(
                    "S3FLOW_AWS_ENDPOINT_OVERRIDE", aws == null ? ServiceJar.MOTO_URL : aws,
                    "S3FLOW_DB_HOST", "127.0.0.1",
                    "S3FLOW_DB_PORT", postgresPort,
                    "S3FLOW_MASTER_KEY_FILE", masterKey().toString(),
                    "S3FLOW_CREDENTIAL_SERVICE_URL", credential.url(),
                    "S3FLOW_SERVICE_URL_ALLOW_LIST", String.join(",", serviceUrls)));
            return new ConnectionServices(credential, connection);
        } catch (RuntimeException e) {
            credential.close();
            throw e;
        }
    }

    public String connectionUrl() {
        return connection.url();
    }

    @Override
    public void close() {
        connection.close();
        credential.close();
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
