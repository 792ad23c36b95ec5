package io.s3flow.export.scheduled;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.s3flow.common.testing.TestTokens;
import io.s3flow.export.ConnectionStack;
import io.s3flow.export.EventRows;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/** File exports end to end: formats, quoting, macros, splitting, manifests, filters and the API's refusals. */
@QuarkusTest
@QuarkusTestResource(ConnectionStack.class)
class ExportFilesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Values a delimited file must carry unharmed: delimiters, quotes, line breaks, tabs, non-ASCII, nesting. */
    private static final List<Object> AWKWARD = List.of("plain", "comma, inside", "quote \" inside", "line\nbreak",
            "tab\tinside", "ünïcödé ✓", " padded ", "", Map.of("city", "Zürich", "zip", "8001"), List.of(1, 2), 42, true);
    private static final List<String> FIELDS = List.of("id", "type", "time", "userId", "properties.text", "properties.address.city",
            "properties.missing");

    @Inject
    AgroalDataSource dataSource;

    private final ExportsApi api = new ExportsApi();

    private void postAwkwardEvents() {
        List<Map<String, Object>> events = new ArrayList<>();
        for (int i = 0; i < AWKWARD.size(); i++) {
            Map<String, Object> properties = new LinkedHashMap<>();
            properties.put("text", AWKWARD.get(i));
            if (i % 2 == 0) {
                properties.put("address", Map.of("city", "Basel, \"BS\""));
            }
            Map<String, Object> event = new LinkedHashMap<>(Map.of("id", "e-" + i, "type", "users.messages.email.Open",
                    "properties", properties, "time", "2026-11-20T10:00:0" + (i % 10) + "Z"));
            if (i % 3 == 0) {
                event.put("userId", "user-" + i);
            }
            events.add(event);
        }
        api.postEvents(events);
    }

    /** What a delimited cell must read back as: the value's text, nested values as JSON, a missing one as the null value. */
    private static String expectedText(Object value) throws Exception {
        return value instanceof String s ? s : JSON.writeValueAsString(value);
    }

    private static List<Map<String, String>> parse(String content, char delimiter) throws Exception {
        CsvMapper csv = new CsvMapper();
        csv.enable(CsvParser.Feature.WRAP_AS_ARRAY);
        CsvSchema schema = CsvSchema.emptySchema().withHeader().withColumnSeparator(delimiter);
        try (MappingIterator<Map<String, String>> rows = csv.readerFor(Map.class).with(schema).readValues(content)) {
            return rows.readAll();
        }
    }

    private void assertAwkwardRows(List<Map<String, String>> rows, String nullValue) throws Exception {
        assertEquals(AWKWARD.size(), rows.size());
        for (int i = 0; i < AWKWARD.size(); i++) {
            Map<String, String> row = rows.get(i);
            assertEquals(List.copyOf(FIELDS), List.copyOf(row.keySet()), "the header names the selected fields in order");
            assertEquals("e-" + i, row.get("id"));
            assertEquals("users.messages.email.Open", row.get("type"));
            assertEquals("2026-11-20T10:00:0" + (i % 10) + "Z", row.get("time"));
            assertEquals(i % 3 == 0 ? "user-" + i : nullValue, row.get("userId"));
            assertEquals(expectedText(AWKWARD.get(i)), row.get("properties.text"), "row " + i + " round-trips");
            assertEquals(i % 2 == 0 ? "Basel, \"BS\"" : nullValue, row.get("properties.address.city"));
            assertEquals(nullValue, row.get("properties.missing"));
        }
    }

    @Test
    void csvRoundTripsEveryAwkwardValueAndMacrosNameTheFile() throws Exception {
        postAwkwardEvents();
        String exportId = api.create(FIELDS, Map.of("folderPath", "exports/%DESTINATION_NAME%/%SANDBOX_NAME%",
                "fileName", "%SEGMENT_NAME%_%CUSTOM_TEXT(opens)%_%TIMESTAMP%", "csv", Map.of("nullValue", "NULL")));
        JsonPath run = api.runToSuccess(exportId);
        String runTime = run.getString("runTime");
        String key = "landing/exports/currents_bucket/" + api.sandbox + "/daily_opens_opens_" + Instant.parse(runTime).getEpochSecond() + ".csv";
        assertEquals(List.of(key), api.keys("landing/exports/"), "macros resolved as documented, nothing else written");
        assertEquals(key, run.getString("files[0].key"));
        assertEquals(AWKWARD.size(), run.getInt("metrics.records.output"));
        assertEquals(AWKWARD.size(), run.getInt("metrics.records.input"));
        assertEquals(0, run.getInt("metrics.records.failed"));
        assertEquals(run.getLong("metrics.bytes"), api.bytes(key).length);
        String content = api.read(key);
        assertAwkwardRows(parse(content, ','), "NULL");
        assertTrue(content.contains(",users.messages.email.Open,"), "a plain value is not quoted, however long");
    }

    @Test
    void tsvIsTabSeparatedWithTxtAndGzipDecompresses() throws Exception {
        postAwkwardEvents();
        String exportId = api.create(FIELDS, Map.of("format", "tsv", "compression", "gzip", "fileName", "opens_%RUN_ID%"));
        JsonPath run = api.runToSuccess(exportId);
        String key = run.getString("files[0].key");
        assertTrue(key.endsWith("/opens_" + run.getString("runId") + ".txt.gz"), key);
        String content = api.read(key);
        assertTrue(content.startsWith(String.join("\t", FIELDS) + "\n"), "a tab-separated header: " + content.lines().findFirst());
        assertAwkwardRows(parse(content, '\t'), "");
    }

    @Test
    void jsonLinesKeepTypesAndNullsAndFiltersApply() throws Exception {
        postAwkwardEvents();
        String exportId = api.create(List.of("id", "properties.text", "properties.address", "sequence"), Map.of("format", "jsonl",
                "select", Map.of("fields", List.of("id", "properties.text", "properties.address", "sequence"),
                        "eventTypes", List.of("users.messages.email.Open"),
                        "where", List.of(Map.of("field", "properties.address.city", "op", "exists"),
                                Map.of("field", "id", "op", "in", "value", List.of("e-0", "e-2", "e-4", "e-5"))))));
        JsonPath run = api.runToSuccess(exportId);
        String key = run.getString("files[0].key");
        assertTrue(key.endsWith(".jsonl"), key);
        List<JsonNode> lines = new ArrayList<>();
        for (String line : api.read(key).split("\n")) {
            lines.add(JSON.readTree(line));
        }
        // e-5 has no address: the exists condition drops it; e-1, e-3 are not in the list
        assertEquals(List.of("e-0", "e-2", "e-4"), lines.stream().map(l -> l.get("id").asText()).toList());
        assertEquals("plain", lines.get(0).get("properties.text").asText());
        assertEquals(JSON.valueToTree(Map.of("city", "Basel, \"BS\"")), lines.get(0).get("properties.address"), "nested values stay JSON");
        assertTrue(lines.get(1).get("sequence").isNumber());
        assertEquals(3, run.getInt("metrics.records.output"));
    }

    @Test
    void maxRowsPerFileSplitsIntoPartsAndTheManifestComesLast() throws Exception {
        EventRows.insert(dataSource, TestTokens.ORG, api.sandbox, "m-", 2500, 0); // the split is the subject, not ingestion
        String exportId = api.create(List.of("id", "properties.n"), Map.of("maxRowsPerFile", 1000, "manifest", true,
                "fileName", "purchases", "folderPath", "split", "serverSideEncryption", "AES256"));
        JsonPath run = api.runToSuccess(exportId);
        String runId = run.getString("runId");
        List<String> parts = List.of("landing/split/purchases_part-00001.csv", "landing/split/purchases_part-00002.csv",
                "landing/split/purchases_part-00003.csv");
        assertEquals(parts, run.getList("files.key"));
        String manifestKey = "landing/split/manifest-" + exportId + "-" + runId + ".json";
        assertEquals(manifestKey, run.getString("manifest.key"));
        List<String> everything = new ArrayList<>(parts);
        everything.add(manifestKey);
        assertEquals(new TreeSet<>(everything), new TreeSet<>(api.keys("landing/split/")), "the parts and the manifest, nothing else");
        api.assertManifestLast(run);
        List<Integer> records = new ArrayList<>();
        for (int part = 0; part < 3; part++) {
            String key = parts.get(part);
            records.add(run.getInt("files[" + part + "].records"));
            assertEquals(run.getInt("files[" + part + "].records"), parse(api.read(key), ',').size());
            assertEquals("AES256", ExportsApi.MOTO.headObject(b -> b.bucket(api.bucket).key(key)).serverSideEncryptionAsString());
        }
        assertEquals(List.of(1000, 1000, 500), records);
    }

    @Test
    void eachFileIsListedWithItsCrc32WithoutAManifestAndItsSha256WithOne() throws Exception {
        EventRows.insert(dataSource, TestTokens.ORG, api.sandbox, "c-", 1500, 0); // the checksums are the subject, not ingestion
        List<JsonPath> runs = api.runAllToSuccess(List.of(
                api.create(List.of("id", "properties.n"), Map.of("fileName", "plain", "folderPath", "sums")),
                api.create(List.of("id", "properties.n"), Map.of("fileName", "listed", "folderPath", "sums", "manifest", true))));
        JsonPath plain = runs.get(0);
        byte[] content = api.bytes(plain.getString("files[0].key"));
        CRC32 crc = new CRC32();
        crc.update(content);
        assertEquals("crc32:" + String.format("%08x", crc.getValue()), plain.getString("files[0].checksum"),
                "without a manifest the run lists the CRC-32 of the object's bytes");
        JsonPath listed = runs.get(1);
        assertEquals(ExportsApi.sha256(api.bytes(listed.getString("files[0].key"))), listed.getString("files[0].checksum"),
                "with a manifest the run lists the SHA-256 the manifest promises");
        api.assertManifestLast(listed);
    }

    @Test
    void invalidExportsAreRefusedNamingTheProblem() {
        Map<String, Object> base = Map.of("name", "bad", "connectionId", api.connectionId, "select", Map.of("fields", List.of("id")));
        refuse(base, Map.of("fileName", "%DESTINATION%_%SEGMENT_IDS%"), "%SEGMENT_IDS%");
        refuse(base, Map.of("fileName", "%DATETIME(YYYYMMdd)%_%TIMESTAMP%"), "cannot be combined");
        refuse(base, Map.of("folderPath", "exports/%CUSTOM_TEXT(..)%"), "inside the connection's folder");
        refuse(base, Map.of("format", "orc"), "format");
        refuse(base, Map.of("select", Map.of("fields", List.of("id", "nope"))), "\\\"nope\\\"");
        refuse(base, Map.of("select", Map.of("fields", List.of("id"), "where", List.of(Map.of("field", "id", "op", "like")))), "op");
        refuse(base, Map.of("schedule", Map.of("frequency", "WEEKLY")), "schedule.frequency");
        refuse(base, Map.of("schedule", Map.of("startTime", "tomorrow")), "schedule.startTime");
        refuse(base, Map.of("csv", Map.of("delimiter", ";;")), "csv.delimiter");
        refuse(base, Map.of("csv", Map.of("nullValue", "a,\"b")), "csv.nullValue");
        refuse(base, Map.of("maxRowsPerFile", 10), "maxRowsPerFile");
        refuse(base, Map.of("schedule", Map.of("startTime", "+100000-01-01T00:00:00Z")), "schedule.startTime");
        refuse(base, Map.of("schedule", Map.of("frequency", "DAILY", "startTime", "2020-01-01T00:00:00Z",
                "endTime", "2020-02-01T00:00:00Z")), "in the past");
    }

    private void refuse(Map<String, Object> base, Map<String, Object> change, String mentioned) {
        Map<String, Object> body = new LinkedHashMap<>(base);
        body.putAll(change);
        api.api().contentType(ContentType.JSON).body(body).post("/exports").then().statusCode(400)
                .contentType("application/problem+json").body(containsString(mentioned));
    }

    @Test
    void exportsAreEditedUnderAnEtagAndInvisibleToOtherTenants() {
        String exportId = api.create(List.of("id"), Map.of());
        String etag = api.api().get("/exports/" + exportId).then().statusCode(200)
                .body("format", equalTo("csv")).body("compression", equalTo("none"))
                .body("nextRunAt", nullValue()).extract().header("ETag");
        List<Map<String, Object>> patch = List.of(Map.of("op", "replace", "path", "/format", "value", "tsv"),
                Map.of("op", "add", "path", "/select/fields/-", "value", "time"));
        api.api().contentType(ContentType.JSON).body(patch).patch("/exports/" + exportId).then().statusCode(400)
                .body("errorCode", equalTo("1403-400"));
        api.api().contentType(ContentType.JSON).header("If-Match", "\"stale\"").body(patch).patch("/exports/" + exportId)
                .then().statusCode(412);
        api.api().contentType(ContentType.JSON).header("If-Match", etag)
                .body(List.of(Map.of("op", "replace", "path", "/connectionId", "value", api.connectionId)))
                .patch("/exports/" + exportId).then().statusCode(400).body("errorCode", equalTo("1455-400"));
        api.api().contentType(ContentType.JSON).header("If-Match", etag).body(patch).patch("/exports/" + exportId)
                .then().statusCode(200);
        String patchedEtag = api.api().get("/exports/" + exportId).then().statusCode(200).body("format", equalTo("tsv"))
                .body("select.fields", equalTo(List.of("id", "time"))).extract().header("ETag");
        api.api().contentType(ContentType.JSON).header("If-Match", patchedEtag)
                .body(List.of(Map.of("op", "replace", "path", "/maxRowsPerFile", "value", 5000)))
                .patch("/exports/" + exportId).then().statusCode(400).body("detail", containsString("does not exist"));
        Instant added = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        api.api().contentType(ContentType.JSON).header("If-Match", patchedEtag)
                .body(List.of(Map.of("op", "add", "path", "/schedule", "value", Map.of("frequency", "DAILY"))))
                .patch("/exports/" + exportId).then().statusCode(200);
        Instant next = Instant.parse(api.api().get("/exports/" + exportId).then().statusCode(200)
                .body("schedule.mode", equalTo("FULL")).extract().path("nextRunAt"));
        Instant read = Instant.now();
        // the scheduler may already have started that first run and moved the schedule on by its one day
        boolean dueNow = !next.isBefore(added) && !next.isAfter(read);
        boolean ranNow = !next.isBefore(added.plus(1, ChronoUnit.DAYS)) && !next.isAfter(read.plus(1, ChronoUnit.DAYS));
        assertTrue(dueNow || ranNow, "a schedule added without a start starts now (" + added + " - " + read + "): " + next);

        ExportsApi other = new ExportsApi();
        other.api().get("/exports/" + exportId).then().statusCode(404);
        other.api().post("/exports/" + exportId + "/runs").then().statusCode(404);
        api.api().delete("/exports/" + exportId).then().statusCode(204);
        api.api().get("/exports/" + exportId).then().statusCode(404);
    }
}
