package io.s3flow.export.scheduled;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.s3flow.common.testing.TestTokens;
import io.s3flow.export.ConnectionStack;
import io.s3flow.export.EventRows;
import io.s3flow.export.S3Faults;
import io.s3flow.export.TenantApi;
import io.s3flow.export.readback.DeliveredEvent;
import io.s3flow.export.readback.ExactlyOnce;
import io.s3flow.export.readback.ExportFiles;
import io.s3flow.export.readback.PostedEvent;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * Runs when S3 fails them: a connection broken in the middle of the second file is tried again (same events, same
 * keys); files a run that failed for good could not remove are removed by the export's next run.
 */
@QuarkusTest
@QuarkusTestResource(ConnectionStack.class)
class ExportRetryTest {

    private static final int FILE_ROWS = 30_000;
    private static final int EVENTS = 3 * FILE_ROWS;
    private static final Set<String> PROPERTIES = Set.of("n", "pad");

    @Inject
    AgroalDataSource dataSource;

    @Test
    void aTransientFailureInTheMiddleOfPartTwoIsRetriedWithTheSameRangeAndKeys() throws Exception {
        ExportsApi api = new ExportsApi();
        // three files of 30,000 rows: the second ~11 MB, a multipart upload of two S3 parts; the first and the third
        // ~3 MB, one PUT each (a pad of 300 there too only made the run and its read-back three times as long)
        EventRows.insert(dataSource, TestTokens.ORG, api.sandbox, "r-1-", FILE_ROWS, 0);
        EventRows.insert(dataSource, TestTokens.ORG, api.sandbox, "r-2-", FILE_ROWS, 300);
        EventRows.insert(dataSource, TestTokens.ORG, api.sandbox, "r-3-", FILE_ROWS, 0);
        Map<String, PostedEvent> events = EventRows.stored(dataSource, TestTokens.ORG, api.sandbox, "r-");
        List<String> uploadsStarted = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger failures = new AtomicInteger();
        S3Faults.install((call, key, part) -> {
            if ((call.equals("createMultipartUpload") || call.equals("putObject")) && key.endsWith(".csv")) { // not the manifest
                uploadsStarted.add(key);
            }
            if (call.equals("uploadPart") && key.endsWith("_part-00002.csv") && part == 2 && failures.get() == 0) {
                failures.incrementAndGet();
                // events arriving while the run is between attempts: its range is fixed, they belong to the next run
                insertQuietly(api.sandbox, "late-", 500);
                throw SdkClientException.create("simulated: connection reset in the middle of part 2");
            }
        });
        String exportId = api.create(List.of("id", "type", "time", "userId", "properties.n", "properties.pad"),
                Map.of("folderPath", "retried", "fileName", "data", "maxRowsPerFile", FILE_ROWS, "manifest", true,
                        "csv", Map.of("nullValue", ExportFiles.NULL),
                        "schedule", Map.of("frequency", "DAILY", "startTime", Instant.now().plus(1, ChronoUnit.DAYS).toString(),
                                "mode", "FIRST_FULL_THEN_INCREMENTAL")));
        JsonPath run = api.awaitFinished(exportId, api.startRun(exportId), Duration.ofSeconds(180));

        assertEquals("SUCCESS", run.getString("status"), run.prettify());
        assertEquals(1, failures.get(), "S3 failed once");
        assertEquals(1, run.getList("errors").size(), "one failed attempt: " + run.getList("errors"));
        assertEquals(1, run.getInt("errors[0].attempt"));
        assertFalse(run.getString("errors[0].errorCode").isEmpty());
        List<String> keys = List.of("landing/retried/data_part-00001.csv", "landing/retried/data_part-00002.csv",
                "landing/retried/data_part-00003.csv");
        assertEquals(List.of(keys.get(0), keys.get(1), keys.get(0), keys.get(1), keys.get(2)), uploadsStarted,
                "the second attempt wrote the first attempt's keys again, then went on");
        assertEquals(keys, run.getList("files.key"), "the run lists the final files");
        assertEquals(EVENTS, run.getInt("metrics.records.output"), "the range fixed before the failure");
        List<String> inBucket = new ArrayList<>(keys);
        inBucket.add(run.getString("manifest.key"));
        assertEquals(inBucket.stream().sorted().toList(), api.keys("landing/retried/"), "the final files and the manifest, nothing else");
        assertEquals(List.of(), TenantApi.MOTO.listMultipartUploads(b -> b.bucket(api.bucket)).uploads(),
                "the upload broken in the middle of part 2 was aborted");
        api.assertManifestLast(run);
        ExactlyOnce.compare("retried run", events, read(api, run), PROPERTIES, List.of()).assertExact();

        // the events that came during the retry go out with the next run, once
        JsonPath next = api.runToSuccess(exportId);
        ExactlyOnce.compare("next run", EventRows.stored(dataSource, TestTokens.ORG, api.sandbox, "late-"), read(api, next), PROPERTIES, List.of()).assertExact();
    }

