package io.s3flow.export.scale;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.s3flow.common.testing.TestTokens;
import io.s3flow.export.ConnectionStack;
import io.s3flow.export.S3ProxyServer;
import io.s3flow.export.TenantApi;
import io.s3flow.export.event.EventHeads;
import io.s3flow.export.event.EventStore;
import io.s3flow.export.scheduled.ExportsApi;
import io.s3flow.export.stream.StreamsApi;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * bench/export.sh's measurement on free ports (the stack's fixed ones belong to whoever runs the stack): a million
 * events of ~1 KB (1,000 payloads of 900 random letters and digits, repeated, made by a seeded random so every
 * invocation exports the same bytes) exported as CSV and as gzip CSV into the test S3Proxy, beside {@code rclone copy}
 * of the same CSV and {@code pigz -1 -p 2 | rclone rcat}, in the same JVM and machine state. Timing is printed, not
 * asserted; the files' SHA-256 (gzip: of its decompressed bytes) is printed, so two builds can be shown to write the
 * same content. Run with {@code -Ds3flow.bench.export-events=1000000} (and {@code -Ds3flow.bench.export-rounds=N})
 * and {@code -DskipITs}, so the fault ITs do not run beside it; add {@code -DargLine=-XX:StartFlightRecording=...} for a
 * profile.
 */
@QuarkusTest
@QuarkusTestResource(ConnectionStack.class)
@EnabledIfSystemProperty(named = ExportsAtScale.EVENTS, matches = "\\d+")
class ExportsAtScale {

    static final String EVENTS = "s3flow.bench.export-events";
    private static final List<String> FIELDS = List.of("id", "type", "time", "userId", "properties.campaign", "properties.payload");

    @Inject
    AgroalDataSource dataSource;

    @Test
    void exportsBesideRclone() throws Exception {
        int events = Integer.getInteger(EVENTS);
        int rounds = Integer.getInteger("s3flow.bench.export-rounds", 1);
        StreamsApi warm = new StreamsApi();
        StreamsApi api = new StreamsApi();
        insert(warm.sandbox, 50_000);
        long t0 = System.nanoTime();
        insert(api.sandbox, events);
        System.out.printf("%n[exports-at-scale] %,d events inserted in %.1f s%n", events, (System.nanoTime() - t0) / 1e9);
        try (S3Client s3 = TenantApi.s3(ConnectionStack.s3proxy.url(), S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY)) {
            String warmBucket = "warm-" + UUID.randomUUID().toString().substring(0, 8);
            String bucket = "bench-" + UUID.randomUUID().toString().substring(0, 8);
            String warmConnection = warm.s3ProxyConnection(warmBucket);
            String warmCsv = create(warm, warmConnection, "none");
            String warmGzip = create(warm, warmConnection, "gzip");
            ExportsApi warmRuns = new ExportsApi(warm.sandbox);
            ExportsApi runs = new ExportsApi(api.sandbox);
            run(warmRuns, warmCsv);
            run(warmRuns, warmGzip);
            String connection = api.s3ProxyConnection(bucket);
            String csv = create(api, connection, "none");
            String gzip = create(api, connection, "gzip");
            Path dir = Files.createTempDirectory("exports-at-scale");
            try {
                StringBuilder table = new StringBuilder("| round | CSV export (s) | rclone copy (s) | CSV / rclone | gzip export (s) "
                        + "| pigz -1 -p 2 \\| rclone rcat (s) | gzip / pigz+rclone | load before |\n|---|---|---|---|---|---|---|---|\n");
                for (int round = 1; round <= rounds; round++) {
                    String load = Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
                    Timed csvRun = run(runs, csv);
                    Path file = dir.resolve("export.csv");
                    Files.deleteIfExists(file);
                    s3.getObject(b -> b.bucket(bucket).key(csvRun.key()), file);
                    double rclone = seconds("rclone copy " + dir + " :s3:" + newBucket(s3, "rclone")
                            + " --transfers 4 --s3-upload-cutoff 64M");
                    Timed gzipRun = run(runs, gzip);
                    double pigz = seconds("pigz -1 -p 2 < " + file + " | rclone rcat :s3:" + newBucket(s3, "pigz") + "/export.csv.gz");
                    String csvSha = sha256(Files.newInputStream(file));
                    String gzipSha = sha256(new GZIPInputStream(s3.getObject(b -> b.bucket(bucket).key(gzipRun.key()))));
                    System.out.printf("[exports-at-scale] round %d: csv %.1f s (sha256 %s), gzip %.1f s (content sha256 %s)%n",
                            round, csvRun.seconds(), csvSha, gzipRun.seconds(), gzipSha);
                    assertEquals(csvSha, gzipSha, "the gzip file holds the CSV's bytes");
                    table.append(String.format("| %d | %.1f | %.1f | %.2f | %.1f | %.1f | %.2f | %s |%n", round, csvRun.seconds(), rclone,
                            csvRun.seconds() / rclone, gzipRun.seconds(), pigz, gzipRun.seconds() / pigz, load));
                }
                System.out.println("[exports-at-scale] " + events + " events, " + Runtime.getRuntime().availableProcessors()
                        + " cores\n" + table);
            } finally { // a million events' CSV is ~1 GB
                Files.deleteIfExists(dir.resolve("export.csv"));
                Files.delete(dir);
            }
        }
    }

