package io.s3flow.export.stream;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.s3flow.common.auth.Groups;
import io.s3flow.common.tenant.TenantHeaders;
import io.s3flow.common.testing.ServiceJar;
import io.s3flow.common.testing.TestTokens;
import io.s3flow.export.ConnectionStack;
import io.s3flow.export.delivery.DeliveryStore;
import io.s3flow.export.delivery.StreamDelivery;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/** Streams against the real connection-service, credential-service, PostgreSQL and moto. */
@QuarkusTest
@QuarkusTestResource(ConnectionStack.class)
class StreamDeliveryTest {

    static final List<String> TYPES = List.of("users.messages.email.Send", "users.messages.email.Open", "users.behaviors.Purchase");
    static final Pattern KEY = Pattern.compile(
            "landing/(.+)/dataexport\\.s3flow\\.S3\\.integration\\.([0-9a-f-]{36})/event_type=([^/]+)/date=(\\d{4}-\\d{2}-\\d{2}-\\d{2})/\\2\\+(\\d{20})\\.avro");

    static final S3Client S3 = S3Client.builder().endpointOverride(URI.create(ServiceJar.MOTO_URL)).forcePathStyle(true)
            .region(Region.US_EAST_1)
            .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"))).build();

    @Inject
    DeliveryStore store;
    @Inject
    StreamDelivery delivery;

    final String sandbox = "s" + UUID.randomUUID().toString().substring(0, 8);
    final String token = TestTokens.user(Set.of(Groups.CONNECTIONS_READ, Groups.CONNECTIONS_WRITE, Groups.EXPORTS_READ,
            Groups.EXPORTS_WRITE, Groups.EVENTS_WRITE));

    @Test
    void fiftyThousandEventsLandOnceEachAsAvroFilesInTheLayout() throws IOException {
        String bucket = bucket();
        String streamId = createStream(connection(bucket), "currents", Map.of("maxEvents", 15000, "maxSeconds", 2));
        Instant base = Instant.parse("2026-11-23T08:30:00Z");
        Map<String, String> typeOf = new HashMap<>();
        for (int request = 0; request < 5; request++) {
            List<Map<String, Object>> events = new ArrayList<>();
            for (int i = 0; i < 10_000; i++) {
                int n = request * 10_000 + i;
                String id = "evt-" + n;
                String type = TYPES.get(n % 3);
                typeOf.put(id, type);
                events.add(Map.of("id", id, "type", type, "time", base.plusMillis(n * 150L).toString(), "userId", "user-" + (n % 97),
                        "properties", Map.of("n", n, "campaign", "black-friday")));
            }
            api().contentType(ContentType.JSON).body(events).post("/events").then().statusCode(202)
                    .body("accepted", equalTo(10_000)).body("rejected", hasSize(0));
        }
        // a retried request stores nothing twice
        api().contentType(ContentType.JSON).body(List.of(Map.of("id", "evt-7", "type", TYPES.get(1))))
                .post("/events").then().statusCode(202).body("duplicates", equalTo(1));

        awaitDelivered(streamId, 50_000, Duration.ofSeconds(180));
        Map<String, Integer> seen = readBack(bucket, streamId);
        assertEquals(50_000, seen.size(), "every event in the bucket");
        assertTrue(seen.values().stream().allMatch(count -> count == 1), "no event twice");
        api().get("/streams/" + streamId).then().statusCode(200)
                .body("status.state", equalTo("ACTIVE")).body("status.backlog", equalTo(0))
                .body("status.deliveredEvents", equalTo(50_000));
    }

