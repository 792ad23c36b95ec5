package io.s3flow.export.scheduled;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.s3flow.common.testing.TestTokens;
import io.s3flow.export.ConnectionStack;
import io.s3flow.export.EventRows;
import io.s3flow.export.readback.ParquetFiles;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Parquet exports read back by hyparquet (not by the parquet-java that wrote them): the columns typed from the
 * selection, every value, type and null as the events had it, each codec, parts and the manifest.
 */
@QuarkusTest
@QuarkusTestResource(ConnectionStack.class)
class ParquetExportTest {

    private static final List<String> FIELDS = List.of("id", "type", "time", "userId", "sequence", "properties.text",
            "properties.address.city", "properties.missing");
    /** Text, an empty text, nesting, a number, a boolean, a JSON null: what a property column must carry. */
    private static final List<Object> VALUES = List.of("plain", "", "ünïcödé ✓ \"quoted\", with\nbreak", Map.of("city", "Zürich"),
            List.of(1, "two"), 42, -1.5, true);

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    AgroalDataSource dataSource;

    private final ExportsApi api = new ExportsApi();

    private static final List<ParquetFiles.Column> COLUMNS = List.of(
            new ParquetFiles.Column("id", "BYTE_ARRAY", "STRING", null, "REQUIRED"),
            new ParquetFiles.Column("type", "BYTE_ARRAY", "STRING", null, "REQUIRED"),
            new ParquetFiles.Column("time", "INT64", "TIMESTAMP", "MILLIS", "REQUIRED"),
            new ParquetFiles.Column("userId", "BYTE_ARRAY", "STRING", null, "OPTIONAL"),
            new ParquetFiles.Column("sequence", "INT64", null, null, "REQUIRED"),
            new ParquetFiles.Column("properties.text", "BYTE_ARRAY", "STRING", null, "OPTIONAL"),
            new ParquetFiles.Column("properties.address.city", "BYTE_ARRAY", "STRING", null, "OPTIONAL"),
            new ParquetFiles.Column("properties.missing", "BYTE_ARRAY", "STRING", null, "OPTIONAL"));

    /** Event {@code p-i} holds {@code VALUES[i]} as its text, milliseconds in its time, a user every other event. */
    private void postEvents() {
        List<Map<String, Object>> events = new ArrayList<>();
        for (int i = 0; i <= VALUES.size(); i++) {
            Map<String, Object> properties = new LinkedHashMap<>();
            properties.put("text", i < VALUES.size() ? VALUES.get(i) : null);
            if (i % 3 == 0) {
                properties.put("address", Map.of("city", "Basel, \"BS\""));
            }
            Map<String, Object> event = new LinkedHashMap<>(Map.of("id", "p-" + i, "type", "users.messages.email.Open",
                    "properties", properties, "time", time(i).toString()));
            if (i % 2 == 0) {
                event.put("userId", "user-" + i);
            }
            events.add(event);
        }
        api.postEvents(events);
    }

    private static Instant time(int i) {
        return Instant.parse("2026-11-20T10:00:00Z").plusSeconds(i).plusMillis(123L * (i % 2));
    }

