package io.s3flow.export.stream;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.s3flow.common.testing.IamMoto;
import io.s3flow.common.testing.TestTokens;
import io.s3flow.common.tenant.TenantHeaders;
import io.s3flow.export.ConnectionStack;
import io.s3flow.export.delivery.DeliveryStore;
import io.s3flow.export.lease.Leases;
import io.s3flow.export.delivery.StreamDelivery;
import jakarta.inject.Inject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/** Streams against the real connection-service, credential-service, PostgreSQL and moto. */
@QuarkusTest
@QuarkusTestResource(ConnectionStack.class)
class StreamDeliveryTest {

    @Inject
    DeliveryStore store;
    @Inject
    StreamDelivery delivery;

    static final ObjectMapper JSON = new ObjectMapper();

    final StreamsApi streams = new StreamsApi();

    @Test
    void fiftyThousandEventsLandOnceEachAsAvroFilesInTheLayout() throws Exception {
        String bucket = StreamsApi.newBucket();
        String streamId = streams.createStream(streams.connection(bucket), "currents", Map.of("maxEvents", 15000, "maxSeconds", 2));
        Instant base = Instant.parse("2026-11-23T08:30:00Z");
        for (int request = 0; request < 5; request++) {
            List<Map<String, Object>> events = new ArrayList<>();
            for (int i = 0; i < 10_000; i++) {
                int n = request * 10_000 + i;
                // 150 ms apart: the events span two hours, so files split by hour as well as by type
                events.add(Map.of("id", "big-" + n, "type", StreamsApi.TYPES.get(n % 3), "time", base.plusMillis(n * 150L).toString(),
                        "userId", "user-" + (n % 97), "properties", Map.of("n", n, "campaign", "black-friday")));
            }
            streams.api().contentType(ContentType.JSON).body(events).post("/events").then().statusCode(202)
                    .body("accepted", equalTo(10_000)).body("rejected", hasSize(0));
        }
        // a retried request stores nothing twice
        streams.api().contentType(ContentType.JSON).body(List.of(Map.of("id", "big-7", "type", StreamsApi.TYPES.get(1))))
                .post("/events").then().statusCode(202).body("duplicates", equalTo(1));

        streams.awaitDelivered(streamId, 50_000, Duration.ofSeconds(180));
        StreamsApi.assertExactlyOnce(StreamsApi.readBack(StreamsApi.MOTO, bucket, streamId), "big", 50_000);
        streams.status(streamId).then().statusCode(200)
                .body("status.state", equalTo("ACTIVE")).body("status.backlog", equalTo(0))
                .body("status.deliveredEvents", equalTo(50_000));
    }

    @Test
    void anIdleStreamIsFlushedAfterMaxSeconds() throws Exception {
        String bucket = StreamsApi.newBucket();
        String streamId = streams.createStream(streams.connection(bucket), "idle", Map.of("maxEvents", 15000, "maxSeconds", 2));
        streams.postEvents("idle", 10);
        streams.awaitDelivered(streamId, 10, Duration.ofSeconds(20));
        StreamsApi.assertExactlyOnce(StreamsApi.readBack(StreamsApi.MOTO, bucket, streamId), "idle", 10);
    }

    @Test
    void aJsonlStreamWritesGzippedLinesEncryptedAtRest() throws Exception {
        String bucket = StreamsApi.newBucket();
        String streamId = streams.api().contentType(ContentType.JSON).body(Map.of("name", "jsonl", "connectionId",
                        streams.connection(bucket), "folderPath", "lines", "format", "jsonl", "compression", "gzip",
                        "eventTypes", List.of(StreamsApi.TYPES.get(0)), "serverSideEncryption", "AES256",
                        "flush", Map.of("maxSeconds", 1)))
                .post("/streams").then().statusCode(201).extract().path("id");
        streams.postEvents("lines", 30); // a third of them of the selected type
        streams.awaitDelivered(streamId, 10, Duration.ofSeconds(20));
        List<String> ids = new ArrayList<>();
        for (var object : StreamsApi.MOTO.listObjectsV2(b -> b.bucket(bucket)).contents()) {
            assertTrue(object.key().endsWith(".jsonl.gz"), object.key());
            var head = StreamsApi.MOTO.headObject(b -> b.bucket(bucket).key(object.key()));
            assertEquals(ServerSideEncryption.AES256, head.serverSideEncryption());
            try (var lines = new BufferedReader(new InputStreamReader(new GZIPInputStream(
                    StreamsApi.MOTO.getObject(b -> b.bucket(bucket).key(object.key()))), StandardCharsets.UTF_8))) {
                for (String line; (line = lines.readLine()) != null; ) {
                    JsonNode event = JSON.readTree(line);
                    assertEquals(StreamsApi.TYPES.get(0), event.get("type").asText());
                    assertTrue(event.get("properties").has("n"));
                    ids.add(event.get("id").asText());
                }
            }
        }
        assertEquals(10, ids.size());
        assertEquals(10, new java.util.HashSet<>(ids).size());
    }

