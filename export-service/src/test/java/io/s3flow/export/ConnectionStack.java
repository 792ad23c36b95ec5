package io.s3flow.export;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.s3flow.common.testing.IamMoto;
import io.s3flow.common.testing.ServiceJar;
import io.s3flow.common.testing.TestProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
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

    /** The bucket in {@link #iamMoto} that {@link #currents} may write (Braze's Currents policy). */
    public static final String IAM_BUCKET = "currents-iam";

    /** connection-service's URL, for tests that create connections directly. */
    public static volatile String connectionServiceUrl;
    /** A moto that enforces IAM, with a user holding the Braze Currents policy on {@link #IAM_BUCKET}. */
    public static volatile IamMoto iamMoto;
    public static volatile IamMoto.Keys currents;
    /** An S3 server that refuses unknown access keys. */
    public static volatile S3ProxyServer s3proxy;
    /** The test moto behind a forwarder a test can cut, as if S3 were down. */
    public static volatile TcpForwarder flakyMoto;

    private ServiceJar.Running credential;
    private ServiceJar.Running connection;

    @Override
    public Map<String, String> start() {
        iamMoto = IamMoto.start();
        iamMoto.createBucket(IAM_BUCKET);
        currents = iamMoto.createUser("currents", IamMoto.policy("iam/braze-currents-policy.json", IAM_BUCKET));
        iamMoto.enforce();
        s3proxy = S3ProxyServer.start();
        flakyMoto = new TcpForwarder(TestProcess.freePort(), URI.create(ServiceJar.MOTO_URL).getPort());
        credential = ServiceJar.start("credential-service", Map.of(
                "S3FLOW_PLATFORM_ROLE_ARN", "arn:aws:iam::123456789012:role/s3flow-platform",
                "S3FLOW_EXTERNAL_ID_SECRET", "export-service-tests-external-id-secret"));
        String allowList = String.join(",", ServiceJar.MOTO_URL, iamMoto.url(), flakyMoto.url(), s3proxy.url());
        connection = ServiceJar.start("connection-service", Map.of(
                "S3FLOW_DB_HOST", "127.0.0.1",
                "S3FLOW_DB_PORT", System.getenv().getOrDefault("S3FLOW_TEST_PG_PORT", "55433"),
                "S3FLOW_MASTER_KEY_FILE", masterKey().toString(),
                "S3FLOW_CREDENTIAL_SERVICE_URL", credential.url(),
                "S3FLOW_SERVICE_URL_ALLOW_LIST", allowList));
        connectionServiceUrl = connection.url();
        return Map.of("quarkus.rest-client.connection-service.url", connection.url(), "s3flow.service-urls.allow-list", allowList);
    }

    @Override
    public void stop() {
        if (connection != null) {
            connection.close();
        }
        if (credential != null) {
            credential.close();
        }
        if (iamMoto != null) {
            iamMoto.close();
        }
        if (s3proxy != null) {
            s3proxy.close();
        }
        if (flakyMoto != null) {
            flakyMoto.close();
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
