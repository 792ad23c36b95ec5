package io.s3flow.connection;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;

/**
 * Every request has an id (the caller's x-request-id, or a new one), sent back, in the problem body, and in the MDC of
 * every log line written while it is handled: the test profile logs each SQL statement and bound value, so the lines
 * that bind a connection's id can only come from the requests about it, and each must name one of them.
 */
@QuarkusTest
class RequestIdTest {

    private final ConnectionsApi api = ConnectionsApi.freshSandbox();

    @Test
    void everyLogLineOfARequestNamesIt() {
        String id;
        String created;
        String read = "read-" + UUID.randomUUID();
        String patched = "patch-" + UUID.randomUUID();
        List<ExtLogRecord> records;
        try (LogCapture capture = LogCapture.start()) {
            var create = api.create(ConnectionsApi.accessKeyBody("traced", Map.of("bucketName", "my-bucket"))).then().statusCode(201)
                    .extract();
            id = create.path("id");
            created = create.header("x-request-id");
            String etag = api.request().header("x-request-id", read).when().get("/connections/" + id).then().statusCode(200)
                    .header("x-request-id", read).extract().header("ETag");
            api.request().header("x-request-id", patched).header("If-Match", etag).contentType("application/json")
                    .body(List.of(Map.of("op", "replace", "path", "/name", "value", "renamed")))
                    .when().patch("/connections/" + id).then().statusCode(200).header("x-request-id", patched);
            records = capture.records();
        }
        Set<String> named = new TreeSet<>();
        for (ExtLogRecord record : records) {
            String line = record.getFormattedMessage() == null ? record.getMessage() : record.getFormattedMessage();
            if (line != null && line.contains(id)) {
                String requestId = record.getMdc("requestId");
                named.add(String.valueOf(requestId));
            }
        }
        assertFalse(named.isEmpty(), "no log line bound the connection's id");
        assertEquals(new TreeSet<>(Set.of(created, read, patched)), named, "the request ids of the log lines about the connection");
    }

    @Test
    void theIdIsSentBackAndNamesTheProblem() {
        String mine = "client-" + UUID.randomUUID();
        api.request().header("x-request-id", mine).when().get("/connections/" + UUID.randomUUID()).then().statusCode(404)
                .header("x-request-id", mine).body("requestId", equalTo(mine)).body("errorCode", equalTo("NOT_FOUND"));
        // none, or one that could forge a log line or a header: a new one
        for (String bad : new String[] {"", "two words", "x".repeat(200), "quote\"d"}) {
            var request = api.request();
            if (!bad.isEmpty()) {
                request = request.header("x-request-id", bad);
            }
            String given = request.when().get("/connections/" + UUID.randomUUID()).then().statusCode(404)
                    .header("x-request-id", matchesPattern("[0-9a-f-]{36}")).extract().header("x-request-id");
            assertFalse(given.equals(bad));
        }
    }
}
