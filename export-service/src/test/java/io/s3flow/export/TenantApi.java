package io.s3flow.export;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.s3flow.common.auth.Groups;
import io.s3flow.common.tenant.TenantHeaders;
import io.s3flow.common.testing.ContractFilter;
import io.s3flow.common.testing.ServiceJar;
import io.s3flow.common.testing.TestTokens;
import io.s3flow.export.readback.PostedEvent;
import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** A sandbox of its own, its connections (on connection-service) and its events, through the real APIs. */
public class TenantApi {

    public static final List<String> TYPES = List.of("users.messages.email.Send", "users.messages.email.Open", "users.behaviors.Purchase");

    /** The open test moto, with any credentials. */
    public static final S3Client MOTO = s3(ServiceJar.MOTO_URL, "testing", "testing");

    public final String sandbox;
    public final String token = TestTokens.user(Set.of(Groups.CONNECTIONS_READ, Groups.CONNECTIONS_WRITE, Groups.EXPORTS_READ,
            Groups.EXPORTS_WRITE, Groups.EVENTS_WRITE));

    /** A sandbox of its own. */
    public TenantApi() {
        this("s" + UUID.randomUUID().toString().substring(0, 8));
    }

    /** The sandbox another helper works in (streams and exports of one tenant). */
    public TenantApi(String sandbox) {
        this.sandbox = sandbox;
    }

    public static S3Client s3(String url, String accessKey, String secretKey) {
        return S3Client.builder().endpointOverride(URI.create(url)).forcePathStyle(true).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey))).build();
    }

    public RequestSpecification api() {
        return given().auth().oauth2(token).header(TenantHeaders.ORG, TestTokens.ORG).header(TenantHeaders.SANDBOX, sandbox);
    }

    public static String newBucket() {
        String bucket = "stream-" + UUID.randomUUID().toString().substring(0, 12);
        MOTO.createBucket(b -> b.bucket(bucket));
        return bucket;
    }

    /** An Access Key connection to the bucket's folder {@code landing} on the open test moto. */
    public String connection(String bucket) {
        return connection(Map.of("s3AccessKey", "AKIAIOSFODNN7EXAMPLE", "s3SecretKey", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
                "bucketName", bucket, "folderPath", "landing"));
    }

    public String connection(Map<String, String> params) {
        return connection("Access Key", params);
    }

    /** A connection of auth spec {@code specName} ({@code Access Key}, {@code Role ARN}, {@code IAMRole Based}). */
    public String connection(String specName, Map<String, String> params) {
        return connections().contentType(ContentType.JSON).body(Map.of("name", "currents bucket",
                        "auth", Map.of("specName", specName, "params", params),
                        "connectionSpec", Map.of("id", "ecadc60c-7455-4d87-84dc-2a0e293d997b", "version", "1.0")))
                .post("/connections").then().statusCode(201).extract().path("id");
    }

    /** A JSON Patch {@code replace} of one field of the connection, under its current etag, as its user would. */
    public void patchConnection(String connectionId, String path, String value) {
        String etag = connections().get("/connections/" + connectionId).then().extract().path("items[0].etag");
        connections().contentType(ContentType.JSON).header("If-Match", etag)
                .body(List.of(Map.of("op", "replace", "path", path, "value", value)))
                .patch("/connections/" + connectionId).then().statusCode(200);
    }

    /** connection-service itself (export-service's tests create connections there, as a client of the gateway would). */
    public RequestSpecification connections() {
        return api().baseUri(ConnectionStack.connectionServiceUrl);
    }

    /**
     * Posts {@code count} events with ids {@code prefix-0…}, the three {@link #TYPES} in turn, in requests of 10,000;
     * returns them by id, as posted.
     */
    public Map<String, PostedEvent> postEvents(String prefix, int count) {
        Map<String, PostedEvent> posted = events(prefix, count);
        List<PostedEvent> events = List.copyOf(posted.values());
        for (int from = 0; from < count; from += 10_000) {
            post(events.subList(from, Math.min(count, from + 10_000)));
        }
        return posted;
    }

    /** Events {@code prefix-0…} of the three {@link #TYPES} in turn, a millisecond apart, by id (not posted). */
    public Map<String, PostedEvent> events(String prefix, int count) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Map<String, PostedEvent> events = new LinkedHashMap<>();
        for (int n = 0; n < count; n++) {
            String id = prefix + "-" + n;
            events.put(id, new PostedEvent(id, TYPES.get(n % 3), now.minusMillis(n), n % 5 == 0 ? null : "user-" + n % 7,
                    PostedEvent.JSON.createObjectNode().put("n", n)));
        }
        return events;
    }

    /**
     * Posts the events in one request, which must be accepted whole. A request of more than
     * {@link #CONTRACT_CHECKED_EVENTS} events is compared with the served document for its answer only (see there).
     */
    public void post(List<PostedEvent> events) {
        ArrayNode body = PostedEvent.JSON.createArrayNode();
        events.forEach(event -> body.add(event.json()));
        Runnable send = () -> api().contentType(ContentType.JSON).body(body.toString()).post("/events").then().statusCode(202)
                .body("accepted", equalTo(events.size())).body("rejected", hasSize(0));
        if (events.size() <= CONTRACT_CHECKED_EVENTS) {
            send.run();
            return;
        }
        assertTrue(events.size() <= documentedMaxEvents(), "the document allows a request of " + events.size() + " events");
        ContractFilter.answersOnly(send);
    }

    /**
     * The most events of a request whose request, not only its answer, is compared with the served document. Each event
     * is checked against the document's Event, every field of which is any JSON value: an anyOf of five types, which
     * the validator took 2-4 ms an event to try on a loaded machine (23-45 s of each request of 10,000, nearly all of
     * the time of a test posting 50,000). What that says about these events, all made by {@link PostedEvent#json()}, the
     * smaller requests show just as well; what only a larger request shows, that the document allows that many,
     * {@link #post} asserts itself.
     */
    static final int CONTRACT_CHECKED_EVENTS = 100;

    private static volatile Integer documentedMaxEvents;

    /** The {@code maxItems} of POST /events' body in the document the service serves. */
    private static int documentedMaxEvents() {
        if (documentedMaxEvents == null) {
            documentedMaxEvents = given().get("/q/openapi?format=json").then().statusCode(200).extract()
                    .path("paths.'/events'.post.requestBody.content.'application/json'.schema.maxItems");
        }
        return documentedMaxEvents;
    }

    public static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
