package io.s3flow.export.event;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.s3flow.common.testing.TestTokens;
import io.s3flow.export.ConnectionStack;
import io.s3flow.export.EventRows;
import io.s3flow.export.TenantApi;
import io.s3flow.export.readback.DeliveredEvent;
import io.s3flow.export.readback.ExactlyOnce;
import io.s3flow.export.readback.ExportFiles;
import io.s3flow.export.readback.PostedEvent;
import io.s3flow.export.scheduled.ExportsApi;
import io.s3flow.export.stream.StreamsApi;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Retention drops a day's partition of events only once it is past the retention period and every stream and every
 * incremental export has delivered past it: a paused stream, or an export that has not run since, holds it back.
 */
@QuarkusTest
@QuarkusTestResource(ConnectionStack.class)
class EventRetentionTest {

    private static final int OLD_EVENTS = 300;

    @Inject
    AgroalDataSource dataSource;
    @Inject
    EventPartitions partitions;
    @Inject
    EventsConfig config;

    @Test
    void aPartitionPastRetentionGoesOnlyAfterEveryStreamAndIncrementalExportPassedIt() throws Exception {
        String sandbox = "r" + UUID.randomUUID().toString().substring(0, 8);
        ExportsApi exports = new ExportsApi(sandbox);
        StreamsApi streams = new StreamsApi(sandbox);
        String active = streams.createStream(exports.connectionId, "active", Map.of("maxSeconds", 1));
        String held = streams.createStream(exports.connectionId, "held", Map.of("maxSeconds", 1));
        String incremental = exports.create(List.of("id", "type", "time", "userId", "properties.n"), Map.of("fileName", "%RUN_ID%",
                "folderPath", "incremental", "schedule", Map.of("frequency", "DAILY",
                        "startTime", Instant.now().plus(1, ChronoUnit.DAYS).toString(), "mode", "FIRST_FULL_THEN_INCREMENTAL"),
                "csv", Map.of("nullValue", ExportFiles.NULL)));
        // its first run has nothing to export; from now on its high-water mark is where it has got to
        assertEquals(0, exports.runToSuccess(incremental).getInt("metrics.records.output"));
        // a full export keeps no mark: it never holds events back
        exports.create(List.of("id"), Map.of("folderPath", "full"));
        streams.api().post("/streams/" + held + "/pause").then().statusCode(200);

        // a day past retention, with events of this tenant ingested on it
        LocalDate day = LocalDate.now(ZoneOffset.UTC).minusDays(config.retention().toDays() + 3);
        String partition = EventPartitions.nameOf(day);
        Instant ingested = day.atTime(12, 0).toInstant(ZoneOffset.UTC);
        try (Connection c = dataSource.getConnection(); Statement ddl = c.createStatement()) {
            ddl.execute("CREATE TABLE " + partition + " PARTITION OF event FOR VALUES FROM ('" + day + " 00:00:00+00') TO ('"
                    + day.plusDays(1) + " 00:00:00+00')");
        }
        EventRows.insertIngestedAt(dataSource, TestTokens.ORG, sandbox, "old-", OLD_EVENTS, ingested);
        Map<String, PostedEvent> old = new LinkedHashMap<>();
        for (int n = 1; n <= OLD_EVENTS; n++) {
            old.put("old-" + n, new PostedEvent("old-" + n, "users.messages.email.Send", ingested, "user-" + n,
                    PostedEvent.JSON.createObjectNode().put("n", n).put("pad", "")));
        }

        streams.awaitDelivered(active, OLD_EVENTS, Duration.ofSeconds(60));
        partitions.maintain();
        assertTrue(exists(partition), "kept: a paused stream and an incremental export have not delivered it");
        assertEquals(OLD_EVENTS, EventRows.rememberedIds(dataSource, TestTokens.ORG, sandbox, "old-"),
                "and so are its ids");

        streams.api().post("/streams/" + held + "/resume").then().statusCode(200);
        streams.awaitDelivered(held, OLD_EVENTS, Duration.ofSeconds(60));
        partitions.maintain();
        assertTrue(exists(partition), "kept: the incremental export has not run since");

        JsonPath run = exports.runToSuccess(incremental);
        assertEquals(OLD_EVENTS, run.getInt("metrics.records.output"));
        partitions.maintain();
        assertFalse(exists(partition), "dropped: every stream and incremental export has passed it");
        assertEquals(0, EventRows.rememberedIds(dataSource, TestTokens.ORG, sandbox, "old-"),
                "the ids of dropped events are forgotten with them");
        streams.status(active).then().body("status.backlog", equalTo(0));

        // nothing was dropped before it went out: each stream and the export hold every old event, once
        StreamsApi.assertExactlyOnce(old, StreamsApi.readBack(StreamsApi.MOTO, exports.bucket, "active", active));
        StreamsApi.assertExactlyOnce(old, StreamsApi.readBack(StreamsApi.MOTO, exports.bucket, "held", held));
        List<DeliveredEvent> exported = new ArrayList<>();
        run.<String>getList("files.key").forEach(key -> exported.addAll(ExportFiles.read(TenantApi.MOTO, exports.bucket, key)));
        ExactlyOnce.compare("incremental export", old, exported, Set.of("n"), List.of()).assertExact();
    }

    private boolean exists(String partition) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement q = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            q.setString(1, partition);
            try (ResultSet r = q.executeQuery()) {
                r.next();
                return r.getBoolean(1);
            }
        }
    }
}
