package io.s3flow.common.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Another s3flow service, run from its built jar beside a service's tests (a real process, not a mock), trusting
 * the same test keys and talking to the same test PostgreSQL and moto as the tests.
 */
public final class ServiceJar {

    /** The test moto that {@code ./suite test} starts (or the one of a JVM that runs beside surefire's). */
    public static final String MOTO_URL = setting("S3FLOW_TEST_MOTO_URL", "http://127.0.0.1:5001");

    /** Quarkus's start-up line names the port it bound. */
    private static final Pattern LISTENING = Pattern.compile("Listening on: http://[^:/\\s]+:(\\d+)");

    private ServiceJar() {
    }

    /**
     * A setting of the test environment ({@code S3FLOW_TEST_PG_PORT}, {@code S3FLOW_TEST_MOTO_URL}): a system property
     * of that name, which a JVM running beside surefire's sets for servers of its own, else the environment variable
     * {@code ./suite test} sets, else {@code fallback}. Quarkus's configuration resolves {@code ${NAME:fallback}} in the
     * same order.
     */
    public static String setting(String name, String fallback) {
        return System.getProperty(name, System.getenv().getOrDefault(name, fallback));
    }

    /** The java and heap every service runs with here; its AOT cache is made with the same. */
    private static final List<String> JVM = List.of("java", "-Xmx256m");

    /** A running service and its base URL. */
    public record Running(TestProcess process, String url, boolean recording) implements AutoCloseable {
        @Override
        public void close() {
            // a recording JVM writes what it recorded as it exits: a few seconds more (longer on a loaded machine)
            process.close(Duration.ofSeconds(recording ? 90 : 10));
        }
    }

    /**
     * Starts {@code ../<module>/target/quarkus-app/quarkus-run.jar} with the common test environment plus {@code env}.
     * The service binds a free port itself (port 0) and says which in its start-up line.
     */
    public static Running start(String module, Map<String, String> env) {
        Path jar = freshJar(Path.of("..").toAbsolutePath().normalize(), module);
        try {
            Path workDir = Files.createTempDirectory(module);
            AotCache aot = AotCache.of(jar, JVM);
            AotCache.Start start = aot.start();
            List<String> command = new ArrayList<>(JVM);
            command.addAll(start.options());
            command.addAll(List.of("-jar", jar.toString()));
            ProcessBuilder builder = new ProcessBuilder(command);
            Map<String, String> environment = builder.environment();
            environment.put("QUARKUS_HTTP_HOST", "127.0.0.1");
            environment.put("QUARKUS_HTTP_PORT", "0");
            environment.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", copy("test-keys/jwks.json", workDir).toString());
            environment.put("SMALLRYE_JWT_SIGN_KEY_LOCATION", copy("test-keys/service-private.pem", workDir).toString());
            environment.put("S3FLOW_AWS_ENDPOINT_OVERRIDE", MOTO_URL);
            environment.put("AWS_ACCESS_KEY_ID", "testing");
            environment.put("AWS_SECRET_ACCESS_KEY", "testing");
            environment.put("AWS_REGION", "us-east-1");
            environment.put("QUARKUS_LOG_JSON_CONSOLE_ENABLED", "false");
            environment.putAll(env);
            TestProcess service;
            try {
                service = TestProcess.listening(builder, LISTENING, "/q/health/live", Duration.ofSeconds(90), status -> status == 200);
            } catch (RuntimeException notStarted) {
                if (start.recording()) {
                    aot.recorded();
                }
                throw notStarted;
            }
            if (start.recording()) {
                service.onExit(aot::recorded);
            }
            return new Running(service, service.url(), start.recording());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The module's built jar, refused when missing or older than the module's (or service-common's) main sources: a
     * module's tests run alone would otherwise test a sibling as it was at some earlier build.
     */
    static Path freshJar(Path root, String module) {
        Path jar = root.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
        String rebuild = "build it first: mvn -B -q package -DskipTests -pl " + module + " -am (or run ./suite test over the modules together)";
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: " + rebuild);
        }
        try {
            FileTime built = Files.getLastModifiedTime(jar);
            for (Path sources : List.of(root.resolve(module).resolve("src/main"), root.resolve(module).resolve("pom.xml"),
                    root.resolve("service-common/src/main"), root.resolve("service-common/pom.xml"), root.resolve("pom.xml"))) {
                Optional<Path> newer = newerThan(sources, built);
                if (newer.isPresent()) {
                    throw new IllegalStateException(jar + " is older than " + newer.get() + ": " + rebuild);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return jar;
    }

    private static Optional<Path> newerThan(Path sources, FileTime built) throws IOException {
        if (!Files.exists(sources)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.walk(sources)) {
            return files.filter(Files::isRegularFile).filter(file -> {
                try {
                    return Files.getLastModifiedTime(file).compareTo(built) > 0;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).findFirst();
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
