package io.s3flow.common.testing;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.restassured.config.EncoderConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.s3flow.common.auth.Groups;
import io.s3flow.common.tenant.TenantHeaders;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.IntPredicate;

/**
 * What a hostile caller sends to every endpoint of a service: no token and bad tokens (expired, wrong audience, too
 * long-lived, foreign key, a user key claiming {@code service}, the service key as a user), another org, another
 * sandbox, a read-only token, NUL and control characters in the path, the query and every string of the body, 10,000
 * levels of JSON, every field with the wrong type, bodies over the limit, wrong media types and methods. Every
 * answer must be below 500, and every error problem+json with an {@code errorCode}; a bad token must be a 401, a
 * token of another org or sandbox, or without the endpoint's groups, a 401 or 403, and the valid request must get past
 * authentication (or the rest would never reach the endpoint); {@link #assertAllAnsweredWell()} lists those that were
 * not. {@link #requests()} counts what was sent.
 */
public final class HostileRequests {

    /**
     * One endpoint. {@code path} is ready to send (real ids); {@code body} a valid JSON body or null; {@code token} a
     * token the endpoint accepts; {@code headers} extra headers a correct call needs (If-Match).
     */
    public record Endpoint(String method, String path, String body, String contentType, String token, Map<String, String> headers) {

        public static Endpoint of(String method, String path, String body, String token) {
            return new Endpoint(method, path, body, body == null ? null : "application/json", token, Map.of());
        }

        public Endpoint with(String header, String value) {
            Map<String, String> more = new LinkedHashMap<>(headers);
            more.put(header, value);
            return new Endpoint(method, path, body, contentType, token, more);
        }

        public Endpoint as(String mediaType) {
            return new Endpoint(method, path, body, mediaType, token, headers);
        }
    }

    /** What the status of one request must be, beyond below 500 and well formed. */
    private record Expected(IntPredicate status, String description) {
    }

