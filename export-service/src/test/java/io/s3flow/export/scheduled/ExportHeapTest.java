package io.s3flow.export.scheduled;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.s3flow.common.testing.TestTokens;
import io.s3flow.export.ConnectionStack;
import io.s3flow.export.EventRows;
import jakarta.inject.Inject;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A million events in one run, in a JVM whose heap is capped at 256 MB (surefire's {@code heap-limit} execution):
 * rows stream from a cursor through the writer into multipart parts, so the run's memory does not grow with its size.
 * A run that held its rows or its file would die of OutOfMemoryError here.
 */
@QuarkusTest
@QuarkusTestResource(ConnectionStack.class)
@Tag("heap")
class ExportHeapTest {

    private static final int EVENTS = 1_000_000;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void aMillionEventsExportWithinASmallHeap() throws Exception {
        long maxHeap = Runtime.getRuntime().maxMemory();
        assertTrue(maxHeap <= 256L * 1024 * 1024, "this test runs with -Xmx256m, not " + maxHeap);
        ExportsApi api = new ExportsApi();
        EventRows.insert(dataSource, TestTokens.ORG, api.sandbox, "m", EVENTS, 150);
        String exportId = api.create(List.of("id", "userId", "properties.n", "properties.pad"), Map.of("folderPath", "million"));
        JsonPath run = api.awaitFinished(exportId, api.startRun(exportId), Duration.ofMinutes(5));
        assertEquals("SUCCESS", run.getString("status"), run.prettify());
        assertEquals(EVENTS, run.getInt("metrics.records.output"));
        String key = run.getString("files[0].key");
        assertEquals(1, run.getList("files").size());
        assertTrue(run.getLong("metrics.bytes") > maxHeap / 2, "the file (" + run.getLong("metrics.bytes") + " bytes) outweighs half the heap: it cannot have been held whole");

        // read back as a stream: every event, in order, once
        try (InputStream in = ExportsApi.MOTO.getObject(b -> b.bucket(api.bucket).key(key));
                BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            assertEquals("id,userId,properties.n,properties.pad", lines.readLine());
            long n = 0;
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                n++;
                assertTrue(line.startsWith("m" + n + ",user-" + n + "," + n + ","), "row " + n + ": " + line);
            }
            assertEquals(EVENTS, n);
        }
    }
}
