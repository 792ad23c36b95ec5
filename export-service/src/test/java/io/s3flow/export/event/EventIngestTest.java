package io.s3flow.export.event;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import io.s3flow.common.auth.Groups;
import io.s3flow.common.tenant.TenantHeaders;
import io.s3flow.common.testing.ContractFilter;
import io.s3flow.common.testing.TestTokens;
import io.s3flow.export.ConnectionStack;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(ConnectionStack.class)
class EventIngestTest {

    final String sandbox = "e" + UUID.randomUUID().toString().substring(0, 8);

    @Inject
    AgroalDataSource dataSource;

    RequestSpecification api() {
        return given().auth().oauth2(TestTokens.user(Groups.EVENTS_WRITE))
                .header(TenantHeaders.ORG, TestTokens.ORG).header(TenantHeaders.SANDBOX, sandbox);
    }

    @Test
    void badEventsAreRejectedAloneAndTheRestStored() {
        String big = "x".repeat(950_000);
        List<Object> events = List.of(
                Map.of("type", "users.messages.email.Send", "time", 1763884800000L),
                Map.of("userId", "no-type"),
                Map.of("type", "users.behaviors.Purchase", "properties", Map.of("blob", big)),
                Map.of("type", "users.messages.email.Open", "time", "yesterday"),
                "not an object",
                Map.of("type", "../../escape"),
                Map.of("type", "users.messages.email.Open", "time", "2026-11-23T10:15:30+01:00", "properties", Map.of("a", 1)));
        // events outside the documented shape on purpose (one is not even an object): only the answer is checked against
        // the served document, the request is not
        ContractFilter.answersOnly(() -> api().contentType(ContentType.JSON).body(events).post("/events").then().statusCode(202)
                .body("accepted", equalTo(2))
                .body("rejected", hasSize(5))
                .body("rejected.index", equalTo(List.of(1, 2, 3, 4, 5)))
                .body("rejected.errorCode", equalTo(List.of("MISSING_TYPE", "EVENT_TOO_LARGE", "INVALID_TIME", "INVALID_EVENT", "INVALID_TYPE")))
                .body("lastSequence", greaterThan(0)));
    }

    @Test
    void valuesPostgresCannotStoreAreRejectedAloneNotA500() {
        api().contentType(ContentType.JSON).body("""
                [{"type": "a.b", "time": 10000000000000000},
                 {"type": "a.b", "time": "+100000-01-01T00:00:00Z"},
                 {"type": "a.b", "time": 123456789012345678901234567890},
                 {"type": "a.b", "id": "nul\\u0000id"},
                 {"type": "a.b", "userId": "nul\\u0000user"},
                 {"type": "a.b", "time": "0001-01-01T00:00:00Z"}]""").post("/events").then().statusCode(202)
                .body("accepted", equalTo(1))
                .body("rejected.errorCode", equalTo(List.of("INVALID_TIME", "INVALID_TIME", "INVALID_TIME", "INVALID_ID", "INVALID_USER_ID")));
    }

    @Test
    void ndjsonIsAcceptedLineByLineAndRetriesAreStoredOnce() {
        String body = """
                {"id": "n-1", "type": "users.messages.email.Send"}
                {"id": "n-2", "type": "users.messages.email.Send"}
                {not json
                {"id": "n-1", "type": "users.messages.email.Send"}
                """;
        api().contentType("application/x-ndjson").body(body.getBytes(StandardCharsets.UTF_8)).post("/events").then().statusCode(202)
                .body("accepted", equalTo(3)).body("duplicates", equalTo(1))
                .body("rejected[0].index", equalTo(2)).body("rejected[0].errorCode", equalTo("INVALID_JSON"));
        api().contentType("application/x-ndjson").body(body.getBytes(StandardCharsets.UTF_8)).post("/events").then().statusCode(202)
                .body("duplicates", equalTo(3)).body("firstSequence", nullValue());
    }

    @Test
    void theSameIdInAnotherSandboxIsAnotherEvent() {
        api().contentType(ContentType.JSON).body(List.of(Map.of("id", "shared-id", "type", "a.b"))).post("/events")
                .then().statusCode(202).body("duplicates", equalTo(0));
        given().auth().oauth2(TestTokens.user(Groups.EVENTS_WRITE)).header(TenantHeaders.ORG, TestTokens.ORG)
                .header(TenantHeaders.SANDBOX, sandbox + "-other").contentType(ContentType.JSON)
                .body(List.of(Map.of("id", "shared-id", "type", "a.b"))).post("/events")
                .then().statusCode(202).body("duplicates", equalTo(0));
    }

