package io.s3flow.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ConcurrentPatchTest {

    @Test
    void twentyPatchesWithOneEtagHaveExactlyOneWinner() throws Exception {
        ConnectionsApi api = ConnectionsApi.freshSandbox();
        String id = api.createId("contended");
        String etag = api.etag(id);
        ExecutorService pool = Executors.newFixedThreadPool(20);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> answers = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String name = "writer-" + i;
            answers.add(pool.submit(() -> {
                start.await();
                return api.patch(id, etag, List.of(Map.of("op", "replace", "path", "/name", "value", name))).statusCode();
            }));
        }
        start.countDown();
        List<Integer> statuses = new ArrayList<>();
        for (Future<Integer> answer : answers) {
            statuses.add(answer.get());
        }
        pool.shutdown();
        assertEquals(1, statuses.stream().filter(s -> s == 200).count(), statuses.toString());
        assertEquals(19, statuses.stream().filter(s -> s == 412).count(), statuses.toString());
    }
}
