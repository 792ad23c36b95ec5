package io.s3flow.export.select;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.s3flow.export.event.StoredEvent;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SelectionTest {

    private static Selection select(String... names) {
        return new Selection(null, Arrays.stream(names).map(Selection.Field::parse).toList(), List.of());
    }

    private static List<String> project(Selection selection, String properties) {
        JsonNode[] row = selection.project(new StoredEvent(7, "e-1", "t", Instant.parse("2026-11-23T10:00:00Z"), null, properties));
        return Arrays.stream(row).map(n -> n.isMissingNode() ? "<missing>" : n.toString()).toList();
    }

    @Test
    void pathsArePickedFromTheJsonWhateverSurroundsThem() {
        Selection selection = select("id", "properties.a.b", "properties.a", "properties.list.1.name", "properties.none",
                "properties.scalar.deeper", "userId", "sequence");
        String json = """
                {"skip": {"deep": [1, {"a": {"b": "wrong"}}]}, "a": {"b": "x", "c": [1, 2]},
                 "list": [{"name": "first"}, {"name": "second"}], "scalar": 5, "tail": {"a": 1}}""";
        assertEquals(List.of("\"e-1\"", "\"x\"", "{\"b\":\"x\",\"c\":[1,2]}", "\"second\"", "<missing>", "<missing>",
                "<missing>", "7"), project(selection, json));
    }

    @Test
    void onlyNestedPathsAreWalkedIntoAndNullsStayNull() {
        Selection selection = select("properties.a.b.c", "properties.a.x");
        assertEquals(List.of("\"deep\"", "null"), project(selection, "{\"a\": {\"x\": null, \"b\": {\"c\": \"deep\"}}}"));
        assertEquals(List.of("<missing>", "<missing>"), project(selection, "{\"a\": 1}"));
        assertEquals(List.of("<missing>", "<missing>"), project(selection, "not json"));
        assertTrue(project(select("properties.a"), "{}").contains("<missing>"));
    }
}
