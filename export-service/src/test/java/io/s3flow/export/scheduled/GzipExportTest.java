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
import io.s3flow.export.S3Faults;
import io.s3flow.export.TenantApi;
import io.s3flow.export.readback.GzipFiles;
import io.s3flow.export.storage.StorageConfig;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * A gzip export larger than an S3 part, made of many gzip members deflated on several cores: read back by gzip and
 * Python it is one valid file with every row in order; broken in the middle, it leaves nothing in the bucket.
 */
@QuarkusTest
@QuarkusTestResource(ConnectionStack.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS) // the events once, for both exports
class GzipExportTest {

    /** ~155 bytes a row with a pad of its own (hex digits: gzip takes it to about half): ~21 MB gzipped, three S3 parts. */
    private static final int EVENTS = 280_000;
    /** Rows per gzip member (ParallelGzipOutputStream.CHUNK). */
    private static final int MEMBER = 256 * 1024;

    @Inject
    AgroalDataSource dataSource;
    @Inject
    StorageConfig storageConfig;

    private final ExportsApi api = new ExportsApi();

    @BeforeAll
    void eventsWithPadsOfTheirOwn() throws Exception {
        EventRows.insertWithDigestPads(dataSource, TestTokens.ORG, api.sandbox, "z", EVENTS);
    }

    private String gzipExport(String folder) {
        return api.create(List.of("id", "userId", "properties.n", "properties.pad"),
                Map.of("folderPath", folder, "fileName", "rows_%RUN_ID%", "compression", "gzip"));
    }

    @Test
    void aGzipExportOverSeveralPartsIsOneValidFileWithEveryRowInOrder() throws Exception {
        JsonPath run = api.runToSuccess(gzipExport("gz"));
        String key = run.getString("files[0].key");
        assertTrue(key.endsWith(".csv.gz"), key);
        long bytes = run.getLong("metrics.bytes");
        assertTrue(bytes > 2L * storageConfig.partSizeBytes(), "three S3 parts or more: " + bytes + " bytes");
        String etag = TenantApi.MOTO.headObject(b -> b.bucket(api.bucket).key(key)).eTag();
        assertTrue(etag.matches("\"[0-9a-f]+-([3-9]|[1-9][0-9])\""), "a multipart object of three parts or more: " + etag);

        GzipFiles.Read read = GzipFiles.check(api.bytes(key));
        List<String> lines = read.text().lines().toList();
        assertTrue(read.members() > 1, "deflated in chunks, each a gzip member: " + read.members());
        assertEquals((read.content().length + MEMBER - 1) / MEMBER, read.members(), "one member per 256 KiB of rows");
        assertEquals("id,userId,properties.n,properties.pad", lines.get(0));
        assertEquals(EVENTS + 1, lines.size(), "every row once");
        for (int n = 1; n <= EVENTS; n++) {
            String[] row = lines.get(n).split(",");
            if (row.length != 4 || !row[0].equals("z" + n) || !row[1].equals("user-" + n) || !row[2].equals(String.valueOf(n))
                    || !row[3].matches("[0-9a-f]{128}")) {
                throw new AssertionError("row " + n + " out of place or cut: " + lines.get(n));
            }
        }
    }

    @Test
    void aGzipExportBrokenInTheMiddleLeavesNoObjectAndNoUpload() throws Exception {
        AtomicInteger failures = new AtomicInteger();
        S3Faults.install((call, key, part) -> {
            // part 1 goes up in the background; its failure stops the run when part 3 waits for it, rows still coming
            if (call.equals("uploadPart") && key.endsWith(".csv.gz") && part == 1) {
                failures.incrementAndGet();
                throw SdkClientException.create("simulated: connection reset in the middle of part 1");
            }
        });
        String exportId = gzipExport("broken");
        JsonPath failed = api.awaitFinished(exportId, api.startRun(exportId), Duration.ofSeconds(180));
        assertEquals("FAILED", failed.getString("status"), failed.prettify());
        assertEquals(3, failures.get(), "each attempt broke at part 1");
        assertEquals(List.of(), api.keys("landing/broken/"), "no object, not even part of one");
        assertEquals(List.of(), TenantApi.MOTO.listMultipartUploads(b -> b.bucket(api.bucket)).uploads(), "every upload aborted");
        assertEquals(List.of(), failed.getList("files"), "nothing left behind");
    }
}
