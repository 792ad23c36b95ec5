package io.s3flow.export.stream;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.s3flow.common.testing.TestTokens;
import io.s3flow.export.ConnectionStack;
import io.s3flow.export.EventRows;
import io.s3flow.export.Poll;
import io.s3flow.export.S3Faults;
import io.s3flow.export.S3ProxyServer;
import io.s3flow.export.delivery.ClaimedStream;
import io.s3flow.export.delivery.DeliveryStore;
import io.s3flow.export.delivery.StreamDelivery;
import io.s3flow.export.lease.Leases;
import io.s3flow.export.readback.PostedEvent;
import io.s3flow.export.readback.StreamFiles;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.S3Client;

/** What delivery does when S3 refuses the keys, disappears, or the delivery dies half-way through a batch. */
@QuarkusTest
@QuarkusTestResource(ConnectionStack.class)
class StreamFailureTest {

    @Inject
    MeterRegistry metrics;
    @Inject
    AgroalDataSource dataSource;
    @Inject
    DeliveryStore store;
    @Inject
    StreamDelivery delivery;

    final StreamsApi streams = new StreamsApi();

    @Test
    void rejectedKeysPauseTheStreamAndNothingIsLostOnceTheConnectionIsFixed() throws Exception {
        S3ProxyServer s3proxy = ConnectionStack.s3proxy;
        S3Client admin = StreamsApi.s3(s3proxy.url(), S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY);
        String bucket = "keys-" + UUID.randomUUID().toString().substring(0, 8);
        String connection = streams.s3ProxyConnection(bucket);
        String streamId = streams.createStream(connection, "keys", Map.of("maxSeconds", 1));
        Map<String, PostedEvent> posted = new LinkedHashMap<>(streams.postEvents("keys-a", 10));
        streams.awaitDelivered(streamId, 10, Duration.ofSeconds(20));

        // the key is revoked (here: the connection now holds a key S3 does not know)
        streams.patchConnection(connection, "/auth/params/s3AccessKey", "AKIAREVOKEDKEY000001");
        posted.putAll(streams.postEvents("keys-b", 10));
        streams.await(streamId, Duration.ofSeconds(20), s -> "PAUSED".equals(s.path("status.state")))
                .then().body("status.errorCode", equalTo("InvalidAccessKeyId")).body("status.hint", notNullValue())
                .body("status.backlog", equalTo(10));
        // the workers and the connection watcher have had their chances: it stays paused, nothing goes out
        workersAndWatcherHadTheirChances();
        streams.status(streamId).then().body("status.state", equalTo("PAUSED")).body("status.deliveredEvents", equalTo(10))
                .body("status.backlog", equalTo(10));

        // the user fixes the connection: its new etag resumes the stream by itself, and the backlog goes out
        streams.patchConnection(connection, "/auth/params/s3AccessKey", S3ProxyServer.ACCESS_KEY);
        streams.awaitDelivered(streamId, 20, Duration.ofSeconds(30)).then().body("status.state", equalTo("ACTIVE"));

        // a user's pause holds events back until the user resumes
        streams.api().post("/streams/" + streamId + "/pause").then().statusCode(200).body("status.state", equalTo("PAUSED"));
        posted.putAll(streams.postEvents("keys-c", 5));
        workersAndWatcherHadTheirChances();
        streams.status(streamId).then().body("status.state", equalTo("PAUSED")).body("status.backlog", equalTo(5))
                .body("status.deliveredEvents", equalTo(20));
        streams.api().post("/streams/" + streamId + "/resume").then().statusCode(200);
        streams.awaitDelivered(streamId, 25, Duration.ofSeconds(30));

        StreamsApi.assertExactlyOnce(posted, StreamsApi.readBack(admin, bucket, "keys", streamId));
    }

    /** Three looks for due streams and two resume checks from now, each loop on its own timer at once. */
    private void workersAndWatcherHadTheirChances() {
        Poll.countersGrow(metrics, Map.of("s3flow.delivery.polls", 3.0, "s3flow.delivery.resume.checks", 2.0), Duration.ofSeconds(30));
    }

