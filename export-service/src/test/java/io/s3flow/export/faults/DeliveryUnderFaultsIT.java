package io.s3flow.export.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.s3flow.common.testing.BackgroundStart;
import io.s3flow.export.EventRows;
import io.s3flow.export.Poll;
import io.s3flow.export.TenantApi;
import io.s3flow.export.readback.DeliveredEvent;
import io.s3flow.export.readback.ExactlyOnce;
import io.s3flow.export.readback.ExportFiles;
import io.s3flow.export.readback.PostedEvent;
import io.s3flow.export.readback.StreamFiles;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * "Nothing lost, nothing twice" where it is hardest, with export-service as a process of its own: events arriving
 * while batches and runs fix their ranges, replicas killed and stalled, S3 cut off, PostgreSQL crashed. Every object
 * is read back and compared with what was accepted. Randomness is seeded; the seed and the counts are printed.
 */
class DeliveryUnderFaultsIT {

    private static final List<String> TYPES = List.of("users.messages.email.Send", "users.messages.email.Open",
            "users.behaviors.Purchase", "users.campaigns.Conversion");
    private static final List<String> FILTERED_TYPES = List.of(TYPES.get(0), TYPES.get(2));
    private static final List<String> EXPORT_FIELDS = List.of("id", "type", "time", "userId", "properties.n", "properties.tenant",
            "properties.note", "properties.tags", "properties.amount");
    private static final Set<String> EXPORT_PROPERTIES = Set.of("n", "tenant", "note", "tags", "amount");
    private static final List<String> NOTES = List.of("plain", "comma, inside", "a \"quoted\" word", "line\nbreak", "tab\there",
            "ünïcødé ✓", "");
    private static final String ROLE = "arn:aws:iam::123456789012:role/torture-writer";
    /** The load's least length: every fault falls inside it on a quiet machine; a slow restart makes it longer. */
    private static final Duration LOAD = Duration.ofSeconds(48);
    /** Load after each recovery before the next fault (or the load's end): every fault hits a service at work. */
    private static final Duration AT_WORK = Duration.ofSeconds(5);
    private static final S3Client S3 = TenantApi.MOTO;

    private static FaultStack stack;

