package io.s3flow.export.faults;

import io.s3flow.common.auth.Groups;
import io.s3flow.common.tenant.TenantHeaders;
import io.s3flow.common.testing.TestProcess;
import io.s3flow.common.testing.TestTokens;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Ingestion next to {@code psql \copy}, away from the stack's fixed ports (issue 18): a PostgreSQL of its own (as the
 * fault tests start one, {@code fsync=off}); for each export-service build given (its {@code quarkus-run.jar}), a fresh
 * schema, the service on it, 10 s of warm-up, then CLIENTS threads posting requests of 1,000 events of ~1 KB (no ids:
 * every event is stored, as bench/events.sh posts them) straight to the service (no gateway) for SECONDS; before the
 * first build and after each, {@code psql \copy} of 100,000 rows of the same shape into a table like {@code event} with
 * its index, as bench/events.sh does. Each ratio is to the mean of the COPY runs just before and after it. CPU is read
 * from /proc: the service's process, and this PostgreSQL's postmaster and backends. Not a test: a main run with the
 * test classpath, e.g.
 * <pre>
 * mvn -B -q package -DskipTests dependency:build-classpath -pl export-service -am -Dmdep.outputFile=/tmp/cp.txt -Dmdep.includeScope=test
 * cd export-service &amp;&amp; java -cp target/test-classes:target/classes:$(cat /tmp/cp.txt) io.s3flow.export.faults.IngestionBench \
 *     20 4 /tmp/before/quarkus-run.jar target/quarkus-app/quarkus-run.jar
 * </pre>
 * Arguments: seconds of posting, clients, then the builds' jars (default: target/quarkus-app/quarkus-run.jar). With
 * {@code -Dbench.service-jvm="-XX:StartFlightRecording=..."} each service's JVM gets those options too (space-separated;
 * {@code {n}} is replaced by the build's number, for a recording of each).
 */
public final class IngestionBench {

    private static final String[] TYPES = {"users.messages.email.Send", "users.messages.email.Open", "users.behaviors.Purchase"};
    private static final String ORG = "bench-org";
    private static final String SANDBOX = "bench";
    private static final Pattern LISTENING = Pattern.compile("Listening on: http://[^:/\\s]+:(\\d+)");