    private record Timed(double seconds, String key) {
    }

    /** The events of bench/export.sh, as it inserts them, under ingestion's append lock. */
    private void insert(String sandbox, int count) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.execute("SELECT setseed(0.26)");
            s.execute("CREATE TEMP TABLE bench_payload ON COMMIT DROP AS SELECT i, (SELECT string_agg(substr("
                    + "'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789', 1 + floor(random() * 62)::int, 1), '') "
                    + "FROM generate_series(1, 900) WHERE i IS NOT NULL) AS payload FROM generate_series(0, 999) i");
            s.execute("SELECT pg_advisory_xact_lock(" + EventStore.APPEND_LOCK + ")");
            try (PreparedStatement q = c.prepareStatement("INSERT INTO event (seq, org_id, sandbox_name, event_id, type, event_time, "
                    + "user_id, properties, size_bytes, ingested_at) SELECT nextval('event_seq'), ?, ?, 'export-bench-' || g, "
                    + "(ARRAY['users.messages.email.Send', 'users.messages.email.Open', 'users.behaviors.Purchase'])[g % 3 + 1], "
                    + "timestamptz '2026-11-30 12:00:00Z' - ((? - g) * interval '1 millisecond'), 'user-' || (g % 1000), "
                    + "json_build_object('campaign', 'bench', 'payload', p.payload)::text, 1000, now() "
                    + "FROM generate_series(1, ?) g JOIN bench_payload p ON p.i = g % 1000 ORDER BY g")) {
                q.setString(1, TestTokens.ORG);
                q.setString(2, sandbox);
                q.setInt(3, count);
                q.setInt(4, count);
                q.execute();
            }
            try (PreparedStatement q = c.prepareStatement(EventHeads.advanceTo("currval('event_seq')"))) { // as ingestion does
                q.setString(1, TestTokens.ORG);
                q.setString(2, sandbox);
                q.execute();
            }
            c.commit();
            c.setAutoCommit(true);
            s.execute("ANALYZE event");
        }
    }

    private static String create(TenantApi api, String connectionId, String compression) {
        return api.api().contentType(ContentType.JSON).body(Map.of("name", "bench " + compression, "connectionId", connectionId,
                        "select", Map.of("fields", FIELDS), "format", "csv", "compression", compression,
                        "folderPath", compression, "fileName", "export_%RUN_ID%"))
                .post("/exports").then().statusCode(201).extract().path("id");
    }

    /** One run, from its POST to its SUCCESS. */
    private static Timed run(ExportsApi runs, String exportId) {
        long t0 = System.nanoTime();
        JsonPath run = runs.awaitFinished(exportId, runs.startRun(exportId), Duration.ofMinutes(10));
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertEquals("SUCCESS", run.getString("status"), run.prettify());
        return new Timed(seconds, run.getString("files[0].key"));
    }

    private static String newBucket(S3Client s3, String prefix) {
        String bucket = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        s3.createBucket(b -> b.bucket(bucket));
        return bucket;
    }

    /** Wall seconds of a shell pipeline using rclone against the test S3Proxy (as bench/export.sh runs it). */
    private static double seconds(String command) throws IOException, InterruptedException {
        ProcessBuilder shell = new ProcessBuilder("bash", "-c", "set -o pipefail; " + command + " --s3-provider Other --s3-endpoint "
                + ConnectionStack.s3proxy.url() + " --s3-access-key-id " + S3ProxyServer.ACCESS_KEY + " --s3-secret-access-key "
                + S3ProxyServer.SECRET_KEY + " --s3-force-path-style --s3-chunk-size 8M -q").inheritIO();
        shell.environment().remove("AWS_CA_BUNDLE");
        long t0 = System.nanoTime();
        int status = shell.start().waitFor();
        assertEquals(0, status, command);
        return (System.nanoTime() - t0) / 1e9;
    }

    private static String sha256(InputStream in) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        try (in) {
            byte[] buffer = new byte[1 << 16];
            for (int n = in.read(buffer); n != -1; n = in.read(buffer)) {
                sha.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }
}