    @BeforeAll
    static void startStack() {
        stack = FaultStack.start();
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    /** One tenant of the torture: its client, bucket, destinations and every event it got a 202 for. */
    private static final class Tenant {
        final String marker;
        final TenantClient client;
        final String bucket;
        final Map<String, PostedEvent> accepted = new ConcurrentHashMap<>();
        final Map<String, String> streams = new LinkedHashMap<>(); // folder → stream id
        String exportId;

        Tenant(String marker, String org, String sandbox, Supplier<String> exportService) {
            this.marker = marker;
            this.client = new TenantClient(org, sandbox, exportService, stack.services.connectionUrl());
            this.bucket = "torture-" + sandbox;
            S3.createBucket(b -> b.bucket(bucket));
        }

        String stream(String folder, Map<String, Object> settings) throws Exception {
            Map<String, Object> body = new LinkedHashMap<>(settings);
            body.put("name", marker + " " + folder);
            body.put("folderPath", folder);
            body.put("flush", Map.of("maxEvents", 2000, "maxSeconds", 2));
            String id = client.exportUntil(201, Duration.ofSeconds(30), "POST", "/streams", body).path("id").asText();
            streams.put(folder, id);
            return id;
        }
    }

    /** What the ingesters did, across threads. */
    private static final class Counts {
        final AtomicLong requests = new AtomicLong();
        final AtomicLong retries = new AtomicLong();
        final AtomicLong resent = new AtomicLong();
        final AtomicLong duplicatesReported = new AtomicLong();
        final AtomicLong rejected = new AtomicLong();
        final AtomicLong runsRequested = new AtomicLong();
    }

    @Test
    void everyAcceptedEventIsInEveryDestinationExactlyOnceThroughKillsAnS3OutageAndAPostgresCrash() throws Exception {
        long seed = Long.getLong("s3flow.torture.seed", new SecureRandom().nextLong());
        log("seed " + seed + " (again with -Ds3flow.torture.seed=" + seed + ")");
        Random random = new Random(seed);
        Instant began = Instant.now();
        // the replica starts while each tenant makes its connection; each tenant's streams and export wait for it
        CompletableFuture<ExportReplica> starting = new CompletableFuture<>();
        Supplier<String> exportService = () -> started(starting).url();
        String run = Long.toHexString(seed & 0xffffffL);
        Tenant a = new Tenant("A", "torture-a", "ta" + run, exportService);
        Tenant b = new Tenant("B", "torture-b", "tb" + run, exportService);
        ExecutorService setUp = Executors.newFixedThreadPool(3);
        setUp.execute(() -> {
            try {
                starting.complete(stack.replica(Map.of("S3FLOW_DELIVERY_LEASE", "PT10S", "S3FLOW_EXPORTS_LEASE", "PT10S",
                        "S3FLOW_EXPORTS_BACKOFF_BASE", "PT2S", "S3FLOW_EXPORTS_BACKOFF_CAP", "PT10S")));
            } catch (RuntimeException | Error e) {
                starting.completeExceptionally(e);
            }
        });
        Future<?> setUpA = setUp.submit(() -> {
            // A: access keys, an Avro stream, a type-filtered one, an incremental CSV export
            String connectionA = a.client.connection("Access Key", Map.of("s3AccessKey", "AKIAIOSFODNN7EXAMPLE",
                    "s3SecretKey", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "serviceUrl", stack.s3.url(),
                    "bucketName", a.bucket, "folderPath", "landing"));
            a.stream("avro", Map.of("connectionId", connectionA));
            a.stream("filtered", Map.of("connectionId", connectionA, "eventTypes", FILTERED_TYPES, "compression", "snappy"));
            a.exportId = export(a, connectionA, Map.of("format", "csv", "csv", Map.of("nullValue", ExportFiles.NULL),
                    "fileName", "%RUN_ID%"));
            return null;
        });
        Future<?> setUpB = setUp.submit(() -> {
            // B: a role assumed through moto's STS, a gzipped JSON Lines stream, an incremental gzipped JSON Lines export
            String connectionB = b.client.connection("Role ARN", Map.of("roleArn", ROLE, "bucketName", b.bucket, "folderPath", "landing"));
            b.stream("jsonl", Map.of("connectionId", connectionB, "format", "jsonl", "compression", "gzip", "serverSideEncryption", "AES256"));
            b.exportId = export(b, connectionB, Map.of("format", "jsonl", "compression", "gzip", "fileName", "run_%RUN_ID%"));
            return null;
        });
        setUp.shutdown();
        try (ExportReplica export = started(starting)) {
            setUpA.get(3, TimeUnit.MINUTES);
            setUpB.get(3, TimeUnit.MINUTES);
            List<Tenant> tenants = List.of(a, b);
            Duration setup = Duration.between(began, Instant.now());

            Counts counts = new Counts();
            Instant loadStarts = Instant.now();
            AtomicBoolean posting = new AtomicBoolean(true);
            ExecutorService load = Executors.newFixedThreadPool(5);
            List<Future<?>> ingesters = new ArrayList<>();
            int ingester = 0;
            for (Tenant tenant : tenants) {
                for (boolean ndjson : List.of(false, true)) {
                    Random own = new Random(seed + ++ingester);
                    ingesters.add(load.submit(() -> {
                        ingest(tenant, ndjson, own, loadStarts, posting, counts);
                        return null;
                    }));
                }
            }
            AtomicBoolean loading = new AtomicBoolean(true);
            Future<?> runs = load.submit(() -> {
                requestRuns(tenants, new Random(seed - 1), loading, counts);
                return null;
            });

            List<String> faults = injectFaults(export, new Random(seed + 100), loadStarts);
            waitUntil(later(loadStarts.plus(LOAD), Instant.now().plus(AT_WORK)));
            posting.set(false);
            Duration loaded = Duration.between(loadStarts, Instant.now());
            for (Future<?> each : ingesters) {
                each.get(4, TimeUnit.MINUTES); // an ingester that failed an assertion fails the test here
            }
            loading.set(false);
            runs.get(2, TimeUnit.MINUTES);
            load.shutdown();
            Instant ingested = Instant.now();

            // everything accepted has been posted; the streams drain and one last run per export takes the rest
            for (Tenant tenant : tenants) {
                for (Map.Entry<String, String> stream : tenant.streams.entrySet()) {
                    awaitDrained(tenant, stream.getValue(), expectedOf(tenant, stream.getKey()).size());
                }
                finalRun(tenant, ingested);
            }
            Duration drained = Duration.between(ingested, Instant.now());

            // every destination read back and compared, two at a time (each read waits on moto as much as it decodes)
            List<Callable<ExactlyOnce.Report>> readBacks = new ArrayList<>();
            for (Tenant tenant : tenants) {
                for (Map.Entry<String, String> stream : tenant.streams.entrySet()) {
                    readBacks.add(() -> {
                        StreamFiles.Readback files = StreamFiles.read(S3, tenant.bucket, "landing/" + stream.getKey() + "/", stream.getValue());
                        return ExactlyOnce.compare(tenant.marker + " stream " + stream.getKey() + " (" + files.files() + " files)",
                                expectedOf(tenant, stream.getKey()), files.events(), files.problems());
                    });
                }
                readBacks.add(() -> readExportRuns(tenant));
                readBacks.add(() -> ExactlyOnce.compare(tenant.marker + " bucket outside the destinations", Map.of(), List.of(),
                        strayObjects(tenant)));
            }
            ExecutorService readers = Executors.newFixedThreadPool(2);
            List<ExactlyOnce.Report> reports = new ArrayList<>();
            try {
                for (Future<ExactlyOnce.Report> report : readers.invokeAll(readBacks)) {
                    reports.add(report.get());
                }
            } finally {
                readers.shutdownNow();
            }

            log("setup %d s, load %d s, drain and last runs %d s, read back %d s, whole test %d s".formatted(setup.toSeconds(),
                    loaded.toSeconds(), drained.toSeconds(), Duration.between(ingested.plus(drained), Instant.now()).toSeconds(),
                    Duration.between(began, Instant.now()).toSeconds()));
            log("faults: " + String.join("; ", faults));
            log("accepted: A %d, B %d events in %d requests (%d retried after an error, %d sent again on purpose: %d duplicates "
                    .formatted(a.accepted.size(), b.accepted.size(), counts.requests.get(), counts.retries.get(), counts.resent.get(),
                            counts.duplicatesReported.get()) + "reported), %d invalid events rejected; %d runs requested"
                    .formatted(counts.rejected.get(), counts.runsRequested.get()));
            for (Tenant tenant : tenants) {
                log(tenant.marker + ": multipart uploads left open in the bucket (by the killed replica): "
                        + S3.listMultipartUploads(x -> x.bucket(tenant.bucket)).uploads().size());
            }
            reports.forEach(report -> log(report.summary()));
            long assumed = assumedWithExternalId();
            log("role " + ROLE + " assumed with an external id " + assumed + " times through STS (moto)");
            assertTrue(assumed > 0, "B's deliveries assumed its role through STS");
            reports.forEach(ExactlyOnce.Report::assertExact);
        }
    }

    /** The replica being started, once it is up (its start failing fails the caller). */
    private static ExportReplica started(Future<ExportReplica> starting) {
        try {
            return starting.get(3, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("export-service did not start", e);
        }
    }

    /** How often B's role was assumed with an external id, as the STS (a moto) recorded it. */
    private static long assumedWithExternalId() {
        return stack.sts.assumedRoles().stream()
                .filter(r -> ROLE.equals(r.path("role_arn").asText()) && !r.path("external_id").asText().isEmpty()).count();
    }

    private static String export(Tenant tenant, String connectionId, Map<String, Object> format) throws InterruptedException {
        Map<String, Object> body = new LinkedHashMap<>(format);
        body.putAll(Map.of("name", tenant.marker + " incremental", "connectionId", connectionId,
                "select", Map.of("fields", EXPORT_FIELDS), "maxRowsPerFile", 1000, "manifest", true, "folderPath", "exports",
                // the shortest schedule is hourly: its one slot comes during the load, the test asks for runs in between
                "schedule", Map.of("frequency", "HOURLY", "startTime", Instant.now().plusSeconds(30).truncatedTo(ChronoUnit.SECONDS).toString(),
                        "mode", "FIRST_FULL_THEN_INCREMENTAL")));
        return tenant.client.exportUntil(201, Duration.ofSeconds(60), "POST", "/exports", body).path("id").asText();
    }

    /** Requests of 20 to 300 events, as JSON arrays or NDJSON, each posted until accepted; some sent twice on purpose. */
    private static void ingest(Tenant tenant, boolean ndjson, Random random, Instant loadStarts, AtomicBoolean posting,
            Counts counts) throws Exception {
        String kind = ndjson ? "nd" : "arr";
        int n = 0;
        while (posting.get()) {
            List<PostedEvent> valid = new ArrayList<>();
            List<Integer> invalidAt = new ArrayList<>();
            List<ObjectNode> body = new ArrayList<>();
            int size = 20 + random.nextInt(281);
            for (int i = 0; i < size; i++) {
                if (random.nextInt(200) == 0) {
                    // no type: rejected alone, never delivered
                    invalidAt.add(i);
                    body.add(PostedEvent.JSON.createObjectNode().put("id", "bad-" + kind + "-" + n++));
                    continue;
                }
                PostedEvent event = event(tenant.marker, kind + "-" + n++, random, loadStarts);
                valid.add(event);
                body.add(switch (random.nextInt(3)) {
                    case 0 -> event.json();
                    case 1 -> event.json(event.time().atOffset(ZoneOffset.ofHoursMinutes(5, 30)).toString());
                    default -> event.json(event.time().toEpochMilli());
                });
            }
            String text = ndjson ? body.stream().map(ObjectNode::toString).collect(Collectors.joining("\n"))
                    : PostedEvent.JSON.createArrayNode().addAll(body).toString();
            String contentType = ndjson ? "application/x-ndjson" : "application/json";
            JsonNode answer = postUntilAccepted(tenant, contentType, text, random, counts);
            assertEquals(valid.size(), answer.path("accepted").asInt(), "accepted: " + answer);
            List<Integer> rejected = new ArrayList<>();
            answer.path("rejected").forEach(r -> rejected.add(r.path("index").asInt()));
            assertEquals(invalidAt, rejected, "rejected by index: " + answer);
            counts.duplicatesReported.addAndGet(answer.path("duplicates").asInt());
            counts.rejected.addAndGet(rejected.size());
            valid.forEach(event -> tenant.accepted.put(event.id(), event));
            if (random.nextInt(10) == 0) {
                // the client sends the same request again (its answer was lost, it thinks): nothing is stored twice
                JsonNode again = postUntilAccepted(tenant, contentType, text, random, counts);
                assertEquals(valid.size(), again.path("duplicates").asInt(), "a request sent again stores nothing: " + again);
                counts.resent.incrementAndGet();
                counts.duplicatesReported.addAndGet(again.path("duplicates").asInt());
            }
            TenantClient.pause(50 + random.nextInt(150));
        }
    }

    /** An event of the tenant: a random type, a time in the three hours before the load, awkward properties. */
    private static PostedEvent event(String tenant, String id, Random random, Instant loadStarts) {
        Instant time = loadStarts.minusMillis(random.nextInt(3 * 3_600_000)).truncatedTo(ChronoUnit.MILLIS);
        ObjectNode properties = PostedEvent.JSON.createObjectNode().put("n", random.nextInt(1_000_000)).put("tenant", tenant);
        if (random.nextInt(4) != 0) {
            properties.put("note", NOTES.get(random.nextInt(NOTES.size())));
        }
        ArrayNode tags = properties.putArray("tags");
        for (int t = random.nextInt(3); t > 0; t--) {
            tags.add("tag-" + random.nextInt(10));
        }
        properties.put("amount", random.nextInt(1_000_000) / 100.0);
        return new PostedEvent(id, TYPES.get(random.nextInt(TYPES.size())), time,
                random.nextInt(5) == 0 ? null : "user-" + random.nextInt(1000), properties);
    }

    /** Posts until a 202: a refusal or an error while the service, its database or S3 is down is retried, same body. */
    private static JsonNode postUntilAccepted(Tenant tenant, String contentType, String body, Random random, Counts counts)
            throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        String last = "";
        counts.requests.incrementAndGet();
        while (Instant.now().isBefore(deadline)) {
            try {
                TenantClient.Answer answer = tenant.client.export("POST", "/events", contentType, body);
                if (answer.status() == 202) {
                    return answer.body();
                }
                assertFalse(answer.status() >= 400 && answer.status() < 500, "a valid request refused: " + answer);
                last = answer.toString();
            } catch (IOException down) {
                last = down.toString();
            }
            counts.retries.incrementAndGet();
            TenantClient.pause(200 + random.nextInt(300));
        }
        throw new AssertionError("events never accepted: " + last);
    }

    /**
     * Asks for a run of each export every few seconds, as a schedule would, unless one is already waiting behind the
     * one in flight: runs fix their ranges while events keep coming.
     */
    private static void requestRuns(List<Tenant> tenants, Random random, AtomicBoolean loading, Counts counts) throws InterruptedException {
        while (loading.get()) {
            for (Tenant tenant : tenants) {
                try {
                    TenantClient.Answer latest = tenant.client.export("GET", "/exports/" + tenant.exportId + "/runs?limit=2", null);
                    int open = 0;
                    for (JsonNode run : latest.path("items")) {
                        open += finished(run) ? 0 : 1;
                    }
                    if (latest.status() == 200 && open < 2
                            && tenant.client.export("POST", "/exports/" + tenant.exportId + "/runs", null).status() == 202) {
                        counts.runsRequested.incrementAndGet();
                    }
                } catch (IOException down) {
                    // the service is restarting: next time
                }
            }
            Thread.sleep(3000 + random.nextInt(3000));
        }
    }

    /**
     * Two SIGKILLs and restarts of export-service, S3 cut for 10 s, PostgreSQL crashed and restarted, one after the
     * other, each at its planned time or {@link #AT_WORK} after the last recovery, whichever is later (a slow restart
     * on a loaded machine does not make the next fault land on a service still starting); returns what when.
     */
    private static List<String> injectFaults(ExportReplica export, Random random, Instant loadStarts) throws InterruptedException {
        List<String> done = new ArrayList<>();
        waitUntil(loadStarts.plusSeconds(4 + random.nextInt(3)));
        export.kill();
        done.add(at(loadStarts) + " SIGKILL export-service");
        export.start();
        done.add(at(loadStarts) + " export-service up again");
        waitUntil(later(loadStarts.plusSeconds(14 + random.nextInt(3)), Instant.now().plus(AT_WORK)));
        stack.s3.cut();
        done.add(at(loadStarts) + " S3 cut");
        Thread.sleep(10_000);
        stack.s3.restore();
        done.add(at(loadStarts) + " S3 back");
        waitUntil(later(loadStarts.plusSeconds(28 + random.nextInt(3)), Instant.now().plus(AT_WORK)));
        stack.postgres.crashAndRestart();
        done.add(at(loadStarts) + " PostgreSQL crashed (immediate stop) and restarted");
        waitUntil(later(loadStarts.plusSeconds(33 + random.nextInt(4)), Instant.now().plus(AT_WORK)));
        export.kill();
        done.add(at(loadStarts) + " SIGKILL export-service");
        export.start();
        done.add(at(loadStarts) + " export-service up again");
        return done;
    }

    private static Instant later(Instant one, Instant other) {
        return one.isAfter(other) ? one : other;
    }

    private static String at(Instant loadStarts) {
        return "t+" + Duration.between(loadStarts, Instant.now()).toMillis() / 100 / 10.0 + " s";
    }

    private static void waitUntil(Instant when) throws InterruptedException {
        long millis = Duration.between(Instant.now(), when).toMillis();
        if (millis > 0) {
            Thread.sleep(millis);
        }
    }

    /** What a stream should hold: the tenant's accepted events of the types it selects. */
    private static Map<String, PostedEvent> expectedOf(Tenant tenant, String folder) {
        if (!folder.equals("filtered")) {
            return tenant.accepted;
        }
        return tenant.accepted.entrySet().stream().filter(e -> FILTERED_TYPES.contains(e.getValue().type()))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    private static void awaitDrained(Tenant tenant, String streamId, int expected) {
        awaitDrained(tenant.client, streamId, expected);
    }

    /** A run queued once every accepted event was in, run to success (again if it fails). */
    private static void finalRun(Tenant tenant, Instant ingested) throws InterruptedException {
        for (int attempt = 0; attempt < 4; attempt++) {
            awaitNoOpenRun(tenant);
            String runId = tenant.client.exportUntil(202, Duration.ofSeconds(60), "POST", "/exports/" + tenant.exportId + "/runs", null)
                    .path("runId").asText();
            JsonNode run = Poll.until("run " + runId + " finished", Duration.ofMinutes(3), Duration.ofMillis(500),
                    () -> runOf(tenant, runId), r -> r != null && finished(r));
            if ("SUCCESS".equals(run.path("status").asText())) {
                assertTrue(Instant.parse(run.path("queuedAt").asText()).isAfter(ingested));
                return;
            }
            log(tenant.marker + ": last run " + run.path("status").asText() + ", again: " + run.path("errors"));
        }
        throw new AssertionError("no last run of " + tenant.marker + "'s export succeeded");
    }

    private static void awaitNoOpenRun(Tenant tenant) {
        Poll.until(tenant.marker + "'s runs finished", Duration.ofMinutes(3), Duration.ofMillis(500), () -> {
            try {
                return tenant.client.export("GET", "/exports/" + tenant.exportId + "/runs?limit=200", null).body();
            } catch (IOException | InterruptedException e) {
                return null;
            }
        }, runs -> {
            if (runs == null || !runs.has("items")) {
                return false;
            }
            for (JsonNode run : runs.path("items")) {
                if (!finished(run)) {
                    return false;
                }
            }
            return true;
        });
    }

    private static JsonNode runOf(Tenant tenant, String runId) {
        try {
            TenantClient.Answer run = tenant.client.export("GET", "/exports/" + tenant.exportId + "/runs/" + runId, null);
            return run.status() == 200 ? run.body() : null;
        } catch (IOException | InterruptedException e) {
            return null;
        }
    }

    private static boolean finished(JsonNode run) {
        return Set.of("SUCCESS", "FAILED", "CANCELLED").contains(run.path("status").asText());
    }

    /**
     * Every successful run's files, read back; each event must be in exactly one run. Each manifest lists its run's
     * files as they are; a run that did not succeed left nothing behind; nothing else is in the export's folder.
     */
    private static ExactlyOnce.Report readExportRuns(Tenant tenant) throws Exception {
        JsonNode runs = tenant.client.exportUntil(200, Duration.ofSeconds(30), "GET", "/exports/" + tenant.exportId + "/runs?limit=200", null)
                .path("items");
        List<DeliveredEvent> delivered = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        Set<String> expectedKeys = new HashSet<>();
        Map<String, Integer> outcomes = new LinkedHashMap<>();
        for (JsonNode run : runs) {
            String status = run.path("status").asText();
            outcomes.merge(status, 1, Integer::sum);
            if (!status.equals("SUCCESS")) {
                List<String> codes = new ArrayList<>();
                run.path("errors").forEach(e -> codes.add(e.path("errorCode").asText() + " (" + e.path("reason").asText() + ")"));
                log(tenant.marker + ": run " + run.path("runId").asText() + " " + status + " after " + codes);
                if (!run.path("files").isEmpty()) {
                    problems.add("run " + run.path("runId").asText() + " " + status + " left files behind: " + run.path("files"));
                }
                continue;
            }
            int rows = 0;
            for (JsonNode file : run.path("files")) {
                List<DeliveredEvent> events = ExportFiles.read(S3, tenant.bucket, file.path("key").asText());
                rows += events.size();
                delivered.addAll(events);
                expectedKeys.add(file.path("key").asText());
            }
            if (rows != run.path("metrics").path("records").path("output").asInt()) {
                problems.add("run " + run.path("runId").asText() + " says " + run.path("metrics") + " but its files hold " + rows);
            }
            problems.addAll(manifestProblems(tenant, run));
            expectedKeys.add(run.path("manifest").path("key").asText());
        }
        for (S3Object object : S3.listObjectsV2Paginator(x -> x.bucket(tenant.bucket).prefix("landing/exports/")).contents()) {
            if (!expectedKeys.contains(object.key())) {
                problems.add("an object no successful run wrote: " + object.key());
            }
        }
        return ExactlyOnce.compare(tenant.marker + " export, runs " + outcomes, tenant.accepted, delivered, EXPORT_PROPERTIES, problems);
    }

    private static List<String> manifestProblems(Tenant tenant, JsonNode run) throws Exception {
        List<String> problems = new ArrayList<>();
        String key = run.path("manifest").path("key").asText(null);
        if (key == null) {
            return List.of("run " + run.path("runId").asText() + " names no manifest");
        }
        Instant written = Instant.parse(run.path("manifest").path("writtenAt").asText());
        JsonNode manifest = PostedEvent.JSON.readTree(S3.getObjectAsBytes(x -> x.bucket(tenant.bucket).key(key)).asByteArray());
        List<String> listed = new ArrayList<>();
        for (JsonNode file : manifest.path("files")) {
            listed.add(file.path("key").asText());
            byte[] content = S3.getObjectAsBytes(x -> x.bucket(tenant.bucket).key(file.path("key").asText())).asByteArray();
            String sha256 = "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
            if (!sha256.equals(file.path("checksum").asText()) || content.length != file.path("bytes").asLong()) {
                problems.add("manifest " + key + " does not describe " + file.path("key").asText() + " as it is");
            }
        }
        List<String> files = new ArrayList<>();
        for (JsonNode file : run.path("files")) {
            files.add(file.path("key").asText());
            if (written.isBefore(Instant.parse(file.path("completedAt").asText()))) {
                problems.add("manifest " + key + " written before " + file.path("key").asText() + " was complete");
            }
        }
        if (!listed.equals(files)) {
            problems.add("manifest " + key + " lists " + listed + ", the run wrote " + files);
        }
        return problems;
    }

    /** Objects in the tenant's bucket outside its streams' folders and its export's folder. */
    private static List<String> strayObjects(Tenant tenant) {
        List<String> prefixes = new ArrayList<>(List.of("landing/exports/"));
        tenant.streams.keySet().forEach(folder -> prefixes.add("landing/" + folder + "/"));
        return S3.listObjectsV2Paginator(x -> x.bucket(tenant.bucket)).contents().stream().map(S3Object::key)
                .filter(key -> prefixes.stream().noneMatch(key::startsWith)).toList();
    }

    // ---------------------------------------------------------------------------------------------------------------

    /**
     * Two replicas on one database. The first is stopped (SIGSTOP) in the middle of a batch, with a multipart upload
     * open: it keeps its lease until the lease runs out, then the second takes the stream over and delivers
     * everything. Resumed (SIGCONT), the first must write nothing (no new object version anywhere in the versioned
     * bucket), commit nothing, and abort its half-written upload.
     */
    @Test
    void aStalledReplicaWritesAndCommitsNothingOnceAnotherHasTakenItsStreamOver() throws Exception {
        // two batches: the replica is caught in its first (runs so far: always), with one more to try in; the second
        // replica writes the caught batch again and one that the first never touched
        stalledReplicaWritesAndCommitsNothing(30_000, "pending_end_seq", 1);
    }

    /**
     * The same, stopped while it reads ahead: the next batch recorded behind the pending one, its file's upload open, the
     * pending batch's file complete (not committed). Resumed, the first replica must neither commit the pending batch
     * nor complete anything of the batch it wrote ahead. (Stopped while the pending batch's own file completes, it could
     * be stopped between its lease check and its CompleteMultipartUpload: the check is not a conditional write at S3,
     * and that file would then go up once more, the same key with the same events; README says so.)
     */
    @Test
    void aReplicaStalledWhileReadingAheadWritesNothingOfEitherBatchOnceAnotherHasTakenItsStreamOver() throws Exception {
        // eight batches: seven batch-to-batch handovers to catch one read ahead in (loaded runs caught the second; fewer
        // batches would leave a slow CI run fewer chances, and a miss fails the test)
        stalledReplicaWritesAndCommitsNothing(120_000, "next_end_seq", 1);
    }

    /**
     * Stops the first replica once {@code recorded} is set in its stream's delivery row and {@code uploads} multipart
     * uploads are open, then checks what it does once resumed after the second replica has delivered everything.
     */
    private void stalledReplicaWritesAndCommitsNothing(int events, String recorded, int uploads) throws Exception {
        Map<String, String> settings = Map.of("S3FLOW_DELIVERY_LEASE", "PT6S", "S3FLOW_STORAGE_PART_SIZE_BYTES", "5242880");
        PGSimpleDataSource database = new PGSimpleDataSource();
        database.setUrl("jdbc:postgresql://127.0.0.1:" + stack.postgres.port() + "/exports");
        database.setUser(TestPostgres.EXPORTS_USER);
        database.setPassword(TestPostgres.EXPORTS_USER);
        Instant began = Instant.now();
        // both replicas start at once; the second is stopped (SIGSTOP) as soon as it is up, before the stream exists,
        // and resumed once the first is stopped mid-batch: until then it takes no part
        CompletableFuture<ExportReplica> secondStarting = CompletableFuture.supplyAsync(() -> {
            ExportReplica replica = stack.replica(settings);
            try {
                replica.process().signal("STOP");
            } catch (RuntimeException | Error e) { // not returned, so closed by no one else
                BackgroundStart.close(replica, ExportReplica::close, e);
                throw e;
            }
            return replica;
        });
        ExportReplica replicaOne;
        try {
            replicaOne = stack.replica(settings);
        } catch (RuntimeException e) {
            // the second, stopped, would ignore close's SIGTERM and could outlive the tests: resumed, then closed, here
            BackgroundStart.closeWhenStarted(secondStarting, second -> {
                try {
                    second.process().signal("CONT");
                } finally {
                    second.close();
                }
            }, e);
            throw e;
        }
        try (ExportReplica first = replicaOne; ExportReplica second = secondStarting.join()) {
            try {
                stalledReplicaWritesAndCommitsNothing(first, second, database, events, recorded, uploads, began);
            } finally {
                // a stopped process would not stop on close's SIGTERM
                for (ExportReplica replica : List.of(first, second)) {
                    if (replica.process().alive()) {
                        replica.process().signal("CONT");
                    }
                }
            }
        }
    }

    private void stalledReplicaWritesAndCommitsNothing(ExportReplica first, ExportReplica second, PGSimpleDataSource database,
            int events, String recorded, int uploads, Instant began) throws Exception {
        String sandbox = "rp" + Long.toHexString(System.nanoTime() & 0xffffffL);
        TenantClient tenant = new TenantClient("replicas", sandbox, first::url, stack.services.connectionUrl());
        String bucket = "replicas-" + sandbox;
        S3.createBucket(x -> x.bucket(bucket));
        S3.putBucketVersioning(x -> x.bucket(bucket).versioningConfiguration(v -> v.status("Enabled")));
        String connection = tenant.connection("Access Key", Map.of("s3AccessKey", "AKIAIOSFODNN7EXAMPLE",
                "s3SecretKey", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "serviceUrl", stack.s3.url(),
                "bucketName", bucket, "folderPath", "landing"));
        // uncompressed Avro, 15,000 events of ~1 KB a batch: each batch is one file of three 5 MiB parts
        String streamId = tenant.exportUntil(201, Duration.ofSeconds(60), "POST", "/streams", Map.of("name", "replicated",
                "connectionId", connection, "folderPath", "replicated", "compression", "null",
                "flush", Map.of("maxEvents", 15_000, "maxSeconds", 1))).path("id").asText();
        EventRows.insert(database, "replicas", sandbox, "rep-", events, 1000);
        Map<String, PostedEvent> stored = EventRows.stored(database, "replicas", sandbox, "rep-");
        Instant set = Instant.now();

        List<MultipartUpload> open = stopMidBatch(first, database, streamId, bucket, recorded, uploads);
        Instant stopped = Instant.now();
        log("replica one stopped with " + open.stream().map(MultipartUpload::key).toList() + " open, " + recorded + " set ("
                + recordedBatches(database, streamId, "replicas", sandbox) + " of " + events + " events)");
        second.process().signal("CONT");
        TenantClient viaSecond = new TenantClient("replicas", sandbox, second::url, stack.services.connectionUrl());
        awaitDrained(viaSecond, streamId, stored.size());
        JsonNode delivered = viaSecond.export("GET", "/streams/" + streamId, null).path("status");
        List<String> versions = versions(bucket);

        first.process().signal("CONT");
        // under load replica one may have had two workers on the batch (its own lease ran out between two
        // renewals and its next poll claimed the stream again): each notices at its own next lease check
        Poll.until("replica one noticed it lost the stream and aborted its half-written uploads", Duration.ofSeconds(60), () -> {
            try {
                return first.counter("s3flow.delivery.leases.lost") >= 1 && uploadIds(bucket).isEmpty();
            } catch (IOException | InterruptedException e) {
                return false;
            }
        });
        List<String> written = new ArrayList<>(versions(bucket));
        written.removeAll(versions);
        assertEquals(List.of(), written, "the resumed replica wrote no object, not even the same bytes again");
        assertEquals(versions, versions(bucket), "nor removed one");
        JsonNode after = viaSecond.export("GET", "/streams/" + streamId, null).path("status");
        assertEquals(delivered.path("deliveredEvents"), after.path("deliveredEvents"), "and committed nothing");
        assertEquals(delivered.path("deliveredFiles"), after.path("deliveredFiles"));
        assertEquals(0, after.path("backlog").asInt());
        Map<String, PostedEvent> inAvro = new LinkedHashMap<>();
        stored.forEach((id, event) -> inAvro.put(id, new PostedEvent(id, event.type(), event.time().truncatedTo(ChronoUnit.MILLIS),
                event.userId(), event.properties())));
        StreamFiles.Readback files = StreamFiles.read(S3, bucket, "landing/replicated/", streamId);
        ExactlyOnce.Report report = ExactlyOnce.compare("two replicas, one stalled", inAvro, files.events(), files.problems());
        log(report.summary() + "; object versions " + versions.size());
        log("replicas up and events stored in %d s, replica one stopped %d s later, the rest (takeover, drain, resumed replica, "
                .formatted(Duration.between(began, set).toSeconds(), Duration.between(set, stopped).toSeconds())
                + "read back) %d s".formatted(Duration.between(stopped, Instant.now()).toSeconds()));
        report.assertExact();
    }

    /**
     * Stops the replica (SIGSTOP) while the batch column {@code recorded} is set and at least {@code uploads} multipart
     * uploads are open; returns those uploads.
     */
    private static List<MultipartUpload> stopMidBatch(ExportReplica replica, PGSimpleDataSource database, String streamId,
            String bucket, String recorded, int uploads) throws SQLException, InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (Instant.now().isBefore(deadline)) {
            List<String> open = uploadIds(bucket);
            if (open.size() >= uploads && recordedBatch(database, streamId, recorded) && onlyNextBatchOpen(database, streamId, bucket, recorded)) {
                replica.process().signal("STOP");
                // stopped in time if the uploads are still open and the batch still recorded; else let it go on and try again
                List<MultipartUpload> still = S3.listMultipartUploads(x -> x.bucket(bucket)).uploads();
                if (still.stream().map(MultipartUpload::uploadId).toList().containsAll(open)
                        && recordedBatch(database, streamId, recorded)) {
                    return still;
                }
                replica.process().signal("CONT");
            }
            Thread.sleep(20);
        }
        throw new AssertionError("replica one was never caught with " + recorded + " set and " + uploads + " uploads open");
    }

    private static List<String> uploadIds(String bucket) {
        return S3.listMultipartUploads(x -> x.bucket(bucket)).uploads().stream().map(MultipartUpload::uploadId).toList();
    }

    /**
     * Reading ahead, only uploads of the batch read ahead are open (their files' first sequence is past the pending
     * batch's end): the pending batch's files are complete, so what the stop finds is the read-ahead's fence alone.
     */
    private static boolean onlyNextBatchOpen(PGSimpleDataSource database, String streamId, String bucket, String recorded)
            throws SQLException {
        if (!recorded.equals("next_end_seq")) {
            return true;
        }
        long pendingEnd;
        try (Connection c = database.getConnection(); PreparedStatement q = c.prepareStatement(
                "SELECT pending_end_seq FROM stream_delivery WHERE stream_id = ?::uuid")) {
            q.setString(1, streamId);
            try (ResultSet r = q.executeQuery()) {
                if (!r.next() || r.getObject(1) == null) {
                    return false;
                }
                pendingEnd = r.getLong(1);
            }
        }
        return S3.listMultipartUploads(x -> x.bucket(bucket)).uploads().stream().map(MultipartUpload::key)
                .allMatch(key -> Long.parseLong(key.substring(key.lastIndexOf('+') + 1, key.indexOf('.', key.lastIndexOf('+')))) > pendingEnd);
    }

    /** Where the recorded batches end, counted in events from the tenant's first: "pending to 15000, next to 30000". */
    private static String recordedBatches(PGSimpleDataSource database, String streamId, String org, String sandbox) throws SQLException {
        try (Connection c = database.getConnection(); PreparedStatement q = c.prepareStatement("""
                SELECT d.pending_end_seq - e.first + 1, d.next_end_seq - e.first + 1 FROM stream_delivery d,
                       (SELECT min(seq) AS first FROM event WHERE org_id = ? AND sandbox_name = ?) e WHERE d.stream_id = ?::uuid""")) {
            q.setString(1, org);
            q.setString(2, sandbox);
            q.setString(3, streamId);
            try (ResultSet r = q.executeQuery()) {
                return r.next() ? "pending to " + r.getObject(1) + ", next to " + r.getObject(2) : "no batch recorded";
            }
        }
    }

    private static boolean recordedBatch(PGSimpleDataSource database, String streamId, String column) throws SQLException {
        try (Connection c = database.getConnection(); PreparedStatement q = c.prepareStatement(
                "SELECT " + column + " IS NOT NULL FROM stream_delivery WHERE stream_id = ?::uuid")) {
            q.setString(1, streamId);
            try (ResultSet r = q.executeQuery()) {
                return r.next() && r.getBoolean(1);
            }
        }
    }

    /** Every version of every object (and delete marker) in the bucket. */
    private static List<String> versions(String bucket) {
        List<String> all = new ArrayList<>();
        S3.listObjectVersionsPaginator(x -> x.bucket(bucket)).forEach(page -> {
            page.versions().forEach(v -> all.add(v.key() + "@" + v.versionId()));
            page.deleteMarkers().forEach(m -> all.add(m.key() + "@deleted:" + m.versionId()));
        });
        return all.stream().sorted().toList();
    }

    private static void awaitDrained(TenantClient tenant, String streamId, int expected) {
        Poll.until("stream " + streamId + " drained (" + expected + " events)", Duration.ofMinutes(3), Duration.ofMillis(500), () -> {
            try {
                return tenant.export("GET", "/streams/" + streamId, null).body();
            } catch (IOException | InterruptedException e) {
                return null;
            }
        }, status -> status != null && status.path("status").path("backlog").asLong(-1) == 0
                && status.path("status").path("deliveredEvents").asLong() >= expected);
    }

    private static void log(String line) {
        System.out.println("[faults] " + line);
    }
}
