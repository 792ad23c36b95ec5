package io.s3flow.export.scheduled;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.s3flow.export.ConnectionStack;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Trust at the edges of an export: cells a spreadsheet would run as formulas go out escaped unless the export says
 * otherwise, and an event PostgreSQL's jsonb cannot read never reaches the table, so no export filtering on its
 * properties can fail on it.
 */
@QuarkusTest
@QuarkusTestResource(ConnectionStack.class)
class CsvInjectionAndNulTest {

    private static final List<String> CELLS = List.of("=HYPERLINK(\"http://evil.example/\",\"x\")", "+1+2", "-2+3+cmd|' /C calc'!A0",
            "@SUM(A1:A2)", "\tindented", "\rcarriage", "plain text", "a=b");

    @Test
    void formulaCellsAreEscapedByDefaultAndKeptWhenTurnedOff() throws Exception {
        ExportsApi api = new ExportsApi();
        List<Map<String, Object>> events = new ArrayList<>();
        for (int i = 0; i < CELLS.size(); i++) {
            events.add(Map.of("id", "cell-" + i, "type", "formula.Test", "properties", Map.of("cell", CELLS.get(i), "n", -5 - i)));
        }
        api.postEvents(events);
        List<String> escaped = CELLS.stream().map(c -> "=+-@\t\r".indexOf(c.charAt(0)) >= 0 ? "'" + c : c).toList();
        List<String> fields = List.of("id", "properties.cell", "properties.n");
        List<JsonPath> runs = api.runAllToSuccess(List.of(api.create(fields, Map.of()),
                api.create(fields, Map.of("csv", Map.of("escapeFormulas", false))), api.create(fields, Map.of("format", "tsv"))));
        assertEquals(escaped, cells(api, runs.get(0), ','));
        assertEquals(CELLS, cells(api, runs.get(1), ','));
        assertEquals(escaped, cells(api, runs.get(2), '\t'));
    }

    /** The exported {@code properties.cell} column, in event order; numbers ({@code properties.n}) never escaped. */
    private static List<String> cells(ExportsApi api, JsonPath run, char separator) throws Exception {
        String key = run.getString("files[0].key");
        CsvSchema schema = CsvSchema.emptySchema().withHeader().withColumnSeparator(separator);
        List<String> cells = new ArrayList<>();
        try (MappingIterator<Map<String, String>> rows = new CsvMapper().readerFor(Map.class).with(schema).readValues(api.read(key))) {
            while (rows.hasNext()) {
                Map<String, String> row = rows.next();
                cells.add(row.get("properties.cell"));
                assertEquals(String.valueOf(-5 - Integer.parseInt(row.get("id").substring(5))), row.get("properties.n"));
            }
        }
        return cells;
    }

    @Test
    void anEventJsonbCannotHoldIsRejectedAloneAndEveryExportStillRuns() {
        ExportsApi api = new ExportsApi();
        String body = """
                [{"id": "nul", "type": "nul.Test", "properties": {"k": "a\\u0000b"}},
                 {"id": "surrogate", "type": "nul.Test", "properties": {"k": "\\ud800"}},
                 {"id": "key-nul", "type": "nul.Test", "properties": {"a\\u0000": "v"}},
                 {"id": "good", "type": "nul.Test", "properties": {"k": "v"}},
                 {"id": "escapes", "type": "nul.Test", "properties": {"k": "caf\\u00e9 \\ud83d\\ude00 \\n"}}]""";
        api.api().contentType(ContentType.JSON).body(body).post("/events").then().statusCode(202)
                .body("accepted", equalTo(2))
                .body("rejected.index", equalTo(List.of(0, 1, 2)))
                .body("rejected.errorCode", equalTo(List.of("INVALID_CHARACTER", "INVALID_CHARACTER", "INVALID_CHARACTER")));
        String filtered = api.create(List.of("id", "properties.k"), Map.of("format", "jsonl",
                "select", Map.of("eventTypes", List.of("nul.Test"), "fields", List.of("id", "properties.k"),
                        "where", List.of(Map.of("field", "properties.k", "op", "exists")))));
        JsonPath run = api.runToSuccess(filtered);
        assertEquals(2, run.getInt("metrics.records.output"), run.prettify());
        String lines = api.read(run.getString("files[0].key"));
        assertEquals(List.of("good", "escapes"), lines.lines().map(l -> JsonPath.from(l).getString("id")).toList());
    }
}
