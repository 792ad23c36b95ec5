package io.s3flow.connection;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.s3flow.common.testing.TestProcess;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;

/**
 * The real credential-service, run from its built jar beside connection-service's tests (connection-service calls
 * it; nothing here is a mock). It trusts the same test keys and talks to the same test moto.
 */
public class CredentialServiceProcess implements QuarkusTestResourceLifecycleManager {

    static final String PLATFORM_ROLE = "arn:aws:iam::123456789012:role/s3flow-platform";
    private static final Path JAR = Path.of("../credential-service/target/quarkus-app/quarkus-run.jar").toAbsolutePath().normalize();

    private TestProcess process;
    private Path workDir;

    @Override
    public Map<String, String> start() {
        if (!Files.exists(JAR)) {
            throw new IllegalStateException(JAR + " is missing: build credential-service first (mvn package -pl credential-service)");
        }
        try {
            workDir = Files.createTempDirectory("credential-service");
            Path jwks = copy("test-keys/jwks.json");
            Path signingKey = copy("test-keys/service-private.pem");
            int port = TestProcess.freePort();
            ProcessBuilder builder = new ProcessBuilder("java", "-Xmx256m", "-jar", JAR.toString());
            Map<String, String> env = builder.environment();
            env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
            env.put("QUARKUS_HTTP_PORT", String.valueOf(port));
            env.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", jwks.toString());
            env.put("SMALLRYE_JWT_SIGN_KEY_LOCATION", signingKey.toString());
            env.put("S3FLOW_PLATFORM_ROLE_ARN", PLATFORM_ROLE);
            env.put("S3FLOW_EXTERNAL_ID_SECRET", "connection-service-tests-external-id-secret");
            env.put("S3FLOW_AWS_ENDPOINT_OVERRIDE", System.getenv().getOrDefault("S3FLOW_TEST_MOTO_URL", "http://127.0.0.1:5001"));
            env.put("AWS_ACCESS_KEY_ID", "testing");
            env.put("AWS_SECRET_ACCESS_KEY", "testing");
            env.put("AWS_REGION", "us-east-1");
            env.put("QUARKUS_LOG_JSON_CONSOLE_ENABLED", "false");
            String url = "http://127.0.0.1:" + port;
            process = TestProcess.start(builder, url + "/q/health/live", Duration.ofSeconds(60));
            return Map.of("quarkus.rest-client.credential-service.url", url);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        if (process != null) {
            process.close();
        }
    }

    private Path copy(String resource) throws IOException {
        Path target = workDir.resolve(Path.of(resource).getFileName());
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(resource)) {
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
        return target;
    }
}