    @Test
    void competingWorkersWriteEveryEventExactlyOnce() throws Exception {
        String bucket = StreamsApi.newBucket();
        String streamId = streams.createStream(streams.connection(bucket), "contended", Map.of("maxEvents", 500, "maxSeconds", 1));
        ExecutorService rivals = Executors.newFixedThreadPool(2);
        Instant until = Instant.now().plusSeconds(25);
        for (String owner : List.of("rival-a", "rival-b")) {
            rivals.execute(() -> {
                while (Instant.now().isBefore(until)) {
                    try {
                        for (Leases.Claim claimed : store.claim(owner, 1, Duration.ofSeconds(30))) {
                            delivery.deliverOnce(claimed.id(), claimed.token());
                            store.release(claimed.id(), claimed.token(), Duration.ZERO);
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
            });
        }
        streams.postEvents("contended", 10_000);
        streams.awaitDelivered(streamId, 10_000, Duration.ofSeconds(60));
        rivals.shutdownNow();
        rivals.awaitTermination(30, TimeUnit.SECONDS);
        StreamsApi.assertExactlyOnce(StreamsApi.readBack(StreamsApi.MOTO, bucket, streamId), "contended", 10_000);
    }

    @Test
    void aConnectionMovedToAnotherFolderPausesTheStreamUntilItIsBack() throws Exception {
        String bucket = StreamsApi.newBucket();
        String connection = streams.connection(bucket);
        String streamId = streams.createStream(connection, "pinned", Map.of("maxSeconds", 1));
        moveConnection(connection, "elsewhere");
        streams.postEvents("pinned", 9);
        streams.await(streamId, Duration.ofSeconds(20), s -> "PAUSED".equals(s.path("status.state")))
                .then().body("status.errorCode", org.hamcrest.Matchers.equalTo("CONNECTION_DESTINATION_CHANGED"))
                .body("status.backlog", org.hamcrest.Matchers.equalTo(9));
        moveConnection(connection, "landing");
        streams.awaitDelivered(streamId, 9, Duration.ofSeconds(30));
        StreamsApi.assertExactlyOnce(StreamsApi.readBack(StreamsApi.MOTO, bucket, streamId), "pinned", 9);
        assertTrue(StreamsApi.MOTO.listObjectsV2(b -> b.bucket(bucket).prefix("elsewhere/")).contents().isEmpty());
    }

    private void moveConnection(String connection, String folder) {
        String etag = streams.connections().get("/connections/" + connection).then().extract().path("items[0].etag");
        streams.connections().contentType(ContentType.JSON).header("If-Match", etag)
                .body(List.of(Map.of("op", "replace", "path", "/auth/params/folderPath", "value", folder)))
                .patch("/connections/" + connection).then().statusCode(200);
    }

    @Test
    void twoStreamsCannotShareAFolder() {
        String connection = streams.connection(StreamsApi.newBucket());
        streams.createStream(connection, "shared", Map.of());
        streams.api().contentType(ContentType.JSON).body(Map.of("name", "second", "connectionId", connection, "folderPath", "shared"))
                .post("/streams").then().statusCode(409).body("errorCode", equalTo("STREAM_FOLDER_TAKEN"));
    }

    @Test
    void aStreamIsEditedUnderItsEtagAndInvisibleToOtherTenants() {
        String connection = streams.connection(StreamsApi.newBucket());
        String id = streams.createStream(connection, "edited", Map.of());
        String etag = streams.status(id).header("ETag");
        List<Map<String, Object>> rename = List.of(Map.of("op", "replace", "path", "/name", "value", "renamed"));
        streams.api().contentType(ContentType.JSON).body(rename).patch("/streams/" + id).then().statusCode(400)
                .body("errorCode", equalTo("1403-400"));
        String newEtag = streams.api().contentType(ContentType.JSON).header("If-Match", etag).body(rename)
                .patch("/streams/" + id).then().statusCode(200).extract().path("etag");
        streams.api().contentType(ContentType.JSON).header("If-Match", etag).body(rename)
                .patch("/streams/" + id).then().statusCode(412).contentType(startsWith("application/problem+json"))
                .body("errorCode", equalTo("1404-412"));
        streams.api().contentType(ContentType.JSON).header("If-Match", newEtag)
                .body(List.of(Map.of("op", "replace", "path", "/format", "value", "jsonl")))
                .patch("/streams/" + id).then().statusCode(400).body("errorCode", equalTo("1455-400"));
        streams.api().contentType(ContentType.JSON).header("If-Match", newEtag).body("[null]")
                .patch("/streams/" + id).then().statusCode(400).body("errorCode", equalTo("INVALID_PATCH"));
        streams.status(id).then().body("name", equalTo("renamed"));

        StreamsApi other = new StreamsApi();
        other.status(id).then().statusCode(404);
        io.restassured.RestAssured.given().auth().oauth2(TestTokens.user(TestTokens.ALL_USER_GROUPS))
                .header(TenantHeaders.ORG, TestTokens.ORG).header(TenantHeaders.SANDBOX, streams.sandbox)
                .delete("/streams/" + id).then().statusCode(204);
        streams.status(id).then().statusCode(404);
    }

    @Test
    void aConnectionThatFailsTheStreamTestIsRefusedWithItsChecks() {
        // the Braze Currents policy lacks nothing for a stream; a user with no policy at all fails every check
        ConnectionStack.iamMoto.open();
        IamMoto.Keys nobody;
        try {
            nobody = ConnectionStack.iamMoto.createUser("nobody-" + UUID.randomUUID().toString().substring(0, 6), null);
        } finally {
            ConnectionStack.iamMoto.enforce();
        }
        String connection = streams.connection(Map.of("s3AccessKey", nobody.accessKeyId(), "s3SecretKey", nobody.secretAccessKey(),
                "bucketName", ConnectionStack.IAM_BUCKET, "serviceUrl", ConnectionStack.iamMoto.url()));
        streams.api().contentType(ContentType.JSON).body(Map.of("name", "denied", "connectionId", connection))
                .post("/streams").then().statusCode(422).body("errorCode", equalTo("CONNECTION_TEST_FAILED"))
                .body("violations.field", org.hamcrest.Matchers.hasItem("s3:PutObject"));
        streams.api().contentType(ContentType.JSON).body(Map.of("name", "ghost", "connectionId", UUID.randomUUID().toString()))
                .post("/streams").then().statusCode(400).body("violations[0].field", equalTo("connectionId"));
    }
}