    @Test
    void anIdleStreamIsFlushedAfterMaxSeconds() throws IOException {
        String bucket = bucket();
        String streamId = createStream(connection(bucket), "idle", Map.of("maxEvents", 15000, "maxSeconds", 2));
        List<Map<String, Object>> events = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            events.add(Map.of("type", "users.messages.email.Send", "properties", Map.of("i", i)));
        }
        api().contentType(ContentType.JSON).body(events).post("/events").then().statusCode(202).body("accepted", equalTo(10));
        awaitDelivered(streamId, 10, Duration.ofSeconds(20));
        assertEquals(10, readBack(bucket, streamId).size());
    }

    @Test
    void competingWorkersWriteEveryEventExactlyOnce() throws Exception {
        String bucket = bucket();
        String streamId = createStream(connection(bucket), "contended", Map.of("maxEvents", 500, "maxSeconds", 1));
        ExecutorService rivals = Executors.newFixedThreadPool(2);
        Instant until = Instant.now().plusSeconds(25);
        for (String owner : List.of("rival-a", "rival-b")) {
            rivals.execute(() -> {
                while (Instant.now().isBefore(until)) {
                    try {
                        for (UUID claimed : store.claim(owner, 1, Duration.ofSeconds(30))) {
                            delivery.deliverOnce(claimed, owner);
                            store.release(claimed, owner);
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
            });
        }
        for (int request = 0; request < 10; request++) {
            List<Map<String, Object>> events = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                events.add(Map.of("id", "c-" + request + "-" + i, "type", TYPES.get(i % 3)));
            }
            api().contentType(ContentType.JSON).body(events).post("/events").then().statusCode(202);
        }
        awaitDelivered(streamId, 10_000, Duration.ofSeconds(60));
        rivals.shutdownNow();
        rivals.awaitTermination(30, TimeUnit.SECONDS);
        Map<String, Integer> seen = readBack(bucket, streamId);
        assertEquals(10_000, seen.size());
        assertTrue(seen.values().stream().allMatch(count -> count == 1), "no event twice");
    }

    @Test
    void twoStreamsCannotShareAFolder() {
        String connection = connection(bucket());
        createStream(connection, "shared", Map.of());
        api().contentType(ContentType.JSON).body(Map.of("name", "second", "connectionId", connection, "folderPath", "shared"))
                .post("/streams").then().statusCode(409).body("errorCode", equalTo("STREAM_FOLDER_TAKEN"));
    }

    // --- helpers -------------------------------------------------------------------------------------------------

    io.restassured.specification.RequestSpecification api() {
        return given().auth().oauth2(token).header(TenantHeaders.ORG, TestTokens.ORG).header(TenantHeaders.SANDBOX, sandbox);
    }

    static String bucket() {
        String bucket = "stream-" + UUID.randomUUID().toString().substring(0, 12);
        S3.createBucket(b -> b.bucket(bucket));
        return bucket;
    }

    String connection(String bucket) {
        return given().baseUri(ConnectionStack.connectionServiceUrl).auth().oauth2(token)
                .header(TenantHeaders.ORG, TestTokens.ORG).header(TenantHeaders.SANDBOX, sandbox)
                .contentType(ContentType.JSON).body(Map.of("name", "currents bucket",
                        "auth", Map.of("specName", "Access Key", "params", Map.of("s3AccessKey", "AKIAIOSFODNN7EXAMPLE",
                                "s3SecretKey", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "bucketName", bucket, "folderPath", "landing")),
                        "connectionSpec", Map.of("id", "ecadc60c-7455-4d87-84dc-2a0e293d997b", "version", "1.0")))
                .post("/connections").then().statusCode(201).extract().path("id");
    }

    String createStream(String connectionId, String folder, Map<String, Object> flush) {
        return api().contentType(ContentType.JSON)
                .body(Map.of("name", "stream " + folder, "connectionId", connectionId, "folderPath", folder, "flush", flush))
                .post("/streams").then().statusCode(201).extract().path("id");
    }

    void awaitDelivered(String streamId, int events, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        Response status = null;
        while (Instant.now().isBefore(deadline)) {
            status = api().get("/streams/" + streamId);
            if (status.statusCode() == 200 && ((Number) status.path("status.deliveredEvents")).intValue() >= events) {
                return;
            }
            sleep(250);
        }
        throw new AssertionError("not delivered in " + timeout + ": " + (status == null ? "" : status.asString()));
    }

    /** Every event id in the stream's files, with how often it appears; checks each key and its events' type. */
    static Map<String, Integer> readBack(String bucket, String streamId) throws IOException {
        Map<String, Integer> seen = new HashMap<>();
        Set<String> keys = new HashSet<>();
        for (S3Object object : S3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix("landing/")).contents()) {
            Matcher key = KEY.matcher(object.key());
            assertTrue(key.matches(), "key in the Currents layout: " + object.key());
            assertEquals(streamId, key.group(2));
            keys.add(object.key());
            try (InputStream in = S3.getObject(b -> b.bucket(bucket).key(object.key()));
                    DataFileStream<GenericRecord> file = new DataFileStream<>(in, new GenericDatumReader<>())) {
                long first = Long.MAX_VALUE;
                for (GenericRecord record : file) {
                    assertEquals(key.group(3), record.get("type").toString(), "event in its type's folder");
                    seen.merge(record.get("id").toString(), 1, Integer::sum);
                    first = Math.min(first, (Long) record.get("sequence"));
                }
                assertEquals(Long.parseLong(key.group(5)), first, "file named after its first sequence");
            }
        }
        assertTrue(!keys.isEmpty(), "files were written");
        return seen;
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
