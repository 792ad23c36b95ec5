package io.s3flow.connection.explore;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import com.fasterxml.jackson.databind.MappingIterator;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parses the beginning of a file into a {@link Preview}. The text may be cut mid-file (a ranged read): the caller
 * passes {@code complete = false} and the last, possibly partial, record is dropped.
 */
public final class PreviewParser {

    private static final CsvMapper CSV = new CsvMapper().enable(CsvParser.Feature.WRAP_AS_ARRAY);
    private static final ObjectMapper JSON = new ObjectMapper();

    private PreviewParser() {
    }

    public static Preview delimited(String text, char delimiter, int maxRows, boolean complete) {
        String body = complete ? text : dropPartialLastLine(text);
        CsvSchema schema = CsvSchema.emptySchema().withColumnSeparator(delimiter);
        List<List<String>> rows = new ArrayList<>();
        try (MappingIterator<List<String>> it = CSV.readerForListOf(String.class).with(schema).readValues(body)) {
            while (it.hasNextValue() && rows.size() <= maxRows) {
                long line = it.getCurrentLocation().getLineNr();
                List<String> row = it.nextValue();
                if (!rows.isEmpty() && row.size() != rows.get(0).size()) {
                    throw new UnparseableFile(line, "expected " + rows.get(0).size() + " fields, found " + row.size());
                }
                rows.add(row);
            }
        } catch (UnparseableFile e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // a ranged read can end inside a quoted field; the complete rows before it still make a preview
            if (complete || rows.size() < 2) {
                throw new UnparseableFile(lineOf(e), "not valid delimited text");
            }
        }
        if (rows.isEmpty()) {
            return new Preview(List.of(), List.of());
        }
        List<String> header = rows.get(0);
        List<Map<String, Object>> data = new ArrayList<>();
        for (List<String> row : rows.subList(1, rows.size())) {
            Map<String, Object> record = new LinkedHashMap<>();
            for (int i = 0; i < header.size(); i++) {
                record.put(header.get(i), row.get(i));
            }
            data.add(record);
        }
        return new Preview(schemaOf(header, data), data);
    }

    /** A JSON array of objects, or JSON Lines (one object a line). */
    public static Preview json(String text, int maxRows, boolean complete) {
        String trimmed = text.stripLeading();
        List<Map<String, Object>> data = trimmed.startsWith("[") ? jsonArray(trimmed, maxRows, complete) : jsonLines(text, maxRows, complete);
        Set<String> names = new LinkedHashSet<>();
        data.forEach(r -> names.addAll(r.keySet()));
        return new Preview(schemaOf(new ArrayList<>(names), data), data);
    }

    private static List<Map<String, Object>> jsonArray(String text, int maxRows, boolean complete) {
        List<Map<String, Object>> data = new ArrayList<>();
        try (JsonParser parser = JSON.createParser(text)) {
            parser.nextToken();
            while (data.size() < maxRows) {
                JsonToken token = parser.nextToken();
                if (token == null || token == JsonToken.END_ARRAY) {
                    break;
                }
                if (token != JsonToken.START_OBJECT) {
                    throw new UnparseableFile(parser.currentLocation().getLineNr(), "array elements must be objects");
                }
                data.add(record(JSON.readTree(parser)));
            }
        } catch (IOException e) {
            if (complete || !(e instanceof com.fasterxml.jackson.core.io.JsonEOFException)) {
                throw new UnparseableFile(lineOf(e), "not valid JSON");
            }
            // the ranged read ended inside an element: the elements before it are the preview
        }
        return data;
    }

    private static List<Map<String, Object>> jsonLines(String text, int maxRows, boolean complete) {
        String body = complete ? text : dropPartialLastLine(text);
        List<Map<String, Object>> data = new ArrayList<>();
        String[] lines = body.split("\r?\n");
        for (int i = 0; i < lines.length && data.size() < maxRows; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            try {
                JsonNode node = JSON.readTree(lines[i]);
                if (!(node instanceof ObjectNode)) {
                    throw new UnparseableFile(i + 1, "each line must be a JSON object");
                }
                data.add(record(node));
            } catch (IOException e) {
                throw new UnparseableFile(i + 1, "not valid JSON");
            }
        }
        return data;
    }

    private static Map<String, Object> record(JsonNode node) {
        Map<String, Object> record = new LinkedHashMap<>();
        node.fields().forEachRemaining(f -> record.put(f.getKey(), JSON.convertValue(f.getValue(), Object.class)));
        return record;
    }

    private static List<Preview.Column> schemaOf(List<String> names, List<Map<String, Object>> data) {
        List<Preview.Column> columns = new ArrayList<>();
        for (String name : names) {
            List<String> values = new ArrayList<>();
            boolean nested = false;
            for (Map<String, Object> row : data) {
                Object v = row.get(name);
                nested |= v instanceof Map || v instanceof List;
                values.add(v == null ? null : v.toString());
            }
            columns.add(new Preview.Column(name, nested ? "string" : TypeInference.of(values).label()));
        }
        return columns;
    }

    private static String dropPartialLastLine(String text) {
        int end = text.lastIndexOf('\n');
        return end < 0 ? "" : text.substring(0, end + 1);
    }

    private static long lineOf(Exception e) {
        if (e instanceof JsonParseException p && p.getLocation() != null) {
            return p.getLocation().getLineNr();
        }
        if (e instanceof com.fasterxml.jackson.core.JsonProcessingException p && p.getLocation() != null) {
            return p.getLocation().getLineNr();
        }
        return 1;
    }
}