    @Test
    void filesARunCouldNotRemoveAreListedAndTheExportsNextRunRemovesThem() throws Exception {
        ExportsApi api = new ExportsApi();
        EventRows.insert(dataSource, TestTokens.ORG, api.sandbox, "f-", 2_500, 10);
        AtomicBoolean reachable = new AtomicBoolean(true);
        AtomicInteger puts = new AtomicInteger();
        // the first file goes; at the second S3 goes out of reach for every call, the removal of the first file too
        S3Faults.install((call, key, part) -> {
            if (call.equals("putObject") && puts.incrementAndGet() == 2) {
                reachable.set(false);
            }
            if (!reachable.get()) {
                throw SdkClientException.create("simulated: S3 out of reach");
            }
        });
        String exportId = api.create(List.of("id"), Map.of("folderPath", "unreachable", "fileName", "%RUN_ID%", "maxRowsPerFile", 1000));
        String failedId = api.startRun(exportId);
        JsonPath failed = api.awaitFinished(exportId, failedId, Duration.ofSeconds(120));
        assertEquals("FAILED", failed.getString("status"), failed.prettify());
        String written = "landing/unreachable/" + failedId + "_part-00001.csv";
        List<String> left = List.of(written, "landing/unreachable/" + failedId + "_part-00002.csv");
        assertEquals(left, failed.getList("files.key"), "the files it began and could not remove (or see), listed");
        assertEquals(left, failed.getList("errors[-1].leftBehind"));
        assertEquals(List.of(written), api.keys("landing/unreachable/"));

        reachable.set(true); // for good: the second put comes only once
        JsonPath next = api.runToSuccess(exportId);
        assertEquals(2_500, next.getInt("metrics.records.output"));
        assertEquals(next.getList("files.key").stream().sorted().toList(), api.keys("landing/unreachable/"),
                "the failed run's file is gone: each event is in the bucket once");
        assertEquals(List.of(), api.run(exportId, failedId).then().extract().jsonPath().getList("files"),
                "and the failed run no longer lists it");
    }

    @Test
    void aFileS3StoredWhileItsAnswerWasLostIsRemovedWithTheRunThatFailedForGood() throws Exception {
        ExportsApi api = new ExportsApi();
        EventRows.insert(dataSource, TestTokens.ORG, api.sandbox, "lost-", 2_500, 10);
        // every attempt: the first file goes; the second reaches S3, but its answer is lost (a timeout, a dropped
        // connection): the runner never learns it is complete
        S3Faults.install(new S3Faults.Hook() {
            @Override
            public void before(String call, String key, int part) {
            }

            @Override
            public void after(String call, String key, int part) {
                if (call.equals("putObject") && key.endsWith("_part-00002.csv")) {
                    throw SdkClientException.create("simulated: the answer to the upload was lost");
                }
            }
        });
        String exportId = api.create(List.of("id"), Map.of("folderPath", "lost", "fileName", "%RUN_ID%", "maxRowsPerFile", 1000));
        String runId = api.startRun(exportId);
        JsonPath failed = api.awaitFinished(exportId, runId, Duration.ofSeconds(120));
        assertEquals("FAILED", failed.getString("status"), failed.prettify());
        assertEquals(3, failed.getList("errors").size(), "three attempts");
        assertEquals(List.of(), api.keys("landing/lost/"), "both files removed: the one it knew complete, and the one it did not");
        assertEquals(List.of(), failed.getList("files"), "nothing left behind");
    }

    private void insertQuietly(String sandbox, String prefix, int count) {
        try {
            EventRows.insert(dataSource, TestTokens.ORG, sandbox, prefix, count, 0);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<DeliveredEvent> read(ExportsApi api, JsonPath run) {
        List<DeliveredEvent> delivered = new ArrayList<>();
        run.<String>getList("files.key").forEach(key -> delivered.addAll(ExportFiles.read(TenantApi.MOTO, api.bucket, key)));
        return delivered;
    }
}
