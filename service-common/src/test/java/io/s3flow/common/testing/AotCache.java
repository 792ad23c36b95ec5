package io.s3flow.common.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The JVM's AOT cache (Java 25) of a service jar that tests start many times (about 25 starts in {@code ./suite test}).
 * The first start that finds none records the classes it loads and their profiles while its test uses it
 * ({@code -XX:AOTMode=record}); once it has stopped, a JVM of its own turns that into the cache in the background
 * ({@code -XX:AOTMode=create}), and later starts load it ({@code -XX:AOTCache}): the service then reaches ready on less
 * than half the CPU. Same jar, same code and configuration: only how the JVM loads the classes changes, as in the images
 * (which ship such a cache). Kept under the module's {@code target/test-aot}, keyed by the jar's time, so that a rebuilt
 * jar gets a cache of its own; the JVM also refuses a cache whose class path changed, and then starts without one.
 */
final class AotCache {

    /** One start's JVM options, and whether it is the start that records. */
    record Start(List<String> options, boolean recording) {
    }

    private static final Start WITHOUT = new Start(List.of(), false);

    private final Path jar;
    private final List<String> jvm;
    private final Path cache;
    private final Path configuration;
    private final Path claim;

    private AotCache(Path jar, List<String> jvm, Path dir, String key) {
        this.jar = jar;
        this.jvm = jvm;
        this.cache = dir.resolve(key + ".aot");
        this.configuration = dir.resolve(key + ".aotconf");
        this.claim = dir.resolve(key + ".recording");
    }

    /** The cache of {@code <module>/target/quarkus-app/quarkus-run.jar} started with {@code jvm} (java and its heap options). */
    static AotCache of(Path jar, List<String> jvm) {
        try {
            Path dir = jar.getParent().getParent().resolve("test-aot");
            return new AotCache(jar, jvm, dir, "quarkus-run-" + Files.getLastModifiedTime(jar).toMillis());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Load the cache when it exists; else record one, unless another start already does (then neither). */
    Start start() {
        // the flags are Java 25's: an older java on the PATH ignores them and starts as before
        if (Files.exists(cache)) {
            return new Start(List.of("-XX:+IgnoreUnrecognizedVMOptions", "-XX:AOTCache=" + cache), false);
        }
        try {
            Files.createDirectories(claim.getParent());
            Files.createFile(claim);
        } catch (FileAlreadyExistsException recordedElsewhere) {
            return WITHOUT;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Start(List.of("-XX:+IgnoreUnrecognizedVMOptions", "-XX:AOTMode=record", "-XX:AOTConfiguration=" + configuration), true);
    }

    /**
     * After the recording start has exited: the cache made from what it recorded, by a JVM that runs no application,
     * beside the tests; or, when nothing was recorded (killed before it could write), the claim given back so that a
     * later start records.
     */
    void recorded() {
        try {
            if (!Files.exists(configuration) || Files.size(configuration) == 0) {
                Files.deleteIfExists(claim);
                return;
            }
            Path made = Files.createTempFile(cache.getParent(), "made", ".aot");
            List<String> command = new ArrayList<>(List.of("sh", "-c",
                    // in a shell of its own, so that the cache is kept even when the tests' JVM has ended meanwhile;
                    // at the lowest priority, so that it takes no CPU from the tests; the caches of the jar's earlier
                    // builds (66-92 MB each) go as this one's is kept
                    "nice -n 19 \"$@\" && [ -s \"$MADE\" ] && rm -f \"$DIR\"/quarkus-run-*.aot && mv -f \"$MADE\" \"$CACHE\"; rm -f \"$MADE\" \"$CONF\"",
                    "create"));
            command.addAll(jvm);
            command.addAll(List.of("-XX:AOTMode=create", "-XX:AOTConfiguration=" + configuration, "-XX:AOTCache=" + made,
                    "-jar", jar.toString()));
            ProcessBuilder create = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(cache.resolveSibling(cache.getFileName() + ".log").toFile());
            create.environment().putAll(Map.of("MADE", made.toString(), "CACHE", cache.toString(), "CONF", configuration.toString(),
                    "DIR", cache.getParent().toString()));
            create.start();
        } catch (IOException e) {
            // no cache: later starts run without one, as before
        }
    }
}
