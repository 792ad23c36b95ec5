package io.s3flow.common.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;

/**
 * Another s3flow service, run from its built jar beside a service's tests (a real process, not a mock), trusting
 * the same test keys and talking to the same test PostgreSQL and moto as the tests.
 */
public final class ServiceJar {

    /** The test moto that {@code ./suite test} starts. */
    public static final String MOTO_URL = System.getenv().getOrDefault("S3FLOW_TEST_MOTO_URL", "http://127.0.0.1:5001");

    private ServiceJar() {
    }

    /** A running service and its base URL. */
    public record Running(TestProcess process, String url) implements AutoCloseable {
        @Override
        public void close() {
            process.close();
        }
    }

    /** Starts {@code ../<module>/target/quarkus-app/quarkus-run.jar} with the common test environment plus {@code env}. */
    public static Running start(String module, Map<String, String> env) {
        Path jar = Path.of("..", module, "target/quarkus-app/quarkus-run.jar").toAbsolutePath().normalize();
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: build " + module + " first (mvn package -pl " + module + ")");
        }
        try {
            Path workDir = Files.createTempDirectory(module);
            int port = TestProcess.freePort();
            ProcessBuilder builder = new ProcessBuilder("java", "-Xmx256m", "-jar", jar.toString());
            Map<String, String> environment = builder.environment();
            environment.put("QUARKUS_HTTP_HOST", "127.0.0.1");
            environment.put("QUARKUS_HTTP_PORT", String.valueOf(port));
            environment.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", copy("test-keys/jwks.json", workDir).toString());
            environment.put("SMALLRYE_JWT_SIGN_KEY_LOCATION", copy("test-keys/service-private.pem", workDir).toString());
            environment.put("S3FLOW_AWS_ENDPOINT_OVERRIDE", MOTO_URL);
            environment.put("AWS_ACCESS_KEY_ID", "testing");
            environment.put("AWS_SECRET_ACCESS_KEY", "testing");
            environment.put("AWS_REGION", "us-east-1");
            environment.put("QUARKUS_LOG_JSON_CONSOLE_ENABLED", "false");
            environment.putAll(env);
            String url = "http://127.0.0.1:" + port;
            return new Running(TestProcess.start(builder, url + "/q/health/live", Duration.ofSeconds(90)), url);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path copy(String resource, Path dir) throws IOException {
        Path target = dir.resolve(Path.of(resource).getFileName());
        try (InputStream in = ServiceJar.class.getClassLoader().getResourceAsStream(resource)) {
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
        return target;
    }
}
