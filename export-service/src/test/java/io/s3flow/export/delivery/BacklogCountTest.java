package io.s3flow.export.delivery;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.s3flow.common.testing.TestTokens;
import io.s3flow.export.ConnectionStack;
import io.s3flow.export.EventRows;
import io.s3flow.export.stream.StreamsApi;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A stream's backlog is counted up to {@link DeliveryStore#BACKLOG_COUNT_LIMIT}, in its status and in its gauge alike,
 * so that reading a stream far behind costs no more than reading one at the limit: beyond the limit both read the
 * limit ("at least"), below it they are exact, and a stream's event types still decide what counts.
 */
@QuarkusTest
@QuarkusTestResource(ConnectionStack.class)
class BacklogCountTest {

    private static final int LIMIT = DeliveryStore.BACKLOG_COUNT_LIMIT;

    @Inject
    AgroalDataSource dataSource;
    @Inject
    MeterRegistry metrics;
    @Inject
    DeliveryMetrics gauges;

    @Test
    void aBacklogBeyondTheLimitReadsTheLimitAndOneBelowItIsExact() throws Exception {
        StreamsApi tenant = new StreamsApi();
        String connection = tenant.connection(StreamsApi.newBucket());
        String farBehind = paused(tenant, tenant.createStream(connection, "far-behind", Map.of("maxSeconds", 1)));
        String opensOnly = paused(tenant, tenant.api().contentType(ContentType.JSON)
                .body(Map.of("name", "opens", "connectionId", connection, "folderPath", "opens",
                        "eventTypes", List.of("users.messages.email.Open")))
                .post("/streams").then().statusCode(201).extract().path("id"));
        EventRows.insert(dataSource, TestTokens.ORG, tenant.sandbox, "far-", LIMIT + 500, 10); // all of type Send
        String recent = paused(tenant, tenant.createStream(connection, "recent", Map.of("maxSeconds", 1)));
        EventRows.insert(dataSource, TestTokens.ORG, tenant.sandbox, "recent-", 7, 10);

        tenant.status(farBehind).then().body("status.backlog", equalTo(LIMIT))
                .body("status.oldestUndeliveredAgeSeconds", notNullValue());
        tenant.status(recent).then().body("status.backlog", equalTo(7))
                .body("status.oldestUndeliveredAgeSeconds", notNullValue());
        tenant.status(opensOnly).then().body("status.backlog", equalTo(0))
                .body("status.oldestUndeliveredAgeSeconds", nullValue());

        gauges.refresh();
        assertEquals(LIMIT, gauge(farBehind));
        assertEquals(7, gauge(recent));
        assertEquals(0, gauge(opensOnly));
    }

    private static String paused(StreamsApi tenant, String streamId) {
        tenant.api().post("/streams/" + streamId + "/pause").then().statusCode(200).body("status.state", equalTo("PAUSED"));
        return streamId;
    }

    private double gauge(String streamId) {
        return metrics.find("s3flow.stream.backlog").tag("stream", streamId).gauge().value();
    }
}
