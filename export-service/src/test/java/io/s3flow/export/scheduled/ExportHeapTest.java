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
import io.s3flow.export.readback.ParquetFiles;
import jakarta.inject.Inject;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A million events in one run, in a JVM whose heap is capped at 256 MB (src/test/sh/tests-beside.sh's heap JVM, or
 * surefire's {@code heap-limit} execution): rows stream from a cursor through the writer into multipart parts, so the
 * run's memory does not grow with its size. A run that held its rows or its file would die of OutOfMemoryError here. A
 * Parquet writer holds one row group at a time, never the file.
 */
@QuarkusTest
@QuarkusTestResource(ConnectionStack.class)
@Tag("heap")
@TestInstance(TestInstance.Lifecycle.PER_CLASS) // the million events once, for both exports
class ExportHeapTest {

    private static final int EVENTS = 1_000_000;
    private static final List<String> FIELDS = List.of("id", "userId", "properties.n", "properties.pad");

    @Inject
    AgroalDataSource dataSource;

    private final ExportsApi api = new ExportsApi();
    private final long maxHeap = Runtime.getRuntime().maxMemory();

    @BeforeAll
    void aMillionEventsInASmallHeap() throws Exception {
        assertTrue(maxHeap <= 256L * 1024 * 1024, "this test runs with -Xmx256m, not " + maxHeap);
        // a pad of 128 hex digits of its own per event: what a real payload is to dictionaries and snappy, so the
        // Parquet file is many row groups (a repeated pad would shrink a million rows into one); as CSV, ~157 MB
        EventRows.insertWithDigestPads(dataSource, TestTokens.ORG, api.sandbox, "m", EVENTS);
    }

    /** The export's one run, once it has written every event into one file. */
    private JsonPath exportAll(Map<String, Object> options) {
        String exportId = api.create(FIELDS, options);
        JsonPath run = api.awaitFinished(exportId, api.startRun(exportId), Duration.ofMinutes(5));
        assertEquals("SUCCESS", run.getString("status"), run.prettify());
        assertEquals(EVENTS, run.getInt("metrics.records.output"));
        assertEquals(1, run.getList("files").size());
        return run;
    }

    @Test
    void aMillionEventsExportWithinASmallHeap() throws Exception {
        JsonPath run = exportAll(Map.of("folderPath", "million"));
        String key = run.getString("files[0].key");
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

    @Test
    void aMillionEventsExportAsParquetWithinASmallHeap() throws Exception {
        JsonPath run = exportAll(Map.of("folderPath", "million", "format", "parquet"));

        // hyparquet reads it back, a row group at a time: every event, in order, once
        AtomicLong n = new AtomicLong();
        ParquetFiles.Footer footer = ParquetFiles.scan(ExportsApi.MOTO, api.bucket, run.getString("files[0].key"), row -> {
            long i = n.incrementAndGet();
            if (!("m" + i).equals(ParquetFiles.text(row.get("id"))) || !("user-" + i).equals(ParquetFiles.text(row.get("userId")))
                    || !String.valueOf(i).equals(ParquetFiles.text(row.get("properties.n")))
                    || ParquetFiles.text(row.get("properties.pad")).length() != 128) {
                throw new AssertionError("row " + i + ": " + row);
            }
        });
        assertEquals(EVENTS, n.get(), "every event once, in order");
        assertEquals(EVENTS, footer.rows());
        assertTrue(footer.rowGroups() > 1, "row groups written as they filled, not the file held whole: " + footer.rowGroups());
        assertTrue(run.getLong("metrics.bytes") > maxHeap / 4, "a file of " + run.getLong("metrics.bytes") + " bytes");
    }
}
