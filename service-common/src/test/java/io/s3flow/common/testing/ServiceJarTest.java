package io.s3flow.common.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A sibling's jar is run only if it was built after its sources last changed. */
class ServiceJarTest {

    @TempDir
    Path root;

    @Test
    void aJarNewerThanEverySourceIsRun() throws IOException {
        Path jar = layout(Instant.parse("2026-01-01T10:00:00Z"), Instant.parse("2026-01-01T11:00:00Z"));
        assertEquals(jar, ServiceJar.freshJar(root, "some-service"));
    }

    @Test
    void aJarOlderThanAModuleSourceIsRefusedNamingTheSource() throws IOException {
        layout(Instant.parse("2026-01-01T12:00:00Z"), Instant.parse("2026-01-01T11:00:00Z"));
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> ServiceJar.freshJar(root, "some-service"));
        assertTrue(refused.getMessage().contains("Service.java") && refused.getMessage().contains("-pl some-service"),
                refused.getMessage());
    }

    @Test
    void aJarOlderThanTheSharedModuleIsRefused() throws IOException {
        layout(Instant.parse("2026-01-01T10:00:00Z"), Instant.parse("2026-01-01T11:00:00Z"));
        Path shared = Files.createDirectories(root.resolve("service-common/src/main/java")).resolve("Shared.java");
        Files.writeString(shared, "class Shared {}");
        Files.setLastModifiedTime(shared, FileTime.from(Instant.parse("2026-01-01T12:00:00Z")));
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> ServiceJar.freshJar(root, "some-service"));
        assertTrue(refused.getMessage().contains("Shared.java"), refused.getMessage());
    }

    @Test
    void aMissingJarIsRefused() {
        assertThrows(IllegalStateException.class, () -> ServiceJar.freshJar(root, "never-built"));
    }

    /** A module with one source changed at {@code source} and its jar built at {@code built}; returns the jar. */
    private Path layout(Instant source, Instant built) throws IOException {
        Path java = Files.createDirectories(root.resolve("some-service/src/main/java")).resolve("Service.java");
        Files.writeString(java, "class Service {}");
        Files.setLastModifiedTime(java, FileTime.from(source));
        Path jar = Files.createDirectories(root.resolve("some-service/target/quarkus-app")).resolve("quarkus-run.jar");
        Files.writeString(jar, "jar");
        Files.setLastModifiedTime(jar, FileTime.from(built));
        return jar;
    }
}
