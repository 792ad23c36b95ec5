package io.s3flow.export.event;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.s3flow.common.testing.TestTokens;
import io.s3flow.export.ConnectionStack;
import io.s3flow.export.EventRows;
import io.s3flow.export.TenantApi;
import io.s3flow.export.readback.DeliveredEvent;
import io.s3flow.export.scheduled.ExportsApi;
import io.s3flow.export.stream.StreamsApi;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Events sent without an id get one s3flow makes from their sequence number (a version-8 UUID, {@link EventIds}): what
 * the client sees of them in its bucket and its exports, and what happens when such an id comes back.
 */
@QuarkusTest
@QuarkusTestResource(ConnectionStack.class)
class MadeIdsTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    AgroalDataSource dataSource;

    @Test
    void anEventSentWithoutAnIdIsDeliveredAndExportedWithTheIdItWasStoredWithAndIsADuplicateWhenSentBack() throws Exception {
        StreamsApi streams = new StreamsApi();
        String bucket = TenantApi.newBucket();
        String streamId = streams.createStream(streams.connection(bucket), "made", Map.of("maxEvents", 1000, "maxSeconds", 1));
        List<Map<String, Object>> events = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            events.add(Map.of("type", TenantApi.TYPES.get(i % 3), "userId", "user-" + i, "properties", Map.of("n", i)));
        }
        JsonPath answer = streams.api().contentType(ContentType.JSON).body(events).post("/events").then().statusCode(202)
                .body("accepted", equalTo(30)).body("duplicates", equalTo(0)).extract().jsonPath();
        long first = answer.getLong("firstSequence");
        assertEquals(first + 29, answer.getLong("lastSequence"));

        Map<Long, String> stored = storedIds(streams.sandbox);
        assertEquals(30, stored.size());
        assertEquals(30, new HashSet<>(stored.values()).size(), "30 ids, all different");
        stored.forEach((sequence, id) -> {
            assertEquals(8, UUID.fromString(id).version(), id);
            assertEquals(sequence, EventIds.sequenceOf(id), "the id holds the event's sequence number: " + id);
            assertTrue(sequence >= first && sequence <= first + 29, id);
        });
        assertEquals(0, EventRows.rememberedIds(dataSource, TestTokens.ORG, streams.sandbox, ""),
                "made ids are unique by construction: not remembered in event_key");

        // the stream's files carry the ids as stored
        streams.awaitDelivered(streamId, 30, Duration.ofSeconds(30));
        var files = StreamsApi.readBack(TenantApi.MOTO, bucket, "made", streamId);
        assertEquals(List.of(), files.problems());
        Set<String> delivered = new HashSet<>();
        for (DeliveredEvent event : files.events()) {
            delivered.add(event.id());
            assertEquals(event.id(), stored.get(EventIds.sequenceOf(event.id())), "delivered as stored");
            assertEquals("user-" + event.properties().get("n").asInt(), event.userId(), "and with its own event");
        }
        assertEquals(new HashSet<>(stored.values()), delivered);

        // and so do exports, which can select by them
        List<String> two = List.of(stored.get(first + 3), stored.get(first + 17));
        ExportsApi exports = new ExportsApi(streams.sandbox);
        String exportId = exports.create(List.of("id", "sequence"), Map.of("format", "jsonl", "select", Map.of(
                "fields", List.of("id", "sequence"), "where", List.of(Map.of("field", "id", "op", "in", "value", two)))));
        JsonPath run = exports.runToSuccess(exportId);
        List<String> exported = new ArrayList<>();
        for (String line : exports.read(run.getString("files[0].key")).split("\n")) {
            JsonNode row = JSON.readTree(line);
            exported.add(row.get("id").asText());
            assertEquals(row.get("sequence").asLong(), EventIds.sequenceOf(row.get("id").asText()));
        }
        assertEquals(two, exported);

        // a client that sends the events back as its bucket holds them, ids and all, stores nothing twice
        List<Map<String, Object>> resent = new ArrayList<>();
        for (DeliveredEvent event : files.events()) {
            resent.add(Map.of("id", event.id(), "type", event.type(), "userId", event.userId()));
        }
        streams.api().contentType(ContentType.JSON).body(resent).post("/events").then().statusCode(202)
                .body("accepted", equalTo(30)).body("duplicates", equalTo(30)).body("firstSequence", nullValue());
        assertEquals(stored, storedIds(streams.sandbox));
        // ids are per org and sandbox: another sandbox stores them as its own (remembered, as any id a client sends)
        StreamsApi other = new StreamsApi();
        other.api().contentType(ContentType.JSON).body(resent).post("/events").then().statusCode(202)
                .body("duplicates", equalTo(0));
        assertEquals(new HashSet<>(stored.values()), new HashSet<>(storedIds(other.sandbox).values()));
        other.api().contentType(ContentType.JSON).body(resent).post("/events").then().statusCode(202)
                .body("duplicates", equalTo(30));
    }

    @Test
    void anIdOfTheMadeFormThatAClientSendsIsItsOwnAndIdempotentAndNoMadeIdMeetsIt() throws Exception {
        StreamsApi client = new StreamsApi();
        long last = lastSequence();
        String made = client.api().contentType(ContentType.JSON).body(List.of(Map.of("type", "a.b"))).post("/events")
                .then().statusCode(202).extract().path("firstSequence").toString();
        // ids spelled as s3flow's: of the numbers the three events without ids below will take (unless another
        // request draws numbers meanwhile), of a number far ahead, and of the stored event's number with other random bits
        String sameNumber = EventIds.of(Long.parseLong(made), 42);
        assertNotEquals(storedIds(client.sandbox).get(Long.parseLong(made)), sameNumber);
        List<String> own = List.of(EventIds.of(last + 6, 7), EventIds.of(last + 7, 7), EventIds.of(last + 1_000_000, 7), sameNumber);
        List<Map<String, Object>> events = new ArrayList<>();
        for (String id : own) {
            events.add(Map.of("id", id, "type", "a.b"));
        }
        client.api().contentType(ContentType.JSON).body(events).post("/events").then().statusCode(202)
                .body("accepted", equalTo(4)).body("duplicates", equalTo(0));
        client.api().contentType(ContentType.JSON).body(events).post("/events").then().statusCode(202)
                .body("accepted", equalTo(4)).body("duplicates", equalTo(4)).body("firstSequence", nullValue());
        client.api().contentType(ContentType.JSON).body(List.of(Map.of("type", "a.b"), Map.of("type", "a.b"), Map.of("type", "a.b")))
                .post("/events").then().statusCode(202).body("duplicates", equalTo(0));

        Map<Long, String> stored = storedIds(client.sandbox);
        assertEquals(8, stored.size());
        assertEquals(8, new HashSet<>(stored.values()).size(), "no id twice: " + stored);
        assertTrue(stored.values().containsAll(own));
        assertEquals(4, EventRows.rememberedIds(dataSource, TestTokens.ORG, client.sandbox, ""),
                "the client's own ids are remembered, as any id a client sends");
    }

    /** The tenant's events: sequence number to id. */
    private Map<Long, String> storedIds(String sandbox) throws SQLException {
        Map<Long, String> ids = new TreeMap<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement q = c.prepareStatement(
                "SELECT seq, event_id FROM event WHERE org_id = ? AND sandbox_name = ?")) {
            q.setString(1, TestTokens.ORG);
            q.setString(2, sandbox);
            try (ResultSet rows = q.executeQuery()) {
                while (rows.next()) {
                    ids.put(rows.getLong(1), rows.getString(2));
                }
            }
        }
        return ids;
    }

    private long lastSequence() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement q = c.createStatement();
                ResultSet row = q.executeQuery("SELECT last_value FROM event_seq")) {
            row.next();
            return row.getLong(1);
        }
    }
}
