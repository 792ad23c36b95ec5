package io.s3flow.export.stream;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.s3flow.export.ConnectionStack;
import io.s3flow.export.Poll;
import io.s3flow.export.TenantApi;
import io.s3flow.export.delivery.ClaimedStream;
import io.s3flow.export.delivery.DeliveryConfig;
import io.s3flow.export.delivery.DeliveryStore;
import io.s3flow.export.delivery.StreamDelivery;
import io.s3flow.export.delivery.StreamWork;
import io.s3flow.export.lease.Leases;
import io.s3flow.export.readback.DeliveredEvent;
import io.s3flow.export.readback.PostedEvent;
import io.s3flow.export.readback.StreamFiles;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A stream whose batch is not due yet (too few events, the oldest younger than maxSeconds) is given back until it is,
 * not leased every second: and yet its tenant's later events that fill the batch have it delivered long before
 * maxSeconds (and the batches after it too), a steady trickle of events leases it at most once per recheck interval
 * (not on every ingestion commit), a PATCH lowering maxSeconds reaches a batch already waiting (also of a failing
 * stream), and the due time counts from the oldest event the stream wants, not from an older event of a type it does
 * not want. Each release of a waiting stream writes a new {@code wake_after} (release + recheck), so the distinct
 * values seen count its leases.
 */
@QuarkusTest
@QuarkusTestResource(ConnectionStack.class)
class WaitingBatchesTest {

    @Inject
    AgroalDataSource dataSource;
    @Inject
    DeliveryConfig config;
    @Inject
    DeliveryStore store;
    @Inject
    StreamDelivery delivery;

    @Test
    void aSteadyTrickleLeasesAWaitingStreamAtMostOncePerRecheckNotOnEveryCommit() throws Exception {
        StreamsApi tenant = new StreamsApi();
        String bucket = StreamsApi.newBucket();
        String id = tenant.createStream(tenant.connection(bucket), "trickle", Map.of("maxEvents", 1000, "maxSeconds", 3600));
        // a busy replica: it claims again as soon as a turn is over (as a worker draining many streams does), so a
        // stream it may lease is leased within milliseconds, not at the next poll
        ExecutorService replica = Executors.newSingleThreadExecutor();
        AtomicBoolean done = new AtomicBoolean();
        Future<?> busy = replica.submit(() -> {
            while (!done.get()) {
                for (ClaimedStream claimed : store.claim("busy-replica", 100, config.lease())) {
                    StreamDelivery.Outcome outcome = delivery.deliverOnce(claimed.id(), claimed.token());
                    if (outcome != StreamDelivery.Outcome.WAITING) {
                        store.release(claimed.id(), claimed.token(), outcome == StreamDelivery.Outcome.MORE ? Duration.ZERO : config.recheck());
                    }
                }
                TenantApi.sleep(10);
            }
            return null;
        });
        // 25 requests of one event, five per recheck interval, each its own ingestion commit
        int requests = 25;
        long every = config.recheck().toMillis() / 5;
        Set<Instant> leases = new HashSet<>();
        Map<String, PostedEvent> posted = new LinkedHashMap<>();
        long started = System.nanoTime();
        try {
            for (int request = 0; request < requests; request++) {
                Map<String, PostedEvent> event = tenant.events("trickle-" + request, 1);
                tenant.post(List.copyOf(event.values()));
                posted.putAll(event);
                for (long until = System.nanoTime() + every * 1_000_000; System.nanoTime() < until; TenantApi.sleep(10)) {
                    Instant wakeAfter = wait(id).wakeAfter();
                    if (wakeAfter != null) {
                        leases.add(wakeAfter);
                    }
                }
            }
        } finally {
            done.set(true);
            replica.shutdown();
        }
        // at most one lease per recheck interval (and the first), however long the requests took on a busy machine
        long rechecks = (System.nanoTime() - started) / config.recheck().toNanos() + 1;
        busy.get(30, TimeUnit.SECONDS); // a replica that threw fails the test here
        assertTrue(leases.size() >= 1 && leases.size() <= rechecks + 1,
                requests + " commits over " + rechecks + " recheck intervals leased the waiting stream " + leases.size() + " times");
        tenant.status(id).then().body("status.deliveredEvents", equalTo(0)).body("status.backlog", equalTo(requests));

        // what the trickle made is still delivered, once, when it comes due (here: maxSeconds lowered to 1)
        patchMaxSeconds(tenant, id, 1);
        tenant.awaitDelivered(id, requests, Duration.ofSeconds(30));
        StreamsApi.assertExactlyOnce(posted, StreamsApi.readBack(StreamsApi.MOTO, bucket, "trickle", id));
    }

