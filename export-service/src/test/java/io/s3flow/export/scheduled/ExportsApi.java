package io.s3flow.export.scheduled;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.s3flow.export.TenantApi;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/** Exports and their runs through the real API, in a sandbox of its own, and their files read back from moto. */
public class ExportsApi extends TenantApi {

    static final ObjectMapper JSON = new ObjectMapper();
    public static final Set<String> FINISHED = Set.of("SUCCESS", "PARTIAL_SUCCESS", "FAILED", "CANCELLED");

    public final String bucket = newBucket();
    public final String connectionId = connection(bucket);

    public ExportsApi() {
    }

    public ExportsApi(String sandbox) {
        super(sandbox);
    }

    /** A CSV export of {@code fields} with {@code extra} settings on top; returns its id. */
    public String create(List<String> fields, Map<String, Object> extra) {
        Map<String, Object> body = new HashMap<>(Map.of("name", "daily opens", "connectionId", connectionId,
                "select", Map.of("fields", fields)));
        body.putAll(extra);
        return api().contentType(ContentType.JSON).body(body).post("/exports").then().statusCode(201).extract().path("id");
    }

    public String startRun(String exportId) {
        return api().post("/exports/" + exportId + "/runs").then().statusCode(202).extract().path("runId");
    }

    public Response run(String exportId, String runId) {
        return api().get("/exports/" + exportId + "/runs/" + runId);
    }

    /** Polls the run until it has finished; returns its view. */
    public JsonPath awaitFinished(String exportId, String runId, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        JsonPath run = null;
        while (Instant.now().isBefore(deadline)) {
            run = run(exportId, runId).then().statusCode(200).extract().jsonPath();
            if (FINISHED.contains(run.getString("status"))) {
                return run;
            }
            sleep(100);
        }
        throw new AssertionError("run not finished in " + timeout + ": " + (run == null ? "" : run.prettify()));
    }

    /** Runs the export now and waits for the run to succeed. */
    public JsonPath runToSuccess(String exportId) {
        return runAllToSuccess(List.of(exportId)).get(0);
    }

    /**
     * Runs each export now, all queued at once (a poll starts as many as the runner has workers, rather than one
     * run a poll), and waits for each run to succeed; returns them in the exports' order.
     */
    public List<JsonPath> runAllToSuccess(List<String> exportIds) {
        List<String> runIds = exportIds.stream().map(this::startRun).toList();
        List<JsonPath> runs = new ArrayList<>();
        for (int i = 0; i < exportIds.size(); i++) {
            JsonPath run = awaitFinished(exportIds.get(i), runIds.get(i), Duration.ofSeconds(60));
            if (!"SUCCESS".equals(run.getString("status"))) {
                throw new AssertionError("run did not succeed: " + run.prettify());
            }
            runs.add(run);
        }
        return runs;
    }

    /** An object's content, gunzipped if its key ends in .gz. */
    public String read(String key) {
        try (InputStream raw = MOTO.getObject(b -> b.bucket(bucket).key(key));
                InputStream in = key.endsWith(".gz") ? new GZIPInputStream(raw) : raw) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public byte[] bytes(String key) {
        return MOTO.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
    }

    public List<String> keys(String prefix) {
        return MOTO.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents().stream().map(o -> o.key()).toList();
    }

    /**
     * The run's manifest (named in its record) lists exactly the run's files, in order, with each object's bytes and
     * SHA-256 as they are in the bucket now, and was written after every one of them was complete.
     */
    public void assertManifestLast(JsonPath run) throws IOException {
        String key = run.getString("manifest.key");
        assertNotNull(key, "the run names its manifest: " + run.prettify());
        Instant written = Instant.parse(run.getString("manifest.writtenAt"));
        for (String completedAt : run.<String>getList("files.completedAt")) {
            assertFalse(written.isBefore(Instant.parse(completedAt)),
                    "the manifest (" + written + ") was written after every file (" + completedAt + ")");
        }
        assertEquals(run.getString("runId"), MOTO.headObject(b -> b.bucket(bucket).key(key)).metadata().get("s3flow-run"));
        JsonNode manifest = JSON.readTree(read(key));
        assertEquals(run.getString("runId"), manifest.get("runId").asText());
        assertEquals(run.getLong("metrics.records.output"), manifest.get("records").asLong());
        List<String> listed = new ArrayList<>();
        for (JsonNode file : manifest.get("files")) {
            listed.add(file.get("key").asText());
            byte[] content = bytes(file.get("key").asText());
            assertEquals(content.length, file.get("bytes").asLong(), "bytes of " + file.get("key"));
            assertEquals(sha256(content), file.get("checksum").asText(), "the manifest's checksum is the object's: " + file.get("key"));
        }
        assertEquals(run.getList("files.key"), listed, "the manifest lists exactly the run's files, in order");
    }

    static String sha256(byte[] content) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public void postEvents(List<Map<String, Object>> events) {
        api().contentType(ContentType.JSON).body(events).post("/events").then().statusCode(202);
    }
}