    @Test
    void s3DownMeansFailingThenEverythingArrivesWhenItIsBack() throws Exception {
        String bucket = StreamsApi.newBucket();
        String connection = streams.connection(Map.of("s3AccessKey", "AKIAIOSFODNN7EXAMPLE", "s3SecretKey", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
                "bucketName", bucket, "serviceUrl", ConnectionStack.flakyMoto.url()));
        String streamId = streams.createStream(connection, "outage", Map.of("maxSeconds", 1));
        Map<String, PostedEvent> posted;
        ConnectionStack.flakyMoto.cut();
        try {
            posted = streams.postEvents("outage", 300);
            streams.await(streamId, Duration.ofSeconds(20), s -> "FAILING".equals(s.path("status.state")))
                    .then().body("status.reason", notNullValue()).body("status.backlog", equalTo(300));
        } finally {
            ConnectionStack.flakyMoto.restore();
        }
        streams.awaitDelivered(streamId, 300, Duration.ofSeconds(30)).then().body("status.state", equalTo("ACTIVE"));
        // this connection names no folder: the stream's folder is at the bucket's root
        StreamsApi.assertExactlyOnce(posted, StreamFiles.read(StreamsApi.MOTO, bucket, "outage/", streamId));
    }

    @Test
    void aDeliveryThatDiesAfterItsFirstFileIsRedoneWithoutDuplicates() throws Exception {
        AtomicBoolean dying = new AtomicBoolean(true);
        AtomicInteger puts = new AtomicInteger();
        // the first PutObject of the batch succeeds, every later S3 call fails until the test lets it live
        S3Faults.install((call, key, part) -> {
            if (dying.get() && call.equals("putObject") && puts.incrementAndGet() > 1) {
                throw SdkClientException.create("simulated crash after the first file");
            }
        });
        String bucket = StreamsApi.newBucket();
        String streamId = streams.createStream(streams.connection(bucket), "crash", Map.of("maxSeconds", 1));
        Map<String, PostedEvent> posted = streams.postEvents("crash", 3_000); // three types: three files in the batch
        streams.await(streamId, Duration.ofSeconds(20), s -> "FAILING".equals(s.path("status.state")));
        // retried at least once more (each attempt's first file goes, the others fail): still nothing committed
        int firstAttempt = puts.get();
        Poll.until("another attempt at the batch", Duration.ofSeconds(30), () -> puts.get() >= firstAttempt + 2);
        streams.status(streamId).then().body("status.deliveredEvents", equalTo(0)).body("status.backlog", equalTo(3000));
        dying.set(false);
        streams.awaitDelivered(streamId, 3_000, Duration.ofSeconds(30));
        StreamsApi.assertExactlyOnce(posted, StreamsApi.readBack(StreamsApi.MOTO, bucket, "crash", streamId));
    }

    /**
     * Read ahead: the next batch fails while the one before it completes. That batch is in the bucket, so it is
     * committed, not written again: every file once (one completed upload per key), and the failed batch after it.
     */
    @Test
    void aBatchReadAheadThatFailsLeavesTheBatchBeforeItCommittedNotWrittenTwice() throws Exception {
        Map<String, AtomicInteger> completed = new ConcurrentHashMap<>();
        List<String> created = new CopyOnWriteArrayList<>();
        AtomicBoolean failed = new AtomicBoolean();
        // the second batch's upload is refused once, as it starts (its first part is full): while the first batch completes
        S3Faults.install(new S3Faults.Hook() {
            @Override
            public void before(String call, String key, int part) {
                if (call.equals("createMultipartUpload") && ("/" + key).contains("/ahead/")) {
                    created.add(key);
                    if (!key.equals(created.get(0)) && failed.compareAndSet(false, true)) {
                        throw SdkClientException.create("simulated failure of the batch read ahead");
                    }
                }
            }

            @Override
            public void after(String call, String key, int part) {
                if (call.equals("completeMultipartUpload") && ("/" + key).contains("/ahead/")) {
                    completed.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
                }
            }
        });
        String bucket = StreamsApi.newBucket();
        String streamId = streams.api().contentType(ContentType.JSON).body(Map.of("name", "read ahead", "connectionId",
                        streams.connection(bucket), "folderPath", "ahead", "compression", "null",
                        "flush", Map.of("maxEvents", 10_000, "maxSeconds", 1)))
                .post("/streams").then().statusCode(201).extract().path("id");
        // two full batches of one type and hour, ~11 MB each: each file is a multipart upload
        EventRows.insert(dataSource, TestTokens.ORG, streams.sandbox, "ahead-", 20_000, 1_000);
        streams.awaitDelivered(streamId, 20_000, Duration.ofSeconds(90));

        assertTrue(failed.get(), "the batch read ahead was failed once");
        assertEquals(2, completed.size(), "two files: " + completed);
        completed.forEach((key, times) -> assertEquals(1, times.get(), key + " completed " + times + " times: " + completed));
    }

