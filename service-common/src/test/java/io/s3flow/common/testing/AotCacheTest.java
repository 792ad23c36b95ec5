package io.s3flow.common.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One start records a jar's AOT cache, the others wait for nothing; once made, every start loads it. */
class AotCacheTest {

    private static final List<String> JVM = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m");

    @TempDir
    Path root;

    /** What the jar runs: nothing but a class or two loaded, then exit. */
    public static final class Main {
        public static void main(String[] args) {
            System.out.println(List.of(args).hashCode());
        }
    }

    @Test
    void oneStartRecordsAndTheCacheItMadeIsLoadedByTheNext() throws Exception {
        Path jar = jar();
        AotCache aot = AotCache.of(jar, JVM);
        AotCache.Start first = aot.start();
        assertTrue(first.recording());
        assertFalse(aot.start().recording(), "a second start while the first records runs without");
        assertEquals(List.of(), aot.start().options());

        Path cache = jar.getParent().getParent().resolve("test-aot");
        Path earlierBuilds = Files.writeString(cache.resolve("quarkus-run-1.aot"), "the cache of an earlier jar");
        run(jar, first.options());
        aot.recorded();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        AotCache.Start later = aot.start();
        while (later.options().isEmpty() && Instant.now().isBefore(deadline)) {
            Thread.sleep(200);
            later = aot.start();
        }
        assertFalse(later.recording());
        assertTrue(later.options().stream().anyMatch(o -> o.startsWith("-XX:AOTCache=" + cache)), later.options().toString());
        assertEquals(0, run(jar, later.options()), "the JVM starts with the cache it made");
        assertFalse(Files.exists(earlierBuilds), "an earlier build's cache is removed once this one's is made");
    }

    @Test
    void aStartThatRecordedNothingGivesItsTurnBack() throws IOException {
        AotCache aot = AotCache.of(jar(), JVM);
        assertTrue(aot.start().recording());
        aot.recorded();   // killed before it wrote anything
        assertTrue(aot.start().recording());
    }

    @Test
    void aRebuiltJarGetsACacheOfItsOwn() throws IOException {
        Path jar = jar();
        assertTrue(AotCache.of(jar, JVM).start().recording());
        Files.setLastModifiedTime(jar, java.nio.file.attribute.FileTime.from(Instant.now().plusSeconds(60)));
        assertTrue(AotCache.of(jar, JVM).start().recording());
    }

    private int run(Path jar, List<String> options) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(JVM);
        command.addAll(options);
        command.addAll(List.of("-jar", jar.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(root.resolve("run.log").toFile()).start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        return process.exitValue();
    }

    /** {@code <module>/target/quarkus-app/quarkus-run.jar} holding {@link Main}, as a service's build lays it out. */
    private Path jar() throws IOException {
        Path jar = Files.createDirectories(root.resolve("some-service/target/quarkus-app")).resolve("quarkus-run.jar");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, Main.class.getName());
        String entry = Main.class.getName().replace('.', '/') + ".class";
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest);
                InputStream bytes = Main.class.getClassLoader().getResourceAsStream(entry)) {
            out.putNextEntry(new JarEntry(entry));
            bytes.transferTo(out);
        }
        return jar;
    }
}
