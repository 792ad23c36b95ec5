package io.s3flow.export.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.s3flow.export.ConnectionStack;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Streams created on one connection by several clients at once: each creation runs the connection's stream test, and
 * those tests run side by side in the same folder. None may refuse a stream for a permission that is there.
 */
@QuarkusTest
@QuarkusTestResource(ConnectionStack.class)
class ConcurrentStreamsTest {

    private static final int CLIENTS = 4;
    private static final int STREAMS_PER_CLIENT = 6;

    private final StreamsApi streams = new StreamsApi();

    @Test
    void fourClientsCreatingStreamsOnOneConnectionAreNeverRefusedForAPermissionThatIsThere() throws Exception {
        String bucket = StreamsApi.newBucket();
        String connectionId = streams.connection(bucket);
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        List<Future<List<Response>>> created = new ArrayList<>();
        try {
            for (int client = 0; client < CLIENTS; client++) {
                int c = client;
                Callable<List<Response>> creates = () -> {
                    List<Response> answers = new ArrayList<>();
                    for (int n = 0; n < STREAMS_PER_CLIENT; n++) {
                        answers.add(streams.api().contentType(ContentType.JSON)
                                .body(Map.of("name", "client " + c + " stream " + n, "connectionId", connectionId,
                                        "folderPath", "currents-" + c + "-" + n))
                                .post("/streams"));
                    }
                    return answers;
                };
                created.add(clients.submit(creates));
            }
            List<String> refused = new ArrayList<>();
            for (Future<List<Response>> client : created) {
                for (Response answer : client.get()) {
                    if (answer.statusCode() != 201) {
                        refused.add(answer.statusCode() + " " + answer.asString());
                    }
                }
            }
            assertEquals(List.of(), refused, "streams refused");
        } finally {
            clients.shutdownNow();
        }
        List<String> left = StreamsApi.MOTO.listObjectsV2(b -> b.bucket(bucket).prefix("landing/")).contents().stream()
                .map(o -> o.key()).toList();
        assertTrue(left.isEmpty(), "probe objects left behind: " + left);
    }
}
