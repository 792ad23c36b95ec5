package io.s3flow.common.testing;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The contract filter fails an exchange that drifts from the served document, and passes one that does not. */
class ContractFilterTest {

    private static final String DOCUMENT = """
            {"openapi": "3.0.3", "info": {"title": "t", "version": "1"},
             "servers": [{"url": "/"}, {"url": "/data/foundation/flowservice"}],
             "paths": {
               "/things/{id}": {"get": {"parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}},
                   {"name": "x-org", "in": "header", "required": true, "schema": {"type": "string"}}],
                 "responses": {
                   "200": {"description": "ok", "headers": {"ETag": {"required": true, "schema": {"type": "string"}}},
                     "content": {"application/json": {"schema": {"type": "object", "required": ["name"], "properties": {
                       "name": {"type": "string"}, "note": {"type": "string", "nullable": true}}}}}},
                   "404": {"description": "none", "content": {"application/problem+json": {"schema": {"type": "object"}}}}}}}}}
            """;
    /** What the fake server answers, by the path's last segment: status, headers and body. */
    private static final Map<String, Object[]> ANSWERS = Map.of(
            "good", new Object[] {200, "\"e1\"", "{\"name\": \"a\", \"note\": null}"},
            "undocumented-status", new Object[] {201, "\"e1\"", "{\"name\": \"a\"}"},
            "null-name", new Object[] {200, "\"e1\"", "{\"name\": null}"},
            "extra-field", new Object[] {200, "\"e1\"", "{\"name\": \"a\", \"secret\": \"s\"}"},
            "no-etag", new Object[] {200, null, "{\"name\": \"a\"}"},
            "missing", new Object[] {404, null, "{\"errorCode\": \"NOT_FOUND\"}"});

    private static HttpServer server;
    private static String base;

    @BeforeAll
    static void serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/q/openapi", exchange -> send(exchange, 200, null, "application/json", DOCUMENT));
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            Object[] answer = ANSWERS.get(path.substring(path.lastIndexOf('/') + 1));
            send(exchange, (int) answer[0], (String) answer[1], (int) answer[0] == 404 ? "application/problem+json" : "application/json",
                    (String) answer[2]);
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    private static void send(com.sun.net.httpserver.HttpExchange exchange, int status, String etag, String type, String body)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type);
        if (etag != null) {
            exchange.getResponseHeaders().add("ETag", etag);
        }
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private final ContractFilter contract = new ContractFilter(origin -> origin + "/q/openapi");

    private io.restassured.response.Response get(String path, boolean withHeader) {
        var request = given().filter(contract);
        if (withHeader) {
            request = request.header("x-org", "o");
        }
        return request.get(base + path);
    }

    @Test
    void aConformingExchangePassesAndIsCounted() {
        get("/things/good", true).then().statusCode(200);
        get("/data/foundation/flowservice/things/good", true).then().statusCode(200);
        get("/things/missing", false).then().statusCode(404);
        assertEquals(3, contract.checkedExchanges());
    }

    @Test
    void driftFails() {
        for (String drift : new String[] {"undocumented-status", "null-name", "extra-field", "no-etag"}) {
            AssertionError error = assertThrows(AssertionError.class, () -> get("/things/" + drift, true), drift);
            assertTrue(error.getMessage().contains("does not match the served OpenAPI document"), error.getMessage());
        }
        // the prefixed path is the same operation, checked the same way
        assertThrows(AssertionError.class, () -> get("/data/foundation/flowservice/things/null-name", true));
    }

    @Test
    void anAcceptedRequestMustBeOneTheDocumentAllows() {
        AssertionError error = assertThrows(AssertionError.class, () -> get("/things/good", false));
        assertTrue(error.getMessage().contains("x-org"), error.getMessage());
        // refused requests are not compared (tests send invalid ones on purpose), their answers are
        ContractFilter.answersOnly(() -> get("/things/good", false));
    }

    @Test
    void pathsTheDocumentDoesNotHaveAreNotOperations() {
        given().filter(contract).get(base + "/elsewhere/missing").then().statusCode(404);
        assertEquals(0, contract.checkedExchanges());
    }
}