    private static final Expected ANY = new Expected(status -> true, "any");
    private static final Expected UNAUTHENTICATED = new Expected(status -> status == 401, "401");
    private static final Expected REFUSED = new Expected(status -> status == 401 || status == 403, "401 or 403");
    /** The endpoint's own answer: if its valid request were refused, nothing else of the battery would reach it. */
    private static final Expected PAST_AUTHENTICATION = new Expected(status -> status != 401 && status != 403, "neither 401 nor 403");
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A problem with anything after its JSON is not JSON (as REST Assured's parser had it). */
    private static final ObjectReader PROBLEM = JSON.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final RestAssuredConfig RAW = RestAssuredConfig.config()
            .encoderConfig(EncoderConfig.encoderConfig().appendDefaultContentCharsetToContentTypeIfUndefined(false));

    private final String org;
    private final String sandbox;
    private final long maxBodyBytes;
    private final List<String> failures = new ArrayList<>();
    private int requests;

    public HostileRequests(String org, String sandbox, long maxBodyBytes) {
        this.org = org;
        this.sandbox = sandbox;
        this.maxBodyBytes = maxBodyBytes;
    }

    public int requests() {
        return requests;
    }

    /** Sends the whole battery to one endpoint; the answers, never the requests, are checked against the served document. */
    public void probe(Endpoint e) {
        ContractFilter.answersOnly(() -> battery(e));
    }

    private void battery(Endpoint e) {
        Set<String> groups = TestTokens.ALL_USER_GROUPS;
        send(e, "the valid request", r -> r.auth().oauth2(e.token()), e.path(), e.body(), PAST_AUTHENTICATION);
        // who calls: a token that is no good is a 401; a good one for another org or sandbox, or one that holds no
        // group of the endpoint, a 401 or 403 - never an answer from the endpoint itself
        send(e, "no token", r -> { }, e.path(), e.body(), UNAUTHENTICATED);
        for (var bad : Map.of("expired", TestTokens.expired(groups), "wrong audience", TestTokens.wrongAudience(groups),
                "ten-year token", TestTokens.longLived(groups), "issued in the future", TestTokens.issuedInTheFuture(groups),
                "foreign key", TestTokens.foreignKey(groups), "wrong issuer", TestTokens.wrongIssuer(groups),
                "service key as user", TestTokens.serviceKeyAsUser(groups),
                "user key as service", TestTokens.userKeyAsService("export-service", "connection-service", org, "service"))
                .entrySet()) {
            send(e, bad.getKey(), r -> r.auth().oauth2(bad.getValue()), e.path(), e.body(), UNAUTHENTICATED);
        }
        send(e, "user key claiming service", r -> r.auth().oauth2(TestTokens.userKeyClaimingService(org)), e.path(), e.body(),
                REFUSED);
        send(e, "other org", r -> r.auth().oauth2(TestTokens.user("hostile-org", groups)), e.path(), e.body(), REFUSED);
        send(e, "token for other sandboxes", r -> r.auth().oauth2(TestTokens.userInSandboxes(org, groups, "other-sandbox")),
                e.path(), e.body(), REFUSED);
        send(e, "read-only", r -> r.auth().oauth2(TestTokens.user(org, Set.of(Groups.CONNECTIONS_READ, Groups.EXPORTS_READ))),
                e.path(), e.body());
        sendRaw(e, "another sandbox's header", r -> r.auth().oauth2(e.token()).header(TenantHeaders.ORG, org)
                .header(TenantHeaders.SANDBOX, "other-sandbox"), e.path(), e.body(), e.contentType(), ANY);
        sendRaw(e, "NUL in the sandbox header", r -> r.auth().oauth2(e.token()).header(TenantHeaders.ORG, org)
                .header(TenantHeaders.SANDBOX, "a\u0001b"), e.path(), e.body(), e.contentType(), ANY);
        Consumer<RequestSpecification> good = r -> r.auth().oauth2(e.token());
        // the target
        for (String path : hostilePaths(e.path())) {
            send(e, "path " + shorten(path), good, path, e.body());
        }
        // the body
        if (e.body() != null) {
            for (Map.Entry<String, String> body : hostileBodies(e.body()).entrySet()) {
                send(e, body.getKey(), good, e.path(), body.getValue());
            }
            sendRaw(e, "text/plain body", r -> good.accept(r.headers(tenantHeaders())), e.path(), e.body(), "text/plain", ANY);
            sendRaw(e, "no body", r -> good.accept(r.headers(tenantHeaders())), e.path(), null, e.contentType(), ANY);
        }
        sendRaw(e, "Accept: text/html", r -> good.accept(r.headers(tenantHeaders()).accept("text/html")), e.path(), e.body(),
                e.contentType(), ANY);
        Endpoint wrongMethod = new Endpoint("PUT".equals(e.method()) ? "POST" : "PUT", e.path(), e.body(), e.contentType(), e.token(),
                e.headers());
        send(wrongMethod, "wrong method", good, e.path(), e.body());
    }

    /** Fails listing every answer that was a 5xx, an error without a problem body and an error code, or not the refusal required. */
    public void assertAllAnsweredWell() {
        if (!failures.isEmpty()) {
            throw new AssertionError(failures.size() + " of " + requests + " hostile requests were answered badly:\n"
                    + String.join("\n", failures.subList(0, Math.min(40, failures.size()))));
        }
    }

    private Map<String, String> tenantHeaders() {
        return Map.of(TenantHeaders.ORG, org, TenantHeaders.SANDBOX, sandbox);
    }

    private void send(Endpoint e, String what, Consumer<RequestSpecification> auth, String path, String body) {
        send(e, what, auth, path, body, ANY);
    }

    private void send(Endpoint e, String what, Consumer<RequestSpecification> auth, String path, String body, Expected required) {
        sendRaw(e, what, r -> auth.accept(r.headers(tenantHeaders())), path, body, e.contentType(), required);
    }

    /** {@code required}: what the status must be, besides below 500 and, for an error, a problem with an error code. */
    private void sendRaw(Endpoint e, String what, Consumer<RequestSpecification> setUp, String path, String body, String contentType,
            Expected required) {
        RequestSpecification request = given().config(RAW).urlEncodingEnabled(false).headers(e.headers());
        setUp.accept(request);
        if (body != null) {
            // as bytes: RestAssured encodes text only for the media types it knows
            request.contentType(contentType == null ? "application/json" : contentType).body(body.getBytes(StandardCharsets.UTF_8));
        }
        requests++;
        Response response;
        try {
            response = request.when().request(e.method(), path);
        } catch (Exception broken) { // RestAssured throws checked exceptions unannounced
            failures.add(e.method() + " " + shorten(path) + " [" + what + "]: no answer (" + broken.getClass().getSimpleName() + ")");
            return;
        }
        int status = response.statusCode();
        String type = response.contentType() == null ? "" : response.contentType();
        String errorCode = type.startsWith("application/problem+json") ? errorCode(response.asByteArray()) : null;
        if (status >= 500 || status >= 400 && (errorCode == null || errorCode.isBlank())
                || !required.status().test(status)) {
            failures.add(e.method() + " " + shorten(path) + " [" + what + "]: " + status + " " + type + " "
                    + (required == ANY ? "" : "(expected " + required.description() + ") ") + shorten(response.asString()));
        }
    }

    /**
     * The problem's {@code errorCode} as text, null when it has none or is not JSON. Read with Jackson: REST Assured's
     * JsonPath compiles a Groovy script for every read, a large part of what a battery of hundreds of requests spent.
     */
    private static String errorCode(byte[] problem) {
        try {
            JsonNode code = PROBLEM.readTree(problem).get("errorCode");
            return code == null || code.isNull() ? null : code.isValueNode() ? code.asText() : code.toString();
        } catch (IOException | RuntimeException unreadable) {
            return null;
        }
    }

    /** The path with its last segment (an id, usually) made hostile, and a query of control characters. */
    private static List<String> hostilePaths(String path) {
        int query = path.indexOf('?');
        String bare = query < 0 ? path : path.substring(0, query);
        String rest = query < 0 ? "" : path.substring(query);
        int slash = bare.lastIndexOf('/');
        String parent = bare.substring(0, slash + 1);
        List<String> paths = new ArrayList<>();
        for (String segment : List.of("a%00b", "..%2F..%2Finternal", "%C0%AF", "x".repeat(9000), "%E2%80%AE%0A")) {
            paths.add(parent + segment + rest);
        }
        String separator = rest.isEmpty() ? "?" : "&";
        paths.add(bare + rest + separator + "limit=1%00");
        paths.add(bare + rest + separator + "property=name%3D%3Da%00b");
        paths.add(bare + rest + separator + "continuationToken=bnVsbA");
        paths.add(bare + rest + separator + "%00=x");
        if (!rest.isEmpty()) {
            // each query value in turn holding NUL
            for (String pair : rest.substring(1).split("&")) {
                paths.add(bare + rest.replace(pair, pair + "%00"));
            }
        }
        return paths;
    }

    /** Bodies built from a valid one: NUL in each string, each field with a wrong type, deep, huge, broken. */
    private Map<String, String> hostileBodies(String valid) {
        Map<String, String> bodies = new LinkedHashMap<>();
        JsonNode tree = parse(valid);
        if (tree != null) {
            List<JsonNode> copies = new ArrayList<>();
            mutate(tree, tree, copies);
            int i = 0;
            for (JsonNode copy : copies) {
                bodies.put("mutation " + i++ + " " + shorten(copy.toString()), copy.toString());
            }
            if (tree.isObject()) {
                ObjectNode keyWithNul = tree.deepCopy();
                keyWithNul.put("na\u0000me", "x");
                bodies.put("NUL in a field name", keyWithNul.toString());
            }
        }
        bodies.put("10,000 nested arrays", "[".repeat(10_000) + "]".repeat(10_000));
        bodies.put("10,000 nested objects", "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000));
        bodies.put("null", "null");
        bodies.put("[null]", "[null]");
        bodies.put("a string", "\"x\"");
        bodies.put("empty array", "[]");
        bodies.put("empty object", "{}");
        bodies.put("broken JSON", valid.substring(0, valid.length() / 2));
        bodies.put("oversize", "{\"name\":\"" + "x".repeat((int) Math.min(maxBodyBytes + 1024, Integer.MAX_VALUE - 16)) + "\"}");
        return bodies;
    }

    /** For each leaf of {@code node} (inside {@code root}): a copy with NUL in it (strings) and copies with other types. */
    private static void mutate(JsonNode root, JsonNode node, List<JsonNode> out) {
        if (node.isObject()) {
            List<String> names = new ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                JsonNode child = node.get(name);
                if (child.isContainerNode()) {
                    replaced(root, (ObjectNode) node, name, NODES.textNode("x"), out);
                    mutate(root, child, out);
                } else {
                    leafVariants(child).forEach(v -> replaced(root, (ObjectNode) node, name, v, out));
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                JsonNode child = node.get(i);
                if (child.isContainerNode()) {
                    mutate(root, child, out);
                } else {
                    int index = i;
                    leafVariants(child).forEach(v -> {
                        ((ArrayNode) node).set(index, v);
                        out.add(root.deepCopy());
                        ((ArrayNode) node).set(index, child);
                    });
                }
            }
        }
    }

    private static void replaced(JsonNode root, ObjectNode parent, String name, JsonNode value, List<JsonNode> out) {
        JsonNode original = parent.get(name);
        parent.set(name, value);
        out.add(root.deepCopy());
        parent.set(name, original);
    }

    private static List<JsonNode> leafVariants(JsonNode leaf) {
        List<JsonNode> variants = new ArrayList<>();
        if (leaf.isTextual()) {
            variants.add(NODES.textNode(leaf.asText() + "\u0000x"));
            variants.add(NODES.textNode("\u0007\u001b[31m" + leaf.asText()));
            variants.add(NODES.numberNode(12345));
        } else {
            variants.add(NODES.textNode("not a " + leaf.getNodeType().name().toLowerCase(java.util.Locale.ROOT)));
        }
        variants.add(NODES.objectNode().put("x", 1));
        variants.add(NODES.arrayNode().add(1));
        variants.add(NODES.numberNode(new BigInteger("9".repeat(40))));
        return variants;
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String shorten(String text) {
        String oneLine = text.replaceAll("\\s+", " ");
        return oneLine.length() > 160 ? oneLine.substring(0, 160) + "…" : oneLine;
    }
}
