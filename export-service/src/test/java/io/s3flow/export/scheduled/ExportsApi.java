package io.s3flow.export.scheduled;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.s3flow.export.TenantApi;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/** Exports and their runs through the real API, in a sandbox of its own, and their files read back from moto. */
class ExportsApi extends TenantApi {

    static final Set<String> FINISHED = Set.of("SUCCESS", "PARTIAL_SUCCESS", "FAILED", "CANCELLED");

    final String bucket = newBucket();
    final String connectionId = connection(bucket);

    /** A CSV export of {@code fields} with {@code extra} settings on top; returns its id. */
    String create(List<String> fields, Map<String, Object> extra) {
        Map<String, Object> body = new HashMap<>(Map.of("name", "daily opens", "connectionId", connectionId,
                "select", Map.of("fields", fields)));
        body.putAll(extra);
        return api().contentType(ContentType.JSON).body(body).post("/exports").then().statusCode(201).extract().path("id");
    }

    String startRun(String exportId) {
        return api().post("/exports/" + exportId + "/runs").then().statusCode(202).extract().path("runId");
    }

    Response run(String exportId, String runId) {
        return api().get("/exports/" + exportId + "/runs/" + runId);
    }

    /** Polls the run until it has finished; returns its view. */
    JsonPath awaitFinished(String exportId, String runId, Duration timeout) {
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
    JsonPath runToSuccess(String exportId) {
        JsonPath run = awaitFinished(exportId, startRun(exportId), Duration.ofSeconds(60));
        if (!"SUCCESS".equals(run.getString("status"))) {
            throw new AssertionError("run did not succeed: " + run.prettify());
        }
        return run;
    }

    /** An object's content, gunzipped if its key ends in .gz. */
    String read(String key) {
        try (InputStream raw = MOTO.getObject(b -> b.bucket(bucket).key(key));
                InputStream in = key.endsWith(".gz") ? new GZIPInputStream(raw) : raw) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    byte[] bytes(String key) {
        return MOTO.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
    }

    List<String> keys(String prefix) {
        return MOTO.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents().stream().map(o -> o.key()).toList();
    }

    void postEvents(List<Map<String, Object>> events) {
        api().contentType(ContentType.JSON).body(events).post("/events").then().statusCode(202);
    }
}
