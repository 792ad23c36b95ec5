package io.s3flow.export.readback;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A stream's files read back from its folder with Apache Avro, as (gzipped) JSON Lines, or with hyparquet (Parquet).
 * Every object under the stream's folder must be in the Currents layout and named after its first event's sequence;
 * whatever is not is reported as a problem, not skipped.
 */
public final class StreamFiles {

    private static final Pattern KEY = Pattern.compile(
            "dataexport\\.s3flow\\.S3\\.integration\\.([0-9a-f-]{36})/event_type=([^/]+)/date=(\\d{4}-\\d{2}-\\d{2}-\\d{2})/\\1\\+(\\d{20})\\.(avro|jsonl|jsonl\\.gz|parquet)");
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("yyyy-MM-dd-HH");

    /** What was read: every event of every file, and what was wrong with the files themselves. */
    public record Readback(List<DeliveredEvent> events, List<String> problems, int files) {
    }

    private StreamFiles() {
    }

    /** Every file under {@code streamPrefix} (the connection's folder and the stream's, ending in '/'). */
    public static Readback read(S3Client s3, String bucket, String streamPrefix, String streamId) {
        List<DeliveredEvent> events = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        int files = 0;
        for (S3Object object : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(streamPrefix)).contents()) {
            Matcher key = KEY.matcher(object.key().substring(streamPrefix.length()));
            if (!key.matches() || !key.group(1).equals(streamId)) {
                problems.add("not a file of stream " + streamId + " in the Currents layout: " + object.key());
                continue;
            }
            files++;
            DeliveredEvent.Folder folder = new DeliveredEvent.Folder(key.group(2),
                    LocalDateTime.parse(key.group(3), HOUR).toInstant(ZoneOffset.UTC));
            List<Long> sequences = new ArrayList<>();
            if (key.group(5).equals("parquet")) {
                readParquet(ParquetFiles.read(s3, bucket, object.key()), object.key(), folder, events, sequences, problems);
            } else try (InputStream in = s3.getObject(b -> b.bucket(bucket).key(object.key()))) {
                if (key.group(5).equals("avro")) {
                    readAvro(in, object.key(), folder, events, sequences);
                } else {
                    readJsonl(key.group(5).endsWith(".gz") ? new GZIPInputStream(in) : in, object.key(), folder, events, sequences);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(object.key(), e);
            }
            long first = sequences.isEmpty() ? -1 : sequences.get(0);
            if (sequences.isEmpty()) {
                problems.add("empty file " + object.key());
            } else if (first != Long.parseLong(key.group(4)) || !increasing(sequences)) {
                problems.add("not named after its first sequence, or not in sequence order: " + object.key());
            }
        }
        return new Readback(events, problems, files);
    }

    private static void readAvro(InputStream in, String key, DeliveredEvent.Folder folder, List<DeliveredEvent> events,
            List<Long> sequences) throws IOException {
        try (DataFileStream<GenericRecord> file = new DataFileStream<>(in, new GenericDatumReader<>())) {
            for (GenericRecord record : file) {
                Object userId = record.get("userId");
                events.add(new DeliveredEvent(key, record.get("id").toString(), record.get("type").toString(),
                        Instant.ofEpochMilli((Long) record.get("time")), userId == null ? null : userId.toString(),
                        PostedEvent.JSON.readTree(record.get("properties").toString()), folder));
                sequences.add((Long) record.get("sequence"));
            }
        }
    }

    /** The Avro files' record, column for column: {@code time} in milliseconds, {@code properties} as JSON text. */
    static final List<ParquetFiles.Column> PARQUET_COLUMNS = List.of(
            new ParquetFiles.Column("id", "BYTE_ARRAY", "STRING", null, "REQUIRED"),
            new ParquetFiles.Column("type", "BYTE_ARRAY", "STRING", null, "REQUIRED"),
            new ParquetFiles.Column("time", "INT64", "TIMESTAMP", "MILLIS", "REQUIRED"),
            new ParquetFiles.Column("userId", "BYTE_ARRAY", "STRING", null, "OPTIONAL"),
            new ParquetFiles.Column("properties", "BYTE_ARRAY", "STRING", null, "REQUIRED"),
            new ParquetFiles.Column("sequence", "INT64", null, null, "REQUIRED"));

    private static void readParquet(ParquetFiles.Parquet file, String key, DeliveredEvent.Folder folder, List<DeliveredEvent> events,
            List<Long> sequences, List<String> problems) {
        if (!file.footer().columns().equals(PARQUET_COLUMNS)) {
            problems.add("columns of " + key + " are not the Avro record's: " + file.footer().columns());
        }
        for (JsonNode row : file.rows()) {
            events.add(new DeliveredEvent(key, ParquetFiles.text(row.get("id")), ParquetFiles.text(row.get("type")),
                    ParquetFiles.timestamp(row.get("time"), "millis"), ParquetFiles.text(row.get("userId")),
                    json(key, ParquetFiles.text(row.get("properties"))), folder));
            sequences.add(ParquetFiles.int64(row.get("sequence")));
        }
    }

    private static JsonNode json(String key, String text) {
        try {
            return PostedEvent.JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(key, e);
        }
    }

    private static void readJsonl(InputStream in, String key, DeliveredEvent.Folder folder, List<DeliveredEvent> events,
            List<Long> sequences) throws IOException {
        BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        for (String line; (line = lines.readLine()) != null; ) {
            JsonNode event = PostedEvent.JSON.readTree(line);
            events.add(new DeliveredEvent(key, event.get("id").asText(), event.get("type").asText(),
                    Instant.parse(event.get("time").asText()), event.get("userId").isNull() ? null : event.get("userId").asText(),
                    event.get("properties"), folder));
            sequences.add(event.get("sequence").asLong());
        }
    }

    private static boolean increasing(List<Long> sequences) {
        for (int i = 1; i < sequences.size(); i++) {
            if (sequences.get(i) <= sequences.get(i - 1)) {
                return false;
            }
        }
        return true;
    }
}
