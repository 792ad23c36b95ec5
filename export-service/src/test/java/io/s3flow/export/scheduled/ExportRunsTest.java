package io.s3flow.export.scheduled;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.s3flow.common.testing.TestTokens;
import io.s3flow.export.ConnectionStack;
import io.s3flow.export.EventRows;
import io.s3flow.export.Poll;
import io.s3flow.export.S3Faults;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;

/** Runs: incremental marks, schedules (missed slots run once), and cancellation that leaves nothing behind. */
@QuarkusTest
@QuarkusTestResource(ConnectionStack.class)
class ExportRunsTest {

    @Inject
    AgroalDataSource dataSource;
    @Inject
    MeterRegistry metrics;

    private final ExportsApi api = new ExportsApi();

    /** Every id in the run's CSV files (one column: id), with how often it appears. */
    private Map<String, Integer> idsOf(JsonPath run) {
        Map<String, Integer> seen = new HashMap<>();
        for (String key : run.<String>getList("files.key")) {
            api.read(key).lines().skip(1).forEach(id -> seen.merge(id, 1, Integer::sum));
        }
        return seen;
    }

    @Test
    void incrementalRunsExportEachEventExactlyOnce() throws Exception {
        String exportId = api.create(List.of("id"), Map.of("fileName", "%RUN_ID%", "maxRowsPerFile", 1000,
                "schedule", Map.of("frequency", "DAILY", "startTime", Instant.now().plus(1, ChronoUnit.DAYS).toString(),
                        "mode", "FIRST_FULL_THEN_INCREMENTAL")));
        Map<String, Integer> seen = new HashMap<>();
        int expected = 0;
        for (int round = 0; round < 3; round++) {
            int count = 1000 * (round + 1);
            // written as ingestion writes them: the runs are the subject here (posted, each round's request took ~8 s)
            EventRows.insert(dataSource, TestTokens.ORG, api.sandbox, "r" + round + "-", count, 0);
            expected += count;
            JsonPath run = api.runToSuccess(exportId);
            assertEquals(count, run.getInt("metrics.records.output"), "run " + round + " exports exactly the new events");
            idsOf(run).forEach((id, n) -> seen.merge(id, n, Integer::sum));
        }
        assertEquals(expected, seen.size(), "every event exported");
        assertTrue(seen.values().stream().allMatch(n -> n == 1), "no event exported twice");
        JsonPath empty = api.runToSuccess(exportId);
        assertEquals(0, empty.getInt("metrics.records.output"), "nothing new, nothing exported");
        assertEquals(4, api.api().get("/exports/" + exportId + "/runs").then().statusCode(200).extract().jsonPath()
                .getList("items").size());
        assertEquals(List.of(empty.getString("runId")), api.api().queryParam("limit", 1).get("/exports/" + exportId + "/runs")
                .then().statusCode(200).extract().jsonPath().getList("items.runId"), "newest first");
        api.api().queryParam("limit", 0).get("/exports/" + exportId + "/runs").then().statusCode(400);
    }

    @Test
    void aFullExportExportsEverythingEachRun() {
        String exportId = api.create(List.of("id"), Map.of("fileName", "%RUN_ID%", "schedule",
                Map.of("frequency", "DAILY", "startTime", Instant.now().plus(1, ChronoUnit.DAYS).toString())));
        api.postEvents("full", 300);
        assertEquals(300, api.runToSuccess(exportId).getInt("metrics.records.output"));
        api.postEvents("more", 30);
        assertEquals(330, api.runToSuccess(exportId).getInt("metrics.records.output"));
    }