    /**
     * The first small batch of a fresh claim is written without renewing the lease first (one statement less per
     * stream): a lease another replica took meanwhile (here: as the batch's bucket is opened, once the batch is
     * recorded) is still found by the file's own fence. Nothing becomes visible, the cursor stays, and the recorded
     * batch goes out once when the new holder gives the stream back. (That such a batch skips the renewal is
     * RenewBeforeWritingTest's; this is what a user sees either way.)
     */
    @Test
    void aLeaseTakenOverBeforeAFreshClaimsSmallBatchIsWrittenMakesNothingVisible() throws Exception {
        String bucket = StreamsApi.newBucket();
        String streamId = streams.createStream(streams.connection(bucket), "taken", Map.of("maxEvents", 1));
        UUID stream = UUID.fromString(streamId);
        String owner = "test-worker:" + UUID.randomUUID();
        lease(stream, owner); // this test's worker holds the stream: the replica's own workers leave it alone
        Map<String, PostedEvent> posted = streams.postEvents("taken", 1);
        ClaimedStream claimed = new ClaimedStream(new Leases.Claim(stream, owner), store.load(stream).orElseThrow(), System.nanoTime());
        String thief = "another-replica:" + UUID.randomUUID();
        AtomicInteger puts = new AtomicInteger();
        S3Faults.install(new S3Faults.Hook() {
            @Override
            public void opened() {
                lease(stream, thief);
            }

            @Override
            public void before(String call, String key, int part) {
                if (call.equals("putObject")) {
                    puts.incrementAndGet();
                }
            }
        });

        assertEquals(StreamDelivery.Outcome.LEASE_LOST, delivery.deliver(claimed, Instant.MIN));
        assertEquals(0, puts.get(), "no PUT went out");
        assertEquals(0, StreamsApi.MOTO.listObjectsV2(b -> b.bucket(bucket)).keyCount(), "nothing in the bucket");
        try (Connection c = dataSource.getConnection(); PreparedStatement q = c.prepareStatement(
                "SELECT delivered_seq, pending_end_seq IS NOT NULL, lease_owner FROM stream_delivery WHERE stream_id = ?")) {
            q.setObject(1, stream);
            try (ResultSet r = q.executeQuery()) {
                assertTrue(r.next());
                assertEquals(0, r.getLong(1), "the cursor stays");
                assertTrue(r.getBoolean(2), "the batch stays recorded, for whoever holds the stream");
                assertEquals(thief, r.getString(3));
            }
        }
        lease(stream, null); // the new holder gives it back
        streams.awaitDelivered(streamId, 1, Duration.ofSeconds(30));
        StreamsApi.assertExactlyOnce(posted, StreamsApi.readBack(StreamsApi.MOTO, bucket, "taken", streamId));
    }

    /** Gives the stream's lease to {@code owner} for a minute (null: to nobody, due now). */
    private void lease(UUID stream, String owner) {
        try (Connection c = dataSource.getConnection(); PreparedStatement u = c.prepareStatement("UPDATE stream_delivery "
                + "SET lease_owner = ?, lease_until = CASE WHEN ?::text IS NULL THEN NULL ELSE now() + interval '1 minute' END "
                + "WHERE stream_id = ?")) {
            u.setString(1, owner);
            u.setString(2, owner);
            u.setObject(3, stream);
            assertEquals(1, u.executeUpdate());
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
