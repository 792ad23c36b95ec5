package io.s3flow.export.event;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.s3flow.common.auth.Groups;
import io.s3flow.common.tenant.TenantHeaders;
import io.s3flow.common.testing.ContractFilter;
import io.s3flow.common.testing.TestTokens;
import io.s3flow.export.ConnectionStack;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(ConnectionStack.class)
class EventIngestTest {

    final String sandbox = "e" + UUID.randomUUID().toString().substring(0, 8);

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
}
