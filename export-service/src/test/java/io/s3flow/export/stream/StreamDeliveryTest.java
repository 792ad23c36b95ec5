package io.s3flow.export.stream;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.s3flow.common.testing.IamMoto;
import io.s3flow.common.testing.TestTokens;
import io.s3flow.common.tenant.TenantHeaders;
import io.s3flow.export.ConnectionStack;
import io.s3flow.export.TenantApi;
import io.s3flow.export.delivery.ClaimedStream;
import io.s3flow.export.delivery.DeliveryStore;
import io.s3flow.export.delivery.StreamDelivery;
import io.s3flow.export.readback.PostedEvent;
import io.s3flow.export.readback.ParquetFiles;
import io.s3flow.export.readback.StreamFiles;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/** Streams against the real connection-service, credential-service, PostgreSQL and moto. */
@QuarkusTest
@QuarkusTestResource(ConnectionStack.class)
@Tag("beside")
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
        Map<String, PostedEvent> posted = new LinkedHashMap<>();
        for (int request = 0; request < 5; request++) {
            List<PostedEvent> events = new ArrayList<>();
            for (int i = 0; i < 10_000; i++) {
                int n = request * 10_000 + i;
                // 150 ms apart: the events span two hours, so files split by hour as well as by type
                PostedEvent event = new PostedEvent("big-" + n, StreamsApi.TYPES.get(n % 3), base.plusMillis(n * 150L),
                        "user-" + (n % 97), JSON.createObjectNode().put("n", n).put("campaign", "black-friday"));
                events.add(event);
                posted.put(event.id(), event);
            }
            streams.post(events);
        }
        // a retried request stores nothing twice
        streams.api().contentType(ContentType.JSON).body(List.of(Map.of("id", "big-7", "type", StreamsApi.TYPES.get(1))))
                .post("/events").then().statusCode(202).body("duplicates", equalTo(1));

        streams.awaitDelivered(streamId, 50_000, Duration.ofSeconds(180));
        StreamsApi.assertExactlyOnce(posted, StreamsApi.readBack(StreamsApi.MOTO, bucket, "currents", streamId));
        streams.status(streamId).then().statusCode(200)
                .body("status.state", equalTo("ACTIVE")).body("status.backlog", equalTo(0))
                .body("status.deliveredEvents", equalTo(50_000));
    }

    @Test
    void anIdleStreamIsFlushedAfterMaxSeconds() throws Exception {
        String bucket = StreamsApi.newBucket();
        String streamId = streams.createStream(streams.connection(bucket), "idle", Map.of("maxEvents", 15000, "maxSeconds", 2));
        Map<String, PostedEvent> posted = streams.postEvents("idle", 10);
        streams.awaitDelivered(streamId, 10, Duration.ofSeconds(20));
        StreamsApi.assertExactlyOnce(posted, StreamsApi.readBack(StreamsApi.MOTO, bucket, "idle", streamId));
    }

    @Test
    void aJsonlStreamWritesGzippedLinesEncryptedAtRest() throws Exception {
        String bucket = StreamsApi.newBucket();
        String streamId = streams.api().contentType(ContentType.JSON).body(Map.of("name", "jsonl", "connectionId",
                        streams.connection(bucket), "folderPath", "lines", "format", "jsonl", "compression", "gzip",
                        "eventTypes", List.of(StreamsApi.TYPES.get(0)), "serverSideEncryption", "AES256",
                        "flush", Map.of("maxSeconds", 1)))
                .post("/streams").then().statusCode(201).extract().path("id");
        Map<String, PostedEvent> selected = new LinkedHashMap<>(streams.postEvents("lines", 30));
        selected.values().removeIf(event -> !event.type().equals(StreamsApi.TYPES.get(0))); // a third of them
        streams.awaitDelivered(streamId, 10, Duration.ofSeconds(20));
        StreamFiles.Readback files = StreamsApi.readBack(StreamsApi.MOTO, bucket, "lines", streamId);
        StreamsApi.assertExactlyOnce(selected, files);
        for (var object : StreamsApi.MOTO.listObjectsV2(b -> b.bucket(bucket)).contents()) {
            assertTrue(object.key().endsWith(".jsonl.gz"), object.key());
            var head = StreamsApi.MOTO.headObject(b -> b.bucket(bucket).key(object.key()));
            assertEquals(ServerSideEncryption.AES256, head.serverSideEncryption());
        }
    }

    /** hyparquet, not parquet-java, reads the files back: the Avro record's columns, every value, type and null. */
    @Test
    void aParquetStreamWritesTheAvroRecordAsZstdParquetFiles() throws Exception {
        String bucket = StreamsApi.newBucket();
        String streamId = streams.api().contentType(ContentType.JSON).body(Map.of("name", "parquet", "connectionId",
                        streams.connection(bucket), "folderPath", "columns", "format", "parquet", "compression", "zstd",
                        "flush", Map.of("maxSeconds", 1)))
                .post("/streams").then().statusCode(201).extract().path("id");
        streams.api().get("/streams/" + streamId).then().statusCode(200).body("format", equalTo("parquet")).body("compression", equalTo("zstd"));
        Map<String, PostedEvent> posted = streams.postEvents("columns", 300);
        streams.awaitDelivered(streamId, 300, Duration.ofSeconds(30));
        StreamFiles.Readback files = StreamsApi.readBack(StreamsApi.MOTO, bucket, "columns", streamId);
        StreamsApi.assertExactlyOnce(posted, files);
        assertTrue(files.files() >= 3, "a file per type at least: " + files.files());
        for (var object : StreamsApi.MOTO.listObjectsV2(b -> b.bucket(bucket)).contents()) {
            assertTrue(object.key().endsWith(".parquet"), object.key());
            assertEquals(List.of("ZSTD"), ParquetFiles.read(StreamsApi.MOTO, bucket, object.key()).footer().codecs());
        }
    }

    @Test
    void competingWorkersWriteEveryEventExactlyOnce() throws Exception {
        String bucket = StreamsApi.newBucket();
        String streamId = streams.createStream(streams.connection(bucket), "contended", Map.of("maxEvents", 500, "maxSeconds", 1));
        ExecutorService rivals = Executors.newFixedThreadPool(2);
        AtomicBoolean done = new AtomicBoolean();
        List<Future<Integer>> delivered = new ArrayList<>();
        for (String owner : List.of("rival-a", "rival-b")) {
            // a rival worker: claims due streams as another replica would, delivers, gives the lease back; counts its batches
            delivered.add(rivals.submit(() -> {
                int batches = 0;
                while (!done.get()) {
                    for (ClaimedStream claimed : store.claim(owner, 1, Duration.ofSeconds(30))) {
                        StreamDelivery.Outcome outcome = delivery.deliverOnce(claimed.id(), claimed.token());
                        if (outcome == StreamDelivery.Outcome.DELIVERED || outcome == StreamDelivery.Outcome.MORE) {
                            batches++;
                        }
                        store.release(claimed.id(), claimed.token(), Duration.ZERO);
                    }
                    TenantApi.sleep(20);
                }
                return batches;
            }));
        }
        // in requests of 500 as they come: each batch goes to whichever worker claims the stream when it is due
        Map<String, PostedEvent> posted = new LinkedHashMap<>();
        for (int request = 0; request < 20; request++) {
            Map<String, PostedEvent> events = streams.events("contended-" + request, 500);
            streams.post(List.copyOf(events.values()));
            posted.putAll(events);
            TenantApi.sleep(100);
        }
        try {
            streams.awaitDelivered(streamId, 10_000, Duration.ofSeconds(90));
        } finally {
            done.set(true);
            rivals.shutdown();
        }
        assertTrue(rivals.awaitTermination(60, TimeUnit.SECONDS), "the rivals stopped");
        // a rival that threw fails the test here, with its exception
        int rivalA = delivered.get(0).get();
        int rivalB = delivered.get(1).get();
        assertTrue(rivalA > 0 && rivalB > 0, "both rivals delivered batches of the stream: " + rivalA + ", " + rivalB);
        StreamsApi.assertExactlyOnce(posted, StreamsApi.readBack(StreamsApi.MOTO, bucket, "contended", streamId));
        streams.status(streamId).then().body("status.deliveredEvents", equalTo(10_000));
    }

    @Test
    void aConnectionMovedToAnotherFolderPausesTheStreamUntilItIsBack() throws Exception {
        String bucket = StreamsApi.newBucket();
        String connection = streams.connection(bucket);
        String streamId = streams.createStream(connection, "pinned", Map.of("maxSeconds", 1));
        moveConnection(connection, "elsewhere");
        Map<String, PostedEvent> posted = streams.postEvents("pinned", 9);
        streams.await(streamId, Duration.ofSeconds(20), s -> "PAUSED".equals(s.path("status.state")))
                .then().body("status.errorCode", org.hamcrest.Matchers.equalTo("CONNECTION_DESTINATION_CHANGED"))
                .body("status.backlog", org.hamcrest.Matchers.equalTo(9));
        moveConnection(connection, "landing");
        streams.awaitDelivered(streamId, 9, Duration.ofSeconds(30));
        StreamsApi.assertExactlyOnce(posted, StreamsApi.readBack(StreamsApi.MOTO, bucket, "pinned", streamId));
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
