package io.s3flow.export.stream;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.s3flow.export.ConnectionStack;
import io.s3flow.export.S3ProxyServer;
import io.s3flow.export.readback.PostedEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Many streams on one connection share one look at the connection a second (s3flow.connection-checks.every, 1 s):
 * they all deliver, and a connection patched or deleted stops every one of them for the events posted after it. The
 * events here are due a second after they are posted ({@code maxSeconds} 1), so a batch of them starts at least a
 * second after the change: a look older than that would let it write with the old connection.
 */
@QuarkusTest
@QuarkusTestResource(ConnectionStack.class)
class ManyStreamsTest {

    private static final int STREAMS = 8;

    private final StreamsApi streams = new StreamsApi();

    @Test
    void everyStreamOfAConnectionDeliversAndNoneWritesWithKeysTheUserReplaced() throws Exception {
        String bucket = "many-" + UUID.randomUUID().toString().substring(0, 8);
        String connection = streams.s3ProxyConnection(bucket);
        List<String> ids = createStreams(connection);
        Map<String, PostedEvent> posted = new LinkedHashMap<>(streams.postEvents("many-a", 3));
        for (String id : ids) {
            streams.awaitDelivered(id, 3, Duration.ofSeconds(60));
        }

        // the key is replaced by one S3 does not know: the events posted after that must not go out with the old key
        streams.patchConnection(connection, "/auth/params/s3AccessKey", "AKIAREVOKEDKEY000002");
        posted.putAll(streams.postEvents("many-b", 2));
        for (String id : ids) {
            streams.await(id, Duration.ofSeconds(60), s -> "PAUSED".equals(s.path("status.state")))
                    .then().body("status.errorCode", equalTo("InvalidAccessKeyId")).body("status.deliveredEvents", equalTo(3))
                    .body("status.backlog", equalTo(2));
        }

        // fixed: every stream resumes and delivers the rest, each event once
        streams.patchConnection(connection, "/auth/params/s3AccessKey", S3ProxyServer.ACCESS_KEY);
        for (String id : ids) {
            streams.awaitDelivered(id, 5, Duration.ofSeconds(60)).then().body("status.state", equalTo("ACTIVE"));
        }
        S3Client admin = StreamsApi.s3(ConnectionStack.s3proxy.url(), S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY);
        for (int n = 0; n < ids.size(); n++) {
            StreamsApi.assertExactlyOnce(posted, StreamsApi.readBack(admin, bucket, "many-" + n, ids.get(n)));
        }
    }

    @Test
    void aDeletedConnectionStopsEveryStreamOnIt() {
        String bucket = StreamsApi.newBucket();
        String connection = streams.connection(bucket);
        List<String> ids = createStreams(connection);
        streams.postEvents("gone-a", 1);
        for (String id : ids) {
            streams.awaitDelivered(id, 1, Duration.ofSeconds(60));
        }

        streams.connections().delete("/connections/" + connection).then().statusCode(204);
        streams.postEvents("gone-b", 1);
        for (String id : ids) {
            streams.await(id, Duration.ofSeconds(60), s -> "PAUSED".equals(s.path("status.state")))
                    .then().body("status.errorCode", notNullValue()).body("status.deliveredEvents", equalTo(1))
                    .body("status.backlog", equalTo(1));
        }
        int files = StreamsApi.MOTO.listObjectsV2(b -> b.bucket(bucket).prefix("landing/")).contents().size();
        assertEquals(STREAMS, files, "one file per stream, from before the deletion");
    }

    private List<String> createStreams(String connection) {
        List<String> ids = new ArrayList<>();
        for (int n = 0; n < STREAMS; n++) {
            ids.add(streams.createStream(connection, "many-" + n, Map.of("maxSeconds", 1)));
        }
        return ids;
    }
}
