package io.s3flow.export.readback;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/**
 * A gzip file checked by readers that share no code with the JVM's: {@code gzip -t} (GNU gzip), then Python's
 * {@code gzip} module for the content and Python's zlib, member by member, for how many members it holds (each
 * member's CRC-32 and length checked by zlib).
 */
public final class GzipFiles {

    /** The decompressed bytes as Python's gzip module read them, and the number of gzip members zlib found. */
    public record Read(byte[] content, int members) {
        public String text() {
            return new String(content, StandardCharsets.UTF_8);
        }
    }

    /**
     * For each file named: checks it, writes the content (as gzip.open reads it) beside it as {@code NAME.content} and
     * prints "members N" on stdout; or fails, naming the file.
     */
    private static final String PYTHON = """
            import gzip, sys, zlib
            for path in sys.argv[1:]:
                data = open(path, 'rb').read()
                content = gzip.open(path).read()
                members, rest, joined = 0, data, []
                while rest:
                    d = zlib.decompressobj(wbits=31)
                    joined.append(d.decompress(rest))
                    if not d.eof:
                        sys.exit('%s: member %d is cut short' % (path, members + 1))
                    members, rest = members + 1, d.unused_data
                if b''.join(joined) != content:
                    sys.exit('%s: zlib member by member and gzip.open disagree' % path)
                open(path + '.content', 'wb').write(content)
                print('members %d' % members)
            """;

    private GzipFiles() {
    }

    public static Read check(byte[] gzip) throws IOException, InterruptedException {
        return checkAll(List.of(gzip)).get(0);
    }

    /** Each file checked as {@link #check} does, by one gzip and one Python for them all (a process each is slow). */
    public static List<Read> checkAll(List<byte[]> gzips) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("export-gz");
        try {
            List<String> names = new ArrayList<>();
            for (int i = 0; i < gzips.size(); i++) {
                Path file = dir.resolve(i + ".gz");
                Files.write(file, gzips.get(i));
                names.add(file.toString());
            }
            Process test = new ProcessBuilder(command(List.of("gzip", "-t"), names)).redirectErrorStream(true).start();
            String said = new String(test.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (test.waitFor() != 0) {
                throw new AssertionError("gzip -t refuses the file: " + said);
            }
            Process python = new ProcessBuilder(command(List.of("python3", "-c", PYTHON), names)).start();
            CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(python.getErrorStream()));
            List<String> members = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            String errors = new String(err.join(), StandardCharsets.UTF_8).strip();
            if (python.waitFor() != 0) {
                throw new AssertionError("Python's gzip refuses the file: " + errors);
            }
            List<Read> reads = new ArrayList<>();
            for (int i = 0; i < names.size(); i++) {
                Path content = Path.of(names.get(i) + ".content");
                reads.add(new Read(Files.readAllBytes(content), Integer.parseInt(members.get(i).substring("members ".length()))));
            }
            return reads;
        } finally {
            try (Stream<Path> left = Files.list(dir)) {
                for (Path file : left.toList()) {
                    Files.delete(file);
                }
            }
            Files.delete(dir);
        }
    }

    private static List<String> command(List<String> program, List<String> files) {
        List<String> command = new ArrayList<>(program);
        command.addAll(files);
        return command;
    }

    private static byte[] readAll(InputStream in) {
        try {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
