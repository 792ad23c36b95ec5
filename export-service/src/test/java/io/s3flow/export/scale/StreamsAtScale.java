package io.s3flow.export.scale;

import io.agroal.api.AgroalDataSource;
import io.s3flow.common.testing.ServiceJar;
import io.s3flow.export.delivery.DeliveryConfig;
import io.s3flow.export.stream.StreamsApi;
import jakarta.inject.Inject;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * bench/streams.sh on free ports, as a harness for comparing code or settings in one invocation (each subclass a test
 * profile, so a Quarkus of its own): N streams on one connection (moto), the first made through the API and the others
 * SQL copies of it (a folder each), and a week of past daily partitions ({@code -Ds3flow.bench.past-days}, 7); this
 * JVM's (export-service's) and the test PostgreSQL's CPU at rest, then one event posted: when the first, half and all
 * N streams have delivered it ({@code maxSeconds} 2). A benchmark, not a test: it runs only when asked
 * ({@code -Ds3flow.bench.streams=N}) and asserts nothing; each run appends a row to
 * {@code bench/results/streams-harness.txt}.
 */
abstract class StreamsAtScale {

    static final String STREAMS = "s3flow.bench.streams";

    @Inject
    AgroalDataSource dataSource;
    @Inject
    DeliveryConfig delivery;

    /** What this run's settings are, for its row. */
    abstract String variant();

    @Test
    void oneEventToEveryStream() throws Exception {
        int n = Integer.getInteger(STREAMS);
        int rest = Integer.getInteger("s3flow.bench.rest-seconds", 20);
        StreamsApi api = new StreamsApi();
        String connection = api.connection(StreamsApi.newBucket());
        String first = api.createStream(connection, "scale", Map.of("maxSeconds", 2));
        copy(first, n);
        pastPartitions(Integer.getInteger("s3flow.bench.past-days", 7));
        Thread.sleep(5000); // the first claims after the copies settle

        String load0 = loadAverage();
        long service0 = processCpuNanos();
        long pg0 = postgresTicks();
        long rest0 = System.nanoTime();
        Thread.sleep(rest * 1000L);
        double restSeconds = (System.nanoTime() - rest0) / 1e9;
        double serviceCpu = (processCpuNanos() - service0) / 1e9 / restSeconds;
        double pgCpu = (postgresTicks() - pg0) / 100.0 / restSeconds;

        Usage before = usage();
        api.postEvents("scale", 1);
        long posted = System.nanoTime();
        double firstAt = -1;
        double halfAt = -1;
        double allAt = -1;
        int delivered = 0;
        while (allAt < 0 && System.nanoTime() - posted < 300_000_000_000L) {
            delivered = delivered(api.sandbox);
            double at = (System.nanoTime() - posted) / 1e9;
            if (firstAt < 0 && delivered >= 1) {
                firstAt = at;
            }
            if (halfAt < 0 && delivered >= n / 2) {
                halfAt = at;
            }
            if (delivered >= n) {
                allAt = at;
            }
            Thread.sleep(100);
        }
        Thread.sleep(1000); // PostgreSQL's statistics are flushed a second after a transaction at most
        Usage spent = usage().minus(before);
        String row = String.format("| %s | %s | %d | %d | %.1f%% | %.1f%% | %.1f s | %.1f s | %s | %s / %s | %s |%n", Instant.now(),
                variant(), delivery.workers(), n, 100 * serviceCpu, 100 * pgCpu, firstAt, halfAt,
                allAt < 0 ? "> 300 s (" + delivered + " done)" : String.format("%.1f s", allAt), load0, loadAverage(),
                spent.perStream(n));
        System.out.print(row);
        Path out = Path.of("..", "bench", "results", "streams-harness.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, row, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** As bench/streams.sh: n - 1 copies of the stream and its delivery row, each in a folder of its own. */
    private void copy(String first, int n) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement q = c.prepareStatement("""
                WITH src AS (SELECT * FROM stream WHERE id = ?::uuid),
                copies AS (
                  INSERT INTO stream SELECT (jsonb_populate_record(NULL::stream, to_jsonb(src) || jsonb_build_object('id', gen_random_uuid(),
                      'name', src.name || n, 'folder_path', src.folder_path || '-' || n,
                      'key_prefix', rtrim(src.key_prefix, '/') || '-' || n || '/'))).*
                  FROM src, generate_series(2, ?) n RETURNING id)
                INSERT INTO stream_delivery SELECT (jsonb_populate_record(NULL::stream_delivery,
                    to_jsonb(d) || jsonb_build_object('stream_id', copies.id))).*
                FROM stream_delivery d, copies WHERE d.stream_id = ?::uuid""")) {
            q.setString(1, first);
            q.setInt(2, n);
            q.setString(3, first);
            q.executeUpdate();
        }
    }

