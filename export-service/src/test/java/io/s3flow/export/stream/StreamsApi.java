package io.s3flow.export.stream;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.s3flow.export.ConnectionStack;
import io.s3flow.export.S3ProxyServer;
import io.s3flow.export.TenantApi;
import io.s3flow.export.readback.ExactlyOnce;
import io.s3flow.export.readback.PostedEvent;
import io.s3flow.export.readback.StreamFiles;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Predicate;
import software.amazon.awssdk.services.s3.S3Client;

/** Streams, connections and events through the real APIs, in a sandbox of its own, and files read back from S3. */
public final class StreamsApi extends TenantApi {

    public StreamsApi() {
    }

    public StreamsApi(String sandbox) {
        super(sandbox);
    }

    public String createStream(String connectionId, String folder, Map<String, Object> flush) {
        return api().contentType(ContentType.JSON)
                .body(Map.of("name", "stream " + folder, "connectionId", connectionId, "folderPath", folder, "flush", flush))
                .post("/streams").then().statusCode(201).extract().path("id");
    }

    /** A new bucket on the test S3Proxy (which refuses unknown keys) and a connection to its folder {@code landing}. */
    public String s3ProxyConnection(String bucket) {
        S3ProxyServer s3proxy = ConnectionStack.s3proxy;
        s3(s3proxy.url(), S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY).createBucket(b -> b.bucket(bucket));
        return connection(Map.of("s3AccessKey", S3ProxyServer.ACCESS_KEY, "s3SecretKey", S3ProxyServer.SECRET_KEY,
                "bucketName", bucket, "folderPath", "landing", "serviceUrl", s3proxy.url()));
    }

    public Response status(String streamId) {
        return api().get("/streams/" + streamId);
    }

    /** Polls the stream's status until {@code done} holds for it. */
    public Response await(String streamId, Duration timeout, Predicate<Response> done) {
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

    public Response awaitDelivered(String streamId, int events, Duration timeout) {
        return await(streamId, timeout, s -> ((Number) s.path("status.deliveredEvents")).intValue() >= events
                && ((Number) s.path("status.backlog")).intValue() == 0);
    }

    /** Every file of the stream under the connection folder {@code landing} and the stream's {@code folder}. */
    public static StreamFiles.Readback readBack(S3Client s3, String bucket, String folder, String streamId) {
        return StreamFiles.read(s3, bucket, "landing/" + folder + "/", streamId);
    }

    /** Asserts the stream's files hold exactly the {@code expected} events, each once, as posted and where it belongs. */
    public static void assertExactlyOnce(Map<String, PostedEvent> expected, StreamFiles.Readback files) {
        ExactlyOnce.compare("stream", expected, files.events(), files.problems()).assertExact();
    }
}
