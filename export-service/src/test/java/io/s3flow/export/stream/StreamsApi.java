package io.s3flow.export.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.s3flow.export.TenantApi;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/** Streams, connections and events through the real APIs, in a sandbox of its own, and files read back from S3. */
final class StreamsApi extends TenantApi {

    private static final Pattern KEY = Pattern.compile(
            "(.*/)?dataexport\\.s3flow\\.S3\\.integration\\.([0-9a-f-]{36})/event_type=([^/]+)/date=(\\d{4}-\\d{2}-\\d{2}-\\d{2})/\\2\\+(\\d{20})\\.avro");

    String createStream(String connectionId, String folder, Map<String, Object> flush) {
        return api().contentType(ContentType.JSON)
                .body(Map.of("name", "stream " + folder, "connectionId", connectionId, "folderPath", folder, "flush", flush))
                .post("/streams").then().statusCode(201).extract().path("id");
    }

    Response status(String streamId) {
        return api().get("/streams/" + streamId);
    }

    /** Polls the stream's status until {@code done} holds for it. */
    Response await(String streamId, Duration timeout, Predicate<Response> done) {
        Instant deadline = Instant.now().plus(timeout);
        Response status = null;
        while (Instant.now().isBefore(deadline)) {
            status = status(streamId);
            if (status.statusCode() == 200 && done.test(status)) {
                return status;
            }
            sleep(250);
        }
        throw new AssertionError("stream not there in " + timeout + ": " + (status == null ? "" : status.asString()));
    }

    Response awaitDelivered(String streamId, int events, Duration timeout) {
        return await(streamId, timeout, s -> ((Number) s.path("status.deliveredEvents")).intValue() >= events
                && ((Number) s.path("status.backlog")).intValue() == 0);
    }

    /** Every event id in the stream's Avro files, with how often it appears; checks each key and its events' type. */
    static Map<String, Integer> readBack(S3Client s3, String bucket, String streamId) throws IOException {
        Map<String, Integer> seen = new LinkedHashMap<>();
        for (S3Object object : s3.listObjectsV2Paginator(b -> b.bucket(bucket)).contents()) {
            Matcher key = KEY.matcher(object.key());
            assertTrue(key.matches(), "key in the Currents layout: " + object.key());
            if (!streamId.equals(key.group(2))) {
                continue;
            }
            try (InputStream in = s3.getObject(b -> b.bucket(bucket).key(object.key()));
                    DataFileStream<GenericRecord> file = new DataFileStream<>(in, new GenericDatumReader<>())) {
                long first = Long.MAX_VALUE;
                for (GenericRecord record : file) {
                    assertEquals(key.group(3), record.get("type").toString(), "event in its type's folder");
                    seen.merge(record.get("id").toString(), 1, Integer::sum);
                    first = Math.min(first, (Long) record.get("sequence"));
                }
                assertEquals(Long.parseLong(key.group(5)), first, "file named after its first sequence");
            }
        }
        return seen;
    }

    /** Asserts the files hold exactly the events {@code prefix-0 … prefix-(count-1)}, each once. */
    static void assertExactlyOnce(Map<String, Integer> seen, String prefix, int count) {
        Map<String, Integer> expected = new HashMap<>();
        for (int n = 0; n < count; n++) {
            expected.put(prefix + "-" + n, 1);
        }
        Map<String, Integer> ours = new HashMap<>(seen);
        ours.keySet().removeIf(id -> !id.startsWith(prefix + "-"));
        assertEquals(count, ours.size(), "every event in the bucket");
        assertEquals(expected, ours, "each event exactly once");
    }
}