    @Test
    void missedSlotsRunOnceAndTheScheduleGoesOn() {
        api.postEvents("sched", 50);
        Instant start = Instant.now().minus(5, ChronoUnit.HOURS).minus(10, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
        String exportId = api.create(List.of("id"), Map.of("fileName", "hourly_%DATETIME(YYYYMMdd_HHmmss)%",
                "schedule", Map.of("frequency", "HOURLY", "startTime", start.toString())));
        Instant deadline = Instant.now().plusSeconds(30);
        List<Map<String, Object>> runs = List.of();
        while (Instant.now().isBefore(deadline)) {
            runs = api.api().get("/exports/" + exportId + "/runs").then().statusCode(200).extract().jsonPath().getList("items");
            if (!runs.isEmpty() && "SUCCESS".equals(runs.get(0).get("status"))) {
                break;
            }
            ExportsApi.sleep(200);
        }
        // the scheduler has looked again a few times since: a second run would be queued by now
        Poll.counterGrows(metrics, "s3flow.exports.polls", 3, Duration.ofSeconds(30));
        runs = api.api().get("/exports/" + exportId + "/runs").then().statusCode(200).extract().jsonPath().getList("items");
        assertEquals(1, runs.size(), "five missed hourly slots, one run: " + runs);
        assertEquals("SCHEDULE", runs.get(0).get("trigger"));
        assertEquals("SUCCESS", runs.get(0).get("status"));
        Instant slot = start.plus(5, ChronoUnit.HOURS);
        assertEquals(slot, Instant.parse((String) runs.get(0).get("runTime")), "the latest slot that came");
        Instant next = Instant.parse(api.api().get("/exports/" + exportId).then().extract().path("nextRunAt"));
        assertEquals(slot.plus(1, ChronoUnit.HOURS), next, "the schedule goes on");
        assertEquals(50, ((Number) ((Map<?, ?>) ((Map<?, ?>) runs.get(0).get("metrics")).get("records")).get("output")).intValue());
    }

    @Test
    void anIncrementalRunNeverOverwritesAnotherRunsFile() {
        // one name for every run: the second would overwrite the first's file, whose events the mark has passed
        String exportId = api.create(List.of("id"), Map.of("fileName", "latest", "folderPath", "fixed", "schedule",
                Map.of("frequency", "DAILY", "startTime", Instant.now().plus(1, ChronoUnit.DAYS).toString(),
                        "mode", "FIRST_FULL_THEN_INCREMENTAL")));
        api.postEvents("first", 100);
        JsonPath first = api.runToSuccess(exportId);
        String firstContent = api.read("landing/fixed/latest.csv");
        api.postEvents("second", 50);
        JsonPath refused = api.awaitFinished(exportId, api.startRun(exportId), Duration.ofSeconds(60));
        assertEquals("FAILED", refused.getString("status"));
        assertEquals("KEY_TAKEN", refused.getString("errors[0].errorCode"), refused.prettify());
        assertTrue(refused.getString("errors[0].reason").contains(first.getString("runId")), "names the run whose file it is");
        assertEquals(firstContent, api.read("landing/fixed/latest.csv"), "the first run's file is intact");

        // a name per run: the refused run's events go out with the next one, once
        String etag = api.api().get("/exports/" + exportId).then().extract().header("ETag");
        api.api().contentType(io.restassured.http.ContentType.JSON).header("If-Match", etag)
                .body(List.of(Map.of("op", "replace", "path", "/fileName", "value", "run_%RUN_ID%")))
                .patch("/exports/" + exportId).then().statusCode(200);
        Map<String, Integer> ids = idsOf(api.runToSuccess(exportId));
        assertEquals(50, ids.size());
        assertTrue(ids.keySet().stream().allMatch(id -> id.startsWith("second-")), ids.keySet().toString());
    }

    @Test
    void aRunThatFailsForGoodRemovesTheFilesItCompleted() throws Exception {
        EventRows.insert(dataSource, TestTokens.ORG, api.sandbox, "part-", 2500, 10);
        // someone else's object where the second part would go: the run writes part 1, then must stop
        ExportsApi.MOTO.putObject(b -> b.bucket(api.bucket).key("landing/parts/data_part-00002.csv"),
                software.amazon.awssdk.core.sync.RequestBody.fromString("not ours"));
        String exportId = api.create(List.of("id"), Map.of("fileName", "data", "folderPath", "parts", "maxRowsPerFile", 1000,
                "manifest", true, "schedule", Map.of("frequency", "DAILY", "startTime", Instant.now().plus(1, ChronoUnit.DAYS).toString(),
                        "mode", "FIRST_FULL_THEN_INCREMENTAL")));
        JsonPath failed = api.awaitFinished(exportId, api.startRun(exportId), Duration.ofSeconds(60));
        assertEquals("FAILED", failed.getString("status"));
        assertEquals("KEY_TAKEN", failed.getString("errors[0].errorCode"));
        assertEquals(List.of("landing/parts/data_part-00002.csv"), api.keys("landing/parts/"),
                "part 1 removed, no manifest, the foreign object untouched");
        assertEquals("not ours", api.read("landing/parts/data_part-00002.csv"));
        assertEquals(List.of(), failed.getList("files"), "nothing left behind");
    }

    @Test
    void aRunCancelledAfterItsFirstFileRemovesItAndLeavesNoOpenUpload() throws Exception {
        // three files of 40,000 rows: the second (~13 MB) a multipart upload, held at its first part until the run is
        // cancelled, so the cancellation comes while the first file is complete and the second is open; the first and
        // the third, without a pad, ~1 MB each
        EventRows.insert(dataSource, TestTokens.ORG, api.sandbox, "first-", 40_000, 0);
        EventRows.insert(dataSource, TestTokens.ORG, api.sandbox, "big-", 40_000, 300);
        EventRows.insert(dataSource, TestTokens.ORG, api.sandbox, "third-", 40_000, 0);
        CountDownLatch cancelSent = new CountDownLatch(1);
        AtomicBoolean held = new AtomicBoolean();
        S3Faults.install((call, key, part) -> {
            if (call.equals("uploadPart") && key.endsWith("_part-00002.csv") && part == 1 && held.compareAndSet(false, true)) {
                await(cancelSent);
            }
        });
        String exportId = api.create(List.of("id", "userId", "properties.pad"), Map.of("folderPath", "cancelled",
                "maxRowsPerFile", 40_000, "manifest", true));
        String runId = api.startRun(exportId);
        JsonPath run;
        try {
            run = Poll.until("the run's first file complete and its second held", Duration.ofSeconds(90), Duration.ofMillis(50),
                    () -> api.run(exportId, runId).then().extract().jsonPath(),
                    r -> !r.getList("files").isEmpty() && held.get() || ExportsApi.FINISHED.contains(r.getString("status")));
            assertEquals("IN_PROGRESS", run.getString("status"), "the run is in flight: " + run.prettify());
            String firstFile = run.getString("files[0].key");
            assertTrue(firstFile.endsWith("_part-00001.csv"), firstFile);
            assertEquals(firstFile, api.keys("landing/cancelled/").get(0), "the first file is in the bucket");
            assertEquals(1, ExportsApi.MOTO.listMultipartUploads(b -> b.bucket(api.bucket)).uploads().size(),
                    "the second file's upload is open");
            assertTrue(run.getLong("progress.recordsWritten") > 0 && run.getLong("progress.recordsWritten") < 120_000,
                    "progress moves while the run is in flight: " + run.prettify());
            api.api().delete("/exports/" + exportId + "/runs/" + runId).then().statusCode(202);
        } finally {
            cancelSent.countDown();
        }
        JsonPath cancelled = api.awaitFinished(exportId, runId, Duration.ofSeconds(60));
        assertEquals("CANCELLED", cancelled.getString("status"));
        assertEquals(List.of(), api.keys("landing/cancelled/"), "no object: the completed file removed, no half-written one, no manifest");
        assertEquals(List.of(), ExportsApi.MOTO.listMultipartUploads(b -> b.bucket(api.bucket)).uploads(), "no open multipart upload");
        assertEquals(List.of(), cancelled.getList("files"), "nothing left behind");
        api.api().delete("/exports/" + exportId + "/runs/" + runId).then().statusCode(409);

        // the export itself goes on: the next run exports everything, into three parts, and its manifest last
        JsonPath next = api.runToSuccess(exportId);
        assertEquals(120_000, next.getInt("metrics.records.output"));
        List<String> keys = next.getList("files.key");
        assertEquals(3, keys.size(), "three parts: " + keys);
        for (int part = 1; part <= 3; part++) {
            assertTrue(keys.get(part - 1).endsWith("_part-0000" + part + ".csv"), keys.toString());
        }
        api.assertManifestLast(next);
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(60, TimeUnit.SECONDS)) {
                throw SdkClientException.create("the test never cancelled the run");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
