package io.s3flow.export.readback;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;

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

    /** Prints "members N" on stderr's last line and the content (as gzip.open reads it) on stdout, or fails. */
    private static final String PYTHON = """
            import gzip, sys, zlib
            data = open(sys.argv[1], 'rb').read()
            content = gzip.open(sys.argv[1]).read()
            members, rest, joined = 0, data, []
            while rest:
                d = zlib.decompressobj(wbits=31)
                joined.append(d.decompress(rest))
                if not d.eof:
                    sys.exit('member %d is cut short' % (members + 1))
                members, rest = members + 1, d.unused_data
            if b''.join(joined) != content:
                sys.exit('zlib member by member and gzip.open disagree')
            sys.stdout.buffer.write(content)
            print('members %d' % members, file=sys.stderr)
            """;

    private GzipFiles() {
    }

    public static Read check(byte[] gzip) throws IOException, InterruptedException {
        Path file = Files.createTempFile("export-", ".gz");
        try {
            Files.write(file, gzip);
            Process test = new ProcessBuilder("gzip", "-t", file.toString()).redirectErrorStream(true).start();
            String said = new String(test.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (test.waitFor() != 0) {
                throw new AssertionError("gzip -t refuses the file: " + said);
            }
            Process python = new ProcessBuilder("python3", "-c", PYTHON, file.toString()).start();
            CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(python.getErrorStream()));
            byte[] content = python.getInputStream().readAllBytes();
            String errors = new String(err.join(), StandardCharsets.UTF_8).strip();
            if (python.waitFor() != 0) {
                throw new AssertionError("Python's gzip refuses the file: " + errors);
            }
            List<String> lines = errors.lines().toList();
            return new Read(content, Integer.parseInt(lines.get(lines.size() - 1).substring("members ".length())));
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static byte[] readAll(InputStream in) {
        try {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