    @Test
    void eventsThatFillAWaitingBatchMakeItDueLongBeforeMaxSecondsAndSoDoTheNextOnes() throws Exception {
        StreamsApi tenant = new StreamsApi();
        String bucket = StreamsApi.newBucket();
        String id = tenant.createStream(tenant.connection(bucket), "woken", Map.of("maxEvents", 10, "maxSeconds", 3600));
        Map<String, PostedEvent> first = postOneAndAwaitItsWait(tenant, id, "first");

        // nine more fill the batch: the tenant's newer events wake the stream, and its ten events go out as one batch
        Map<String, PostedEvent> filling = tenant.postEvents("filling", 9);
        tenant.awaitDelivered(id, 10, Duration.ofSeconds(30));
        Map<String, PostedEvent> batch = new LinkedHashMap<>(first);
        batch.putAll(filling);
        StreamFiles.Readback files = StreamsApi.readBack(StreamsApi.MOTO, bucket, "woken", id);
        StreamsApi.assertExactlyOnce(batch, files);
        assertEquals(folders(files, batch.keySet()), files.files(), "one file per type and hour: one batch");

        // a woken stream is not held back until the hour its first event made: ten more at once are a batch due now
        Map<String, PostedEvent> next = tenant.postEvents("next", 10);
        tenant.awaitDelivered(id, 20, Duration.ofSeconds(30));
        Map<String, PostedEvent> all = new LinkedHashMap<>(batch);
        all.putAll(next);
        files = StreamsApi.readBack(StreamsApi.MOTO, bucket, "woken", id);
        StreamsApi.assertExactlyOnce(all, files);
        assertEquals(folders(files, batch.keySet()) + folders(files, next.keySet()), files.files(), "two batches");
    }

    /** Also of a FAILING stream: a failure before its batch was recorded leaves it so while the batch waits. */
    @ParameterizedTest(name = "failing: {0}")
    @ValueSource(booleans = {false, true})
    void aLoweredMaxSecondsReachesABatchAlreadyWaiting(boolean failing) throws Exception {
        StreamsApi tenant = new StreamsApi();
        String bucket = StreamsApi.newBucket();
        String id = tenant.createStream(tenant.connection(bucket), "lowered", Map.of("maxSeconds", 3600));
        Map<String, PostedEvent> posted = postOneAndAwaitItsWait(tenant, id, "lowered");
        if (failing) {
            // as a failure before the batch was recorded (a database error reading the events) leaves it: only a
            // written batch clears FAILING, so the retry that found the batch not due gave the stream back as FAILING
            sql("UPDATE stream_delivery SET state = 'FAILING', attempts = 1 WHERE stream_id = ? AND wake_after IS NOT NULL",
                    UUID.fromString(id));
        }

        patchMaxSeconds(tenant, id, 1);
        tenant.awaitDelivered(id, 1, Duration.ofSeconds(30));
        StreamsApi.assertExactlyOnce(posted, StreamsApi.readBack(StreamsApi.MOTO, bucket, "lowered", id));
    }