    @Test
    void columnsAreTypedFromTheSelectionAndEveryValueAndNullRoundTripsInEachCodec() throws Exception {
        postEvents();
        List<String> compressions = List.of("snappy", "zstd", "gzip", "none");
        List<String> exportIds = new ArrayList<>();
        for (String compression : compressions) {
            Map<String, Object> options = new LinkedHashMap<>(Map.of("format", "parquet", "fileName", "opens_" + compression));
            if (!compression.equals("snappy")) {
                options.put("compression", compression); // snappy is the default
            }
            String exportId = api.create(FIELDS, options);
            api.api().get("/exports/" + exportId).then().statusCode(200).body("compression", equalTo(compression));
            exportIds.add(exportId);
        }
        List<JsonPath> runs = api.runAllToSuccess(exportIds);
        for (int c = 0; c < compressions.size(); c++) {
            String compression = compressions.get(c);
            JsonPath run = runs.get(c);
            String key = run.getString("files[0].key");
            assertTrue(key.endsWith("/opens_" + compression + ".parquet"), key);
            assertEquals(run.getLong("metrics.bytes"), api.bytes(key).length);
            ParquetFiles.Parquet file = ParquetFiles.read(ExportsApi.MOTO, api.bucket, key);
            assertEquals(List.of(compression.equals("none") ? "UNCOMPRESSED" : compression.toUpperCase(Locale.ROOT)), file.footer().codecs());
            assertEquals(COLUMNS, file.footer().columns(), "a column per selected field, typed");
            assertEquals(VALUES.size() + 1, file.rows().size());
            long previous = Long.MIN_VALUE;
            for (int i = 0; i <= VALUES.size(); i++) {
                ObjectNode row = file.rows().get(i);
                assertEquals(FIELDS, iterable(row), "row " + i);
                assertEquals("p-" + i, ParquetFiles.text(row.get("id")));
                assertEquals("users.messages.email.Open", ParquetFiles.text(row.get("type")));
                assertEquals(time(i), ParquetFiles.timestamp(row.get("time"), "millis"), "milliseconds kept");
                assertEquals(i % 2 == 0 ? "user-" + i : null, ParquetFiles.text(row.get("userId")));
                long sequence = ParquetFiles.int64(row.get("sequence"));
                assertTrue(sequence > previous, "in sequence order");
                previous = sequence;
                assertEquals(i < VALUES.size() ? expectedText(VALUES.get(i)) : null, ParquetFiles.text(row.get("properties.text")),
                        "row " + i + ": text as it is, anything else as its JSON, a JSON null as null");
                assertEquals(i % 3 == 0 ? "Basel, \"BS\"" : null, ParquetFiles.text(row.get("properties.address.city")));
                assertEquals(null, ParquetFiles.text(row.get("properties.missing")));
            }
        }
    }

    private static String expectedText(Object value) throws Exception {
        return value instanceof String s ? s : JSON.writeValueAsString(value);
    }

    private static List<String> iterable(ObjectNode row) {
        List<String> names = new ArrayList<>();
        row.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void partsOfMaxRowsPerFileAndTheManifestComeAsWithCsv() throws Exception {
        EventRows.insert(dataSource, TestTokens.ORG, api.sandbox, "q-", 2500, 0); // as ingestion writes them: ids q-1 … q-2500
        String exportId = api.create(List.of("id", "properties.n"), Map.of("format", "parquet", "maxRowsPerFile", 1000,
                "manifest", true, "fileName", "purchases", "folderPath", "columns"));
        JsonPath run = api.runToSuccess(exportId);
        List<String> parts = List.of("landing/columns/purchases_part-00001.parquet", "landing/columns/purchases_part-00002.parquet",
                "landing/columns/purchases_part-00003.parquet");
        assertEquals(parts, run.getList("files.key"));
        api.assertManifestLast(run);
        int n = 0;
        for (int part = 0; part < 3; part++) {
            ParquetFiles.Parquet file = ParquetFiles.read(ExportsApi.MOTO, api.bucket, parts.get(part));
            assertEquals(run.getInt("files[" + part + "].records"), file.rows().size());
            for (ObjectNode row : file.rows()) {
                n++;
                assertEquals("q-" + n, ParquetFiles.text(row.get("id")));
                assertEquals(String.valueOf(n), ParquetFiles.text(row.get("properties.n")));
            }
        }
        assertEquals(2500, n, "every event once, in order, across the parts");
    }

    @Test
    void compressionsAreCheckedPerFormat() {
        Map<String, Object> base = Map.of("name", "bad", "connectionId", api.connectionId, "select", Map.of("fields", List.of("id")));
        refuse(base, Map.of("format", "parquet", "compression", "lz4"), "[snappy, zstd, gzip, none] for parquet");
        refuse(base, Map.of("format", "csv", "compression", "zstd"), "[none, gzip] for csv");
        refuse(base, Map.of("format", "parquet", "csv", Map.of("delimiter", ";")), "csv");
    }

    private void refuse(Map<String, Object> base, Map<String, Object> change, String mentioned) {
        Map<String, Object> body = new LinkedHashMap<>(base);
        body.putAll(change);
        api.api().contentType(ContentType.JSON).body(body).post("/exports").then().statusCode(400)
                .contentType("application/problem+json").body("errorCode", notNullValue())
                .body(containsString(mentioned));
    }
}