    private IngestionBench() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int clients = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        List<Path> jars = new ArrayList<>();
        for (int i = 2; i < args.length; i++) {
            jars.add(Path.of(args[i]).toAbsolutePath());
        }
        if (jars.isEmpty()) {
            jars.add(Path.of("target/quarkus-app/quarkus-run.jar").toAbsolutePath());
        }
        Random random = new Random(7);
        StringBuilder request = new StringBuilder("[");
        List<String> properties = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            StringBuilder pad = new StringBuilder();
            for (int k = 0; k < 900; k++) {
                pad.append((char) ((random.nextBoolean() ? 'a' : 'A') + random.nextInt(26)));
            }
            String props = "{\"campaign\": \"bench\", \"payload\": \"" + pad + "\"}";
            properties.add(props);
            request.append(i == 0 ? "" : ", ").append("{\"type\": \"").append(TYPES[i % 3]).append("\", \"userId\": \"user-")
                    .append(i).append("\", \"properties\": ").append(props).append('}');
        }
        byte[] body = request.append(']').toString().getBytes(StandardCharsets.UTF_8);
        Path rows = Files.createTempFile("bench-rows", ".csv");
        StringBuilder csv = new StringBuilder();
        for (int r = 0; r < 100; r++) {
            for (int i = 0; i < 1000; i++) {
                int n = r * 1000 + i;
                csv.append(n).append(",bench-org,bench,copy-").append(n).append(',').append(TYPES[i % 3])
                        .append(",2026-11-23 12:00:00+00,user-").append(i).append(",\"").append(properties.get(i).replace("\"", "\"\""))
                        .append("\",").append(properties.get(i).length() + 60).append(",2026-11-23 12:00:00+00\n");
            }
        }
        Files.writeString(rows, csv);
        rows.toFile().setReadable(true, false);
        rows.toFile().deleteOnExit();
        String token = TestTokens.user(ORG, Set.of(Groups.EVENTS_WRITE));

        List<String> lines = new ArrayList<>();
        try (TestPostgres postgres = TestPostgres.start()) {
            int port = postgres.port();
            double copyBefore = Double.NaN;
            for (int n = 0; n < jars.size(); n++) {
                Path jar = jars.get(n);
                psql(port, "DROP SCHEMA public CASCADE; CREATE SCHEMA public;");
                try (TestProcess service = start(jar, port, n)) {
                    if (Double.isNaN(copyBefore)) {
                        copyBefore = copy(port, rows, lines);
                    }
                    post(service.url(), token, body, clients, 10);
                    long serviceCpu = cpu(service.pid());
                    long postgresCpu = postgresCpu(port);
                    long start = System.nanoTime();
                    double rate = post(service.url(), token, body, clients, seconds);
                    double wall = (System.nanoTime() - start) / 1e9;
                    double serviceCores = (cpu(service.pid()) - serviceCpu) / 100.0 / wall;
                    double postgresCores = (postgresCpu(port) - postgresCpu) / 100.0 / wall;
                    String ingest = String.format("| POST /events, %s | %.0f events/s | export-service %.2f cores, PostgreSQL %.2f "
                            + "| %.0f ms + %.0f ms |", jar, rate, serviceCores, postgresCores, serviceCores / rate * 1e6,
                            postgresCores / rate * 1e6);
                    lines.add(ingest);
                    List<String> copyLine = new ArrayList<>();
                    double copyAfter = copy(port, rows, copyLine);
                    lines.add(String.format("|   ingest / COPY (mean of the COPY runs before, %.0f, and after, %.0f) | %.2f | | |",
                            copyBefore, copyAfter, rate / ((copyBefore + copyAfter) / 2)));
                    lines.addAll(copyLine);
                    copyBefore = copyAfter;
                }
            }
        }
        System.out.printf("ingestion benchmark, %d cores, load at the end %s, %d s, %d clients, requests of 1,000 events (%d bytes), "
                + "straight to export-service (no gateway)%n%n| run | rate | CPU (cores) | CPU per 1,000 events (service + PostgreSQL) |%n"
                + "|---|---|---|---|%n", Runtime.getRuntime().availableProcessors(), Files.readString(Path.of("/proc/loadavg")).trim(),
                seconds, clients, body.length);
        lines.forEach(System.out::println);
    }

    /** export-service from a built jar, on this PostgreSQL, with the test keys (as ServiceJar starts a service). */
    private static TestProcess start(Path jar, int port, int n) throws IOException {
        Path workDir = Files.createTempDirectory("bench-export-service");
        List<String> command = new ArrayList<>(List.of("java", "-Xmx256m"));
        for (String option : System.getProperty("bench.service-jvm", "").split(" ")) {
            if (!option.isBlank()) {
                command.add(option.replace("{n}", String.valueOf(n)));
            }
        }
        command.addAll(List.of("-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> env = builder.environment();
        for (String key : List.of("jwks.json", "service-private.pem")) {
            try (InputStream in = IngestionBench.class.getClassLoader().getResourceAsStream("test-keys/" + key)) {
                Files.copy(in, workDir.resolve(key));
            }
        }
        env.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", workDir.resolve("jwks.json").toString());
        env.put("SMALLRYE_JWT_SIGN_KEY_LOCATION", workDir.resolve("service-private.pem").toString());
        env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        env.put("QUARKUS_HTTP_PORT", "0");
        env.put("QUARKUS_LOG_JSON_CONSOLE_ENABLED", "false");
        env.put("S3FLOW_DB_HOST", "127.0.0.1");
        env.put("S3FLOW_DB_PORT", String.valueOf(port));
        env.put("S3FLOW_CONNECTION_SERVICE_URL", "http://127.0.0.1:9");
        env.put("S3FLOW_SERVICE_URL_ALLOW_LIST", "http://127.0.0.1:9");
        env.put("S3FLOW_AWS_ENDPOINT_OVERRIDE", "http://127.0.0.1:9");
        env.put("AWS_ACCESS_KEY_ID", "testing");
        env.put("AWS_SECRET_ACCESS_KEY", "testing");
        env.put("AWS_REGION", "us-east-1");
        return TestProcess.listening(builder, LISTENING, "/q/health/live", Duration.ofSeconds(120), status -> status == 200);
    }

    /** Events/s accepted by {@code clients} threads posting the body for {@code seconds}. */
    private static double post(String url, String token, byte[] body, int clients, int seconds) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url + "/events")).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token).header(TenantHeaders.ORG, ORG).header(TenantHeaders.SANDBOX, SANDBOX)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        AtomicLong accepted = new AtomicLong();
        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                running.add(pool.submit(() -> {
                    while (System.nanoTime() < end) {
                        HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
                        if (answer.statusCode() != 202 || !answer.body().contains("\"accepted\":1000")) {
                            throw new IllegalStateException(answer.statusCode() + " " + answer.body());
                        }
                        accepted.addAndGet(1000);
                    }
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        return accepted.get() / ((System.nanoTime() - start) / 1e9);
    }

    /** Rows/s of psql's \copy of the rows into a fresh table like event, with event's index (as bench/events.sh). */
    private static double copy(int port, Path rows, List<String> lines) throws IOException, InterruptedException {
        psql(port, "DROP TABLE IF EXISTS bench_copy; CREATE TABLE bench_copy (LIKE event INCLUDING DEFAULTS); "
                + "CREATE INDEX ON bench_copy (org_id, sandbox_name, seq);");
        long postgresCpu = postgresCpu(port);
        long start = System.nanoTime();
        psql(port, "\\copy bench_copy FROM '" + rows + "' WITH (FORMAT csv)");
        double wall = (System.nanoTime() - start) / 1e9;
        double rate = 100_000 / wall;
        double cores = (postgresCpu(port) - postgresCpu) / 100.0 / wall;
        psql(port, "DROP TABLE bench_copy");
        lines.add(String.format("| psql \\copy of 100,000 such rows | %.0f rows/s | PostgreSQL %.2f | %.0f ms (PostgreSQL) |",
                rate, cores, cores / rate * 1e6));
        return rate;
    }

    private static void psql(int port, String command) throws IOException, InterruptedException {
        ProcessBuilder psql = new ProcessBuilder("psql", "-q", "-h", "127.0.0.1", "-p", String.valueOf(port), "-U",
                TestPostgres.EXPORTS_USER, "exports", "-c", command).redirectErrorStream(true);
        psql.environment().put("PGPASSWORD", TestPostgres.EXPORTS_USER);
        Process p = psql.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("psql failed: " + out);
        }
    }

    /** CPU time (user + system, in clock ticks of 1/100 s) of a process. */
    private static long cpu(long pid) throws IOException {
        String[] stat = Files.readString(Path.of("/proc/" + pid + "/stat")).replaceFirst(".*\\) ", "").split(" ");
        return Long.parseLong(stat[11]) + Long.parseLong(stat[12]);
    }

    /** CPU time of this PostgreSQL: its postmaster (started with {@code -p port}) and the processes it forked, running or exited. */
    private static long postgresCpu(int port) throws IOException {
        List<Path> all;
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            all = procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList();
        }
        long postmaster = -1;
        for (Path proc : all) {
            try {
                String cmdline = Files.readString(proc.resolve("cmdline")).replace('\0', ' ');
                if (cmdline.contains("postgres") && cmdline.contains("-p " + port + " ")) {
                    postmaster = Long.parseLong(proc.getFileName().toString());
                }
            } catch (IOException | RuntimeException gone) {
                // exited meanwhile
            }
        }
        long total = 0;
        for (Path proc : all) {
            try {
                long pid = Long.parseLong(proc.getFileName().toString());
                String status = Files.readString(proc.resolve("status"));
                long parent = Long.parseLong(status.replaceFirst("(?s).*\nPPid:\\s*(\\d+).*", "$1"));
                if (pid == postmaster) {
                    // with the backends that have exited (psql's): the postmaster waited for them
                    String[] stat = Files.readString(proc.resolve("stat")).replaceFirst(".*\\) ", "").split(" ");
                    total += cpu(pid) + Long.parseLong(stat[13]) + Long.parseLong(stat[14]);
                } else if (parent == postmaster) {
                    total += cpu(pid);
                }
            } catch (IOException | RuntimeException gone) {
                // exited meanwhile
            }
        }
        return total;
    }
}