    /**
     * The daily partitions of the last {@code days} days, as a service keeping a week of events (the default retention)
     * has: a query over the events without a time bound reads each of them.
     */
    private void pastPartitions(int days) throws SQLException {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        try (Connection c = dataSource.getConnection(); Statement ddl = c.createStatement()) {
            for (int day = 1; day <= days; day++) {
                LocalDate from = today.minusDays(day);
                ddl.execute("CREATE TABLE IF NOT EXISTS event_p" + from.format(DateTimeFormatter.BASIC_ISO_DATE)
                        + " PARTITION OF event FOR VALUES FROM ('" + from + " 00:00:00+00') TO ('" + from.plusDays(1) + " 00:00:00+00')");
            }
        }
    }

    private int delivered(String sandbox) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement q = c.prepareStatement(
                "SELECT count(*) FROM stream_delivery WHERE sandbox_name = ? AND delivered_events >= 1")) {
            q.setString(1, sandbox);
            try (ResultSet r = q.executeQuery()) {
                r.next();
                return r.getInt(1);
            }
        }
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** utime + stime of the test PostgreSQL's postmaster and its children, in clock ticks (100 a second here). */
    private long postgresTicks() throws SQLException {
        long backend;
        try (Connection c = dataSource.getConnection(); PreparedStatement q = c.prepareStatement("SELECT pg_backend_pid()");
                ResultSet r = q.executeQuery()) {
            r.next();
            backend = r.getLong(1);
        }
        ProcessHandle postmaster = ProcessHandle.of(backend).flatMap(ProcessHandle::parent).orElseThrow();
        List<Long> pids = new ArrayList<>(List.of(postmaster.pid()));
        postmaster.children().forEach(child -> pids.add(child.pid()));
        return pids.stream().mapToLong(StreamsAtScale::ticks).sum(); // 0 for a backend that ended meanwhile
    }

    /**
     * Where the delivery of one event to every stream went, in total: CPU of this JVM (export-service), of the
     * connection and credential services it started, of the test PostgreSQL and of moto (the bucket), and the
     * transactions PostgreSQL committed (each delivery statement is one; the harness's own count adds ~10 a second)
     * and the rows of stream_delivery it updated.
     */
    private record Usage(long serviceNanos, long servicesTicks, long postgresTicks, long motoTicks, long transactions,
            long deliveryUpdates) {

        Usage minus(Usage o) {
            return new Usage(serviceNanos - o.serviceNanos, servicesTicks - o.servicesTicks, postgresTicks - o.postgresTicks,
                    motoTicks - o.motoTicks, transactions - o.transactions, deliveryUpdates - o.deliveryUpdates);
        }

        String perStream(int n) {
            return String.format("per stream: %.1f transactions, %.1f stream_delivery updates; CPU ms: export-service %.1f, "
                    + "PostgreSQL %.1f, moto %.1f, connection+credential services %.1f", (double) transactions / n,
                    (double) deliveryUpdates / n, serviceNanos / 1e6 / n, postgresTicks * 10.0 / n, motoTicks * 10.0 / n,
                    servicesTicks * 10.0 / n);
        }
    }

    private Usage usage() throws SQLException {
        long services = ProcessHandle.current().descendants().mapToLong(p -> ticks(p.pid())).sum();
        String motoPort = "-p " + URI.create(ServiceJar.MOTO_URL).getPort();
        long moto = ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains("moto_server") && c.contains(motoPort)).orElse(false))
                .mapToLong(p -> ticks(p.pid())).sum();
        try (Connection c = dataSource.getConnection(); PreparedStatement q = c.prepareStatement("""
                SELECT (SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()),
                       (SELECT n_tup_upd FROM pg_stat_user_tables WHERE relname = 'stream_delivery')""");
                ResultSet r = q.executeQuery()) {
            r.next();
            return new Usage(processCpuNanos(), services, postgresTicks(), moto, r.getLong(1), r.getLong(2));
        }
    }

    /** utime + stime of a process in clock ticks (100 a second here); 0 when it is gone. */
    private static long ticks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException | RuntimeException gone) {
            return 0;
        }
    }

    private static String loadAverage() throws IOException {
        String[] load = Files.readString(Path.of("/proc/loadavg")).split(" ");
        return load[0] + " " + load[1];
    }
}
