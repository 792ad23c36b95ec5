package io.s3flow.export.readback;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A Parquet object read back by hyparquet under Node ({@code src/test/node/read-parquet.mjs}), a reader that shares
 * no code with the parquet-java that wrote it. Values come tagged with how they were stored: {@code {"int64": "…"}},
 * {@code {"millis": "…"}} and {@code {"micros": "…"}} for timestamps, a string, or null.
 */
public final class ParquetFiles {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path READER = Path.of("src/test/node/read-parquet.mjs");

    /** One column as the file's footer declares it. */
    public record Column(String name, String type, String logicalType, String unit, String repetition) {
    }

    /** What the footer says: rows, row groups, the pages' codecs and the columns. */
    public record Footer(long rows, int rowGroups, List<String> codecs, List<Column> columns) {
    }

    /** The footer and every row. */
    public record Parquet(Footer footer, List<ObjectNode> rows) {
    }

    private ParquetFiles() {
    }

    public static Parquet read(S3Client s3, String bucket, String key) {
        List<ObjectNode> rows = new ArrayList<>();
        Footer footer = scan(s3, bucket, key, rows::add);
        return new Parquet(footer, rows);
    }

    /** Hands each row to {@code row} as it is read, for files too big to hold. */
    public static Footer scan(S3Client s3, String bucket, String key, Consumer<ObjectNode> row) {
        if (!Files.isDirectory(READER.resolveSibling("node_modules"))) {
            throw new IllegalStateException("hyparquet is not installed in src/test/node: ./suite test installs it (npm ci)");
        }
        Path file = null;
        try {
            file = Files.createTempFile("readback", ".parquet");
            Files.delete(file);
            s3.getObject(b -> b.bucket(bucket).key(key), ResponseTransformer.toFile(file));
            Process node = new ProcessBuilder("node", READER.toString(), file.toString())
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            Footer footer;
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8))) {
                JsonNode first = JSON.readTree(lines.readLine());
                List<Column> columns = new ArrayList<>();
                first.get("columns").forEach(c -> columns.add(new Column(c.get("name").asText(), c.get("type").asText(),
                        c.get("logicalType").isNull() ? null : c.get("logicalType").asText(),
                        c.get("unit").isNull() ? null : c.get("unit").asText(), c.get("repetition").asText())));
                List<String> codecs = new ArrayList<>();
                first.get("codecs").forEach(c -> codecs.add(c.asText()));
                footer = new Footer(first.get("rows").asLong(), first.get("rowGroups").asInt(), codecs, columns);
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    row.accept((ObjectNode) JSON.readTree(line));
                }
            }
            if (node.waitFor() != 0) {
                throw new IllegalStateException("hyparquet could not read " + key + " (exit " + node.exitValue() + ")");
            }
            return footer;
        } catch (IOException e) {
            throw new UncheckedIOException(key, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            if (file != null) {
                file.toFile().delete();
            }
        }
    }

    /** An int64 value; fails unless the value was stored as one. */
    public static long int64(JsonNode value) {
        return requireTagged(value, "int64").asLong();
    }

    /** A timestamp stored in milliseconds or microseconds since the epoch; fails unless it was stored in {@code unit}. */
    public static Instant timestamp(JsonNode value, String unit) {
        long n = requireTagged(value, unit).asLong();
        return "millis".equals(unit) ? Instant.ofEpochMilli(n) : Instant.ofEpochSecond(Math.floorDiv(n, 1_000_000L),
                Math.floorMod(n, 1_000_000L) * 1000);
    }

    /** A string value or null; fails on any other type. */
    public static String text(JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new AssertionError("not stored as a string: " + value);
        }
        return value.textValue();
    }

    private static JsonNode requireTagged(JsonNode value, String tag) {
        if (value == null || !value.isObject() || !value.has(tag)) {
            throw new AssertionError("not stored as " + tag + ": " + value);
        }
        return value.get(tag);
    }
}
