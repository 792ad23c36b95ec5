package io.s3flow.export.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.s3flow.common.auth.Groups;
import io.s3flow.common.tenant.TenantHeaders;
import io.s3flow.common.testing.TestTokens;
import io.s3flow.export.TenantApi;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * One tenant (org and sandbox) calling export-service, wherever its current process listens, and connection-service,
 * with a user token: plain HTTP, safe to share between threads.
 */
final class TenantClient {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** A status and a body (parsed when it is JSON). */
    record Answer(int status, JsonNode body) {
        JsonNode path(String field) {
            return body.path(field);
        }
    }

    final String org;
    final String sandbox;
    private final String token;
    private final Supplier<String> exportService;
    private final String connectionService;

    TenantClient(String org, String sandbox, Supplier<String> exportService, String connectionService) {
        this.org = org;
        this.sandbox = sandbox;
        this.token = TestTokens.user(org, Set.of(Groups.CONNECTIONS_READ, Groups.CONNECTIONS_WRITE, Groups.EXPORTS_READ,
                Groups.EXPORTS_WRITE, Groups.EVENTS_WRITE));
        this.exportService = exportService;
        this.connectionService = connectionService;
    }

    /** A call to export-service; an I/O failure (the process is down or restarting) is thrown. */
    Answer export(String method, String path, String contentType, String body) throws IOException, InterruptedException {
        return send(method, exportService.get() + path, contentType, body);
    }

    Answer export(String method, String path, Object json) throws IOException, InterruptedException {
        return export(method, path, "application/json", json == null ? null : JSON.writeValueAsString(json));
    }

    /** Calls export-service until it answers {@code expected} (it may be restarting meanwhile). */
    Answer exportUntil(int expected, Duration timeout, String method, String path, Object json) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        String last = "no answer";
        while (Instant.now().isBefore(deadline)) {
            try {
                Answer answer = export(method, path, json);
                if (answer.status() == expected) {
                    return answer;
                }
                last = answer.status() + " " + answer.body();
            } catch (IOException down) {
                last = down.toString();
            }
            Thread.sleep(250);
        }
        throw new AssertionError(method + " " + path + " did not answer " + expected + " within " + timeout + ": " + last);
    }

    /** A connection of this tenant; returns its id. */
    String connection(String spec, Map<String, String> params) throws IOException, InterruptedException {
        Answer created = send("POST", connectionService + "/connections", "application/json", JSON.writeValueAsString(Map.of(
                "name", "torture " + spec, "auth", Map.of("specName", spec, "params", params),
                "connectionSpec", Map.of("id", "ecadc60c-7455-4d87-84dc-2a0e293d997b", "version", "1.0"))));
        if (created.status() != 201) {
            throw new AssertionError("connection not created: " + created);
        }
        return created.path("id").asText();
    }

    private Answer send(String method, String url, String contentType, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token).header(TenantHeaders.ORG, org).header(TenantHeaders.SANDBOX, sandbox)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", contentType);
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode parsed;
        try {
            parsed = response.body().isEmpty() ? MissingNode.getInstance() : JSON.readTree(response.body());
        } catch (IOException notJson) {
            parsed = JSON.getNodeFactory().textNode(response.body());
        }
        return new Answer(response.statusCode(), parsed);
    }

    static void pause(long millis) {
        TenantApi.sleep(millis);
    }
}
