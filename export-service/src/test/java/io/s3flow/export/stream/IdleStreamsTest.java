package io.s3flow.export.stream;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.s3flow.common.testing.TestTokens;
import io.s3flow.export.ConnectionStack;
import io.s3flow.export.Poll;
import io.s3flow.export.readback.PostedEvent;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A stream is leased only when its tenant has events past its cursor (event_head, advanced by ingestion with the
 * events): an idle stream is never leased however often the workers look, a stream made after events exist sends only
 * later ones, and one whose tenant only gets types it does not want is leased once to move past them, not every second.
 * A lease and its release move the stream's {@code next_attempt_at}, so an unchanged one means nobody leased it.
 */
@QuarkusTest
@QuarkusTestResource(ConnectionStack.class)
class IdleStreamsTest {

    @Inject
    MeterRegistry metrics;
    @Inject
    AgroalDataSource dataSource;

    @Test
    void anIdleStreamIsNeverLeasedAndAStreamMadeAfterEventsSendsOnlyLaterOnes() throws Exception {
        StreamsApi tenant = new StreamsApi();
        String bucket = StreamsApi.newBucket();
        String connection = tenant.connection(bucket);
        tenant.postEvents("idle-before", 3);
        String id = tenant.createStream(connection, "idle", Map.of("maxSeconds", 1));
        notLeasedUntilItsTenantPostsAgain(tenant, bucket, "idle", id);
    }

    @Test
    void aStreamMadeAfterRetentionDroppedEveryEventStartsAtTheHeadAndIsNotLeased() throws Exception {
        StreamsApi tenant = new StreamsApi();
        String bucket = StreamsApi.newBucket();
        String connection = tenant.connection(bucket);
        tenant.postEvents("expired", 3);
        try (Connection c = dataSource.getConnection(); PreparedStatement drop = c.prepareStatement(
                "DELETE FROM event WHERE org_id = ? AND sandbox_name = ?")) { // as retention dropping their partition
            drop.setString(1, TestTokens.ORG);
            drop.setString(2, tenant.sandbox);
            assertEquals(3, drop.executeUpdate());
        }
        String id = tenant.createStream(connection, "after-retention", Map.of("maxSeconds", 1));
        notLeasedUntilItsTenantPostsAgain(tenant, bucket, "after-retention", id);
    }

    /**
     * A new stream with nothing after its cursor: not leased while the workers poll three times, nothing delivered,
     * no backlog; then its tenant's next two events, and only those, arrive once each.
     */
    private void notLeasedUntilItsTenantPostsAgain(StreamsApi tenant, String bucket, String folder, String id)
            throws Exception {
        Timestamp created = nextAttemptAt(id);
        Poll.counterGrows(metrics, "s3flow.delivery.polls", 3, Duration.ofSeconds(30));
        assertEquals(created, nextAttemptAt(id), "a stream with no events after its cursor was leased");
        tenant.status(id).then().body("status.deliveredEvents", equalTo(0)).body("status.backlog", equalTo(0));

        Map<String, PostedEvent> after = tenant.postEvents(folder + "-after", 2);
        tenant.awaitDelivered(id, 2, Duration.ofSeconds(30)).then().body("status.backlog", equalTo(0));
        StreamsApi.assertExactlyOnce(after, StreamsApi.readBack(StreamsApi.MOTO, bucket, folder, id));
    }

    @Test
    void aStreamWhoseTenantGetsOnlyOtherTypesIsLeasedOnceToMovePastThem() throws Exception {
        StreamsApi tenant = new StreamsApi();
        String bucket = StreamsApi.newBucket();
        String connection = tenant.connection(bucket);
        String purchases = StreamsApi.TYPES.get(2);
        String id = tenant.api().contentType(ContentType.JSON).body(Map.of("name", "purchases", "connectionId", connection,
                "folderPath", "purchases", "eventTypes", List.of(purchases), "flush", Map.of("maxSeconds", 1)))
                .post("/streams").then().statusCode(201).extract().path("id");

        tenant.postEvents("other", 2); // a Send and an Open
        // moved past them, and given back (a statement after the move): then left alone
        Poll.until("the cursor past the unwanted events", Duration.ofSeconds(30), () -> atHead(id));
        Timestamp settled = nextAttemptAt(id);
        Poll.counterGrows(metrics, "s3flow.delivery.polls", 3, Duration.ofSeconds(30));
        assertEquals(settled, nextAttemptAt(id), "a stream with nothing it wants was leased again");

        Map<String, PostedEvent> posted = tenant.postEvents("mixed", 3); // the third is a purchase
        tenant.awaitDelivered(id, 1, Duration.ofSeconds(30)).then().body("status.backlog", equalTo(0));
        StreamsApi.assertExactlyOnce(Map.of("mixed-2", posted.get("mixed-2")),
                StreamsApi.readBack(StreamsApi.MOTO, bucket, "purchases", id));
    }

    private Timestamp nextAttemptAt(String streamId) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement q = c.prepareStatement(
                "SELECT next_attempt_at FROM stream_delivery WHERE stream_id = ?")) {
            q.setObject(1, UUID.fromString(streamId));
            try (ResultSet r = q.executeQuery()) {
                r.next();
                return r.getTimestamp(1);
            }
        }
    }

    /** At its tenant's newest event, and not leased. */
    private boolean atHead(String streamId) {
        try (Connection c = dataSource.getConnection(); PreparedStatement q = c.prepareStatement("""
                SELECT d.delivered_seq = h.last_seq AND d.lease_owner IS NULL FROM stream_delivery d
                JOIN event_head h ON h.org_id = d.org_id AND h.sandbox_name = d.sandbox_name WHERE d.stream_id = ?""")) {
            q.setObject(1, UUID.fromString(streamId));
            try (ResultSet r = q.executeQuery()) {
                return r.next() && r.getBoolean(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
