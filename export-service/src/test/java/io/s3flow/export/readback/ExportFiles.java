package io.s3flow.export.readback;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * An export's file read back: CSV (with a header; {@link #NULL} for a missing value) or JSON Lines of the selected
 * fields, gzipped when the key ends in {@code .gz}. Fields named {@code properties.x} become the event's properties.
 */
public final class ExportFiles {

    /** The CSV null value exports read here are created with, so a missing value differs from an empty text. */
    public static final String NULL = "\\N";

    private static final CsvMapper CSV = new CsvMapper();
    private static final String PROPERTIES = "properties.";
    private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?([eE][-+]?\\d+)?");

    private ExportFiles() {
    }

    public static List<DeliveredEvent> read(S3Client s3, String bucket, String key) {
        try (InputStream raw = s3.getObject(b -> b.bucket(bucket).key(key));
                InputStream in = key.endsWith(".gz") ? new GZIPInputStream(raw) : raw) {
            return key.contains(".jsonl") ? jsonl(key, in) : csv(key, in);
        } catch (IOException e) {
            throw new UncheckedIOException(key, e);
        }
    }

    private static List<DeliveredEvent> csv(String key, InputStream in) throws IOException {
        CsvSchema schema = CsvSchema.emptySchema().withHeader().withNullValue(NULL);
        List<DeliveredEvent> events = new ArrayList<>();
        try (MappingIterator<Map<String, String>> rows = CSV.readerFor(Map.class).with(schema).readValues(in)) {
            while (rows.hasNext()) {
                ObjectNode row = PostedEvent.JSON.createObjectNode();
                rows.next().forEach((field, value) -> row.set(field, value == null ? null : typed(value)));
                events.add(event(key, row));
            }
        }
        return events;
    }

    private static List<DeliveredEvent> jsonl(String key, InputStream in) throws IOException {
        BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        List<DeliveredEvent> events = new ArrayList<>();
        for (String line; (line = lines.readLine()) != null; ) {
            events.add(event(key, (ObjectNode) PostedEvent.JSON.readTree(line)));
        }
        return events;
    }

    /** A row of selected fields as an event; a null or absent field is missing. */
    private static DeliveredEvent event(String key, ObjectNode row) {
        ObjectNode properties = PostedEvent.JSON.createObjectNode();
        for (Map.Entry<String, JsonNode> field : row.properties()) {
            if (field.getKey().startsWith(PROPERTIES) && field.getValue() != null && !field.getValue().isNull()) {
                properties.set(field.getKey().substring(PROPERTIES.length()), field.getValue());
            }
        }
        return new DeliveredEvent(key, text(row, "id"), text(row, "type"),
                text(row, "time") == null ? null : Instant.parse(text(row, "time")), text(row, "userId"), properties, null);
    }

    private static String text(ObjectNode row, String field) {
        JsonNode value = row.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    /** A CSV cell as the JSON value it was: numbers and nested values parsed, anything else text. */
    private static JsonNode typed(String value) {
        if (value.startsWith("[") || value.startsWith("{") || NUMBER.matcher(value).matches()) {
            try {
                return PostedEvent.JSON.readTree(value);
            } catch (IOException notJson) {
                // text that merely looks like JSON
            }
        }
        return PostedEvent.JSON.getNodeFactory().textNode(value);
    }
}