    @Test
    void requestsOutsideTheLimitsAreClearErrors() {
        List<Map<String, String>> tooMany = new ArrayList<>();
        for (int i = 0; i < 10_001; i++) {
            tooMany.add(Map.of("type", "t"));
        }
        api().contentType(ContentType.JSON).body(tooMany).post("/events").then().statusCode(413)
                .contentType(startsWith("application/problem+json")).body("errorCode", equalTo("TOO_MANY_EVENTS"));
        api().contentType(ContentType.JSON).body("{\"type\": \"not an array\"}").post("/events").then().statusCode(400)
                .body("errorCode", equalTo("INVALID_EVENTS_BODY"));
        api().contentType(ContentType.JSON).body("[{\"type\": \"broken\"").post("/events").then().statusCode(400);
        api().contentType(ContentType.TEXT).body("type=x").post("/events").then().statusCode(415);
        given().auth().oauth2(TestTokens.user(Groups.EXPORTS_WRITE)).header(TenantHeaders.ORG, TestTokens.ORG)
                .header(TenantHeaders.SANDBOX, sandbox).contentType(ContentType.JSON).body("[]").post("/events")
                .then().statusCode(403);
    }

    @Test
    void concurrentRequestsSharingIdsStoreEachOnceAndCommitInSequenceOrder() throws Exception {
        List<String> shared = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            shared.add("shared-" + i);
        }
        int clients = 4;
        int requests = 6;
        ExecutorService pool = Executors.newFixedThreadPool(clients + 1);
        AtomicBoolean posting = new AtomicBoolean(true);
        try {
            // a reader as a stream's cursor reads: after seeing seq N it asks only for seqs above N
            Future<List<Long>> reader = pool.submit(() -> {
                List<Long> seen = new ArrayList<>();
                long cursor = 0;
                boolean last = false;
                while (!last) {
                    last = !posting.get();
                    try (Connection c = dataSource.getConnection(); PreparedStatement q = c.prepareStatement(
                            "SELECT seq FROM event WHERE org_id = ? AND sandbox_name = ? AND seq > ? ORDER BY seq")) {
                        q.setString(1, TestTokens.ORG);
                        q.setString(2, sandbox);
                        q.setLong(3, cursor);
                        try (ResultSet rows = q.executeQuery()) {
                            while (rows.next()) {
                                seen.add(rows.getLong(1));
                                cursor = rows.getLong(1);
                            }
                        }
                    }
                }
                return seen;
            });
            List<Future<List<int[]>>> posters = new ArrayList<>();
            for (int client = 0; client < clients; client++) {
                Random random = new Random(client);
                int poster = client;
                posters.add(pool.submit(() -> {
                    List<int[]> answers = new ArrayList<>();
                    for (int r = 0; r < requests; r++) {
                        // a different order of the shared ids in every request, and events without ids between them
                        List<String> ids = new ArrayList<>(shared);
                        Collections.shuffle(ids, random);
                        List<Map<String, Object>> events = new ArrayList<>();
                        for (String id : ids.subList(0, 200)) {
                            events.add(Map.of("id", id, "type", "a.b"));
                            events.add(Map.of("type", "a.b", "properties", Map.of("n", r)));
                        }
                        AtomicReference<JsonPath> sent = new AtomicReference<>();
                        Runnable send = () -> sent.set(api().contentType(ContentType.JSON).body(events).post("/events").then()
                                .statusCode(202).body("accepted", equalTo(400)).extract().jsonPath());
                        // every answer is held to the contract, and the first request whole; the other 23 (this loop's
                        // two shapes again) only their answers: validating 9,600 events against the document took most
                        // of the case
                        if (poster == 0 && r == 0) {
                            send.run();
                        } else {
                            ContractFilter.answersOnly(send);
                        }
                        JsonPath answer = sent.get();
                        int stored = 400 - answer.getInt("duplicates");
                        Long first = answer.getObject("firstSequence", Long.class);
                        Long lastSeq = answer.getObject("lastSequence", Long.class);
                        assertEquals(stored - 1, lastSeq - first, "a request's events are numbered in one block");
                        answers.add(new int[] {stored});
                    }
                    return answers;
                }));
            }
            int storedByAnswers = 0;
            for (Future<List<int[]>> poster : posters) {
                for (int[] answer : poster.get(5, TimeUnit.MINUTES)) {
                    storedByAnswers += answer[0];
                }
            }
            posting.set(false);
            List<Long> seen = reader.get(1, TimeUnit.MINUTES);

            try (Connection c = dataSource.getConnection(); PreparedStatement q = c.prepareStatement("SELECT count(*), "
                    + "count(DISTINCT event_id) FILTER (WHERE event_id LIKE 'shared-%'), count(*) FILTER (WHERE event_id LIKE 'shared-%') "
                    + "FROM event WHERE org_id = ? AND sandbox_name = ?")) {
                q.setString(1, TestTokens.ORG);
                q.setString(2, sandbox);
                try (ResultSet row = q.executeQuery()) {
                    row.next();
                    assertEquals(clients * requests * 200 + shared.size(), row.getInt(1), "every event without an id, and each shared id once");
                    assertEquals(shared.size(), row.getInt(2));
                    assertEquals(shared.size(), row.getInt(3), "no shared id stored twice");
                    assertEquals(row.getInt(1), storedByAnswers, "the answers add up to what was stored");
                    assertEquals(row.getInt(1), seen.size(), "the reader moving its cursor saw every event: none committed below it late");
                }
            }
        } finally {
            posting.set(false);
            pool.shutdownNow();
        }
    }
}
