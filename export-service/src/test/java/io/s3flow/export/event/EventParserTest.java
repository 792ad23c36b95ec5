package io.s3flow.export.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class EventParserTest {

    static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    final EventParser parser = new EventParser(new ObjectMapper().getFactory(), 10, 200, () -> NOW);

    @Test
    void defaultsAndFormsOfTime() {
        ParsedEvents parsed = parser.parseArray("""
                [{"type": "a.b"}, {"type": "a.b", "time": 1000, "id": 42, "userId": 7},
                 {"type": "a.b", "time": "2026-01-01T00:00:00Z", "properties": {"k": [1, 2]}}]"""
                .getBytes(StandardCharsets.UTF_8));
        assertEquals(3, parsed.valid().size());
        assertEquals(NOW, parsed.valid().get(0).time());
        assertNull(parsed.valid().get(0).id(), "no id sent: the store makes one from the event's sequence number");
        assertEquals("{}", parsed.valid().get(0).propertiesJson());
        assertEquals(Instant.ofEpochMilli(1000), parsed.valid().get(1).time());
        assertEquals("42", parsed.valid().get(1).id());
        assertEquals("7", parsed.valid().get(1).userId());
        assertEquals("{\"k\": [1, 2]}", parsed.valid().get(2).propertiesJson(), "properties kept as sent");
    }

    @Test
    void sizeIsTheEventsOwnJson() {
        ParsedEvents parsed = parser.parseArray(("[{\"type\": \"a.b\", \"properties\": {\"p\": \"" + "y".repeat(300) + "\"}}, {\"type\": \"c\"}]")
                .getBytes(StandardCharsets.UTF_8));
        assertEquals(1, parsed.valid().size());
        assertEquals("EVENT_TOO_LARGE", parsed.rejected().get(0).errorCode());
        assertEquals(0, parsed.rejected().get(0).index());
        assertEquals("{\"type\": \"c\"}".length(), parsed.valid().get(0).sizeBytes());
    }

    @Test
    void ndjsonLinesKeepTheirOwnProperties() {
        ParsedEvents parsed = parser.parseNdjson("""
                {"type": "a", "properties": {"line": 1}}
                [1, 2]
                {"type": "b", "properties": {"line": 3}, "extra": {"ignored": true}}
                """.getBytes(StandardCharsets.UTF_8));
        assertEquals("{\"line\": 1}", parsed.valid().get(0).propertiesJson());
        assertEquals("{\"line\": 3}", parsed.valid().get(1).propertiesJson());
        assertEquals(1, parsed.rejected().get(0).index());
        assertEquals("INVALID_EVENT", parsed.rejected().get(0).errorCode());
    }
}