    @Test
    void aWorkerHoldingSettingsOlderThanAPatchDoesNotHoldTheBatchBackUntilTheirDueTime() throws Exception {
        StreamsApi tenant = new StreamsApi();
        String id = tenant.createStream(tenant.connection(StreamsApi.newBucket()), "raced", Map.of("maxSeconds", 3600));
        UUID stream = UUID.fromString(id);
        // a worker has the stream and read its settings (maxSeconds 3600) ...
        String owner = "test-worker:" + UUID.randomUUID();
        sql("UPDATE stream_delivery SET lease_owner = ?, lease_until = now() + interval '1 minute' WHERE stream_id = ?", owner, stream);
        StreamWork read = store.load(stream).orElseThrow();
        // ... when a PATCH lowers maxSeconds, before the worker gives the stream back until the old settings' due time
        patchMaxSeconds(tenant, id, 1);
        store.releaseUntilDue(read, owner, Instant.now().plus(read.maxAge()), config.recheck());
        Duration dueIn = wait(id).dueIn();
        assertTrue(dueIn.compareTo(config.recheck().plusSeconds(5)) <= 0, "due again within the recheck interval, not in " + dueIn);

        // and without a PATCH in between, the same release holds the stream until that time
        StreamWork current = store.load(stream).orElseThrow();
        sql("UPDATE stream_delivery SET lease_owner = ?, lease_until = now() + interval '1 minute' WHERE stream_id = ?", owner, stream);
        store.releaseUntilDue(current, owner, Instant.now().plus(Duration.ofHours(1)), config.recheck());
        assertTrue(wait(id).dueIn().compareTo(Duration.ofMinutes(50)) > 0, "held until its due time");

        // nor after a PATCH through a replica older than settings_version (a rolling update), which moves only the
        // stream's version: the worker reads that version, newer than the row's settings_version, and still holds it
        sql("UPDATE stream SET version = version + 1 WHERE id = ?", stream);
        StreamWork afterOldReplica = store.load(stream).orElseThrow();
        sql("UPDATE stream_delivery SET lease_owner = ?, lease_until = now() + interval '1 minute' WHERE stream_id = ?", owner, stream);
        store.releaseUntilDue(afterOldReplica, owner, Instant.now().plus(Duration.ofHours(1)), config.recheck());
        assertTrue(wait(id).dueIn().compareTo(Duration.ofMinutes(50)) > 0, "held until its due time after an old replica's PATCH");
    }

    /**
     * A worker's settings can be seconds old (a claim waits in the queue for a free worker): a PATCH adding an event
     * type meanwhile, then an event of that type accepted before one of the type the old settings want. The batch is
     * recorded only with the settings as they stand (read again), so the cursor does not pass the new type's event.
     */
    @Test
    void aPatchAddingAnEventTypeWhileAClaimWaitsLosesNoEventOfThatType() throws Exception {
        StreamsApi tenant = new StreamsApi();
        String bucket = StreamsApi.newBucket();
        String sends = StreamsApi.TYPES.get(0);
        String purchases = StreamsApi.TYPES.get(2);
        String id = tenant.api().contentType(ContentType.JSON).body(Map.of("name", "added", "connectionId",
                        tenant.connection(bucket), "folderPath", "added", "eventTypes", List.of(sends),
                        "flush", Map.of("maxEvents", 1)))
                .post("/streams").then().statusCode(201).extract().path("id");
        UUID stream = UUID.fromString(id);
        // a claim read the stream's settings (Sends only) and waits for a worker ...
        String owner = "test-worker:" + UUID.randomUUID();
        sql("UPDATE stream_delivery SET lease_owner = ?, lease_until = now() + interval '1 minute' WHERE stream_id = ?", owner, stream);
        ClaimedStream queued = new ClaimedStream(new Leases.Claim(stream, owner), store.load(stream).orElseThrow(), System.nanoTime());
        // ... when a PATCH adds Purchases, and a Purchase is accepted, then a Send
        patch(tenant, id, "/eventTypes", List.of(sends, purchases));
        Map<String, PostedEvent> events = tenant.events("added", 3);
        PostedEvent purchase = events.get("added-2");
        PostedEvent send = events.get("added-0");
        tenant.post(List.of(purchase));
        tenant.post(List.of(send));

        // planned again with the settings read anew: the Purchase, a full batch of one (a failed reload would be
        // LEASE_LOST, and the replica's own worker would then deliver both events all the same)
        assertEquals(StreamDelivery.Outcome.MORE, delivery.deliver(queued, Instant.MIN));
        store.release(stream, owner, Duration.ZERO);
        tenant.awaitDelivered(id, 2, Duration.ofSeconds(30));
        StreamsApi.assertExactlyOnce(Map.of("added-0", send, "added-2", purchase),
                StreamsApi.readBack(StreamsApi.MOTO, bucket, "added", id));
    }

    @Test
    void theDueTimeCountsFromTheOldestEventOfATypeTheStreamWants() throws Exception {
        StreamsApi tenant = new StreamsApi();
        String bucket = StreamsApi.newBucket();
        String purchases = StreamsApi.TYPES.get(2);
        String id = tenant.api().contentType(ContentType.JSON).body(Map.of("name", "wanted", "connectionId",
                        tenant.connection(bucket), "folderPath", "wanted", "eventTypes", List.of(purchases),
                        "flush", Map.of("maxSeconds", 60)))
                .post("/streams").then().statusCode(201).extract().path("id");
        // paused, so that the unwanted events are not skipped before the wanted one comes: a Send and an Open, then,
        // in a later request (so accepted later), another Send, Open and a Purchase
        tenant.api().post("/streams/" + id + "/pause").then().statusCode(200);
        tenant.postEvents("unwanted", 2);
        Map<String, PostedEvent> posted = tenant.postEvents("mixed", 3);
        tenant.api().post("/streams/" + id + "/resume").then().statusCode(200);

        Poll.until("the stream given back until its batch is due", Duration.ofSeconds(30), () -> wait(id).wakeAfter() != null);
        try (Connection c = dataSource.getConnection(); PreparedStatement q = c.prepareStatement("""
                SELECT d.next_attempt_at = e.ingested_at + s.flush_max_seconds * interval '1 second',
                       d.next_attempt_at > min(u.ingested_at) + s.flush_max_seconds * interval '1 second'
                FROM stream_delivery d JOIN stream s ON s.id = d.stream_id
                JOIN event e ON e.org_id = d.org_id AND e.sandbox_name = d.sandbox_name AND e.type = ANY(s.event_types)
                JOIN event u ON u.org_id = d.org_id AND u.sandbox_name = d.sandbox_name AND u.seq > d.delivered_seq
                WHERE d.stream_id = ? GROUP BY d.next_attempt_at, e.ingested_at, s.flush_max_seconds""")) {
            q.setObject(1, UUID.fromString(id));
            try (ResultSet r = q.executeQuery()) {
                assertTrue(r.next());
                assertTrue(r.getBoolean(1), "due maxSeconds after the purchase was accepted");
                assertTrue(r.getBoolean(2), "not counted from the older unwanted events");
            }
        }
        // and the Purchase alone is delivered once it comes due (here: maxSeconds lowered to 1)
        patchMaxSeconds(tenant, id, 1);
        tenant.awaitDelivered(id, 1, Duration.ofSeconds(30));
        StreamsApi.assertExactlyOnce(Map.of("mixed-2", posted.get("mixed-2")), StreamsApi.readBack(StreamsApi.MOTO, bucket, "wanted", id));
    }

    /** Posts one event to the (maxSeconds 3600) stream and waits until the stream is given back until it is due. */
    private Map<String, PostedEvent> postOneAndAwaitItsWait(StreamsApi tenant, String id, String prefix) {
        Map<String, PostedEvent> posted = tenant.postEvents(prefix, 1);
        Poll.until("the batch given back until it is an hour old", Duration.ofSeconds(30),
                () -> wait(id).dueIn().compareTo(Duration.ofMinutes(30)) > 0);
        return posted;
    }

    private static void patchMaxSeconds(StreamsApi tenant, String id, int seconds) {
        patch(tenant, id, "/flush/maxSeconds", seconds);
    }

    private static void patch(StreamsApi tenant, String id, String path, Object value) {
        String etag = tenant.status(id).header("ETag");
        tenant.api().contentType(ContentType.JSON).header("If-Match", etag)
                .body(List.of(Map.of("op", "replace", "path", path, "value", value)))
                .patch("/streams/" + id).then().statusCode(200);
    }

    /** The files {@code ids}' events lie in (one per type and UTC hour), as one batch writes them. */
    private static int folders(StreamFiles.Readback files, Set<String> ids) {
        return (int) files.events().stream().filter(e -> ids.contains(e.id())).map(DeliveredEvent::folder).distinct().count();
    }

    /** When the stream is due again (from now, by the database's clock) and its wake floor, null while leased. */
    private record Wait(Duration dueIn, Instant wakeAfter) {
    }

    private Wait wait(String streamId) {
        try (Connection c = dataSource.getConnection(); PreparedStatement q = c.prepareStatement(
                "SELECT extract(epoch FROM next_attempt_at - now()) * 1000, wake_after FROM stream_delivery WHERE stream_id = ?")) {
            q.setObject(1, UUID.fromString(streamId));
            try (ResultSet r = q.executeQuery()) {
                assertTrue(r.next());
                java.sql.Timestamp wakeAfter = r.getTimestamp(2);
                return new Wait(Duration.ofMillis((long) r.getDouble(1)), wakeAfter == null ? null : wakeAfter.toInstant());
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private void sql(String statement, Object... args) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement u = c.prepareStatement(statement)) {
            for (int i = 0; i < args.length; i++) {
                u.setObject(i + 1, args[i]);
            }
            assertEquals(1, u.executeUpdate());
        }
    }
}
