package io.s3flow.common.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/**
 * A client kept across batches and shared by a connection's streams: each batch's first request goes alone among the
 * batch's own requests (they wait for its answer), as a fresh client's does, but one stream's batch never holds up
 * another's.
 */
class RegionFollowingS3ClientBatchesTest {

    private final CountDownLatch slowStarted = new CountDownLatch(1);
    private final AtomicInteger closes = new AtomicInteger();
    private final CountDownLatch slowMayEnd = new CountDownLatch(1);
    private final ExecutorService writers = Executors.newFixedThreadPool(2);
    /** S3 as the client sees it: the object "slow" is answered only once the test lets it, every other one at once. */
    private final RegionFollowingS3Client client = new RegionFollowingS3Client((S3Client) Proxy.newProxyInstance(
            S3Client.class.getClassLoader(), new Class<?>[] {S3Client.class}, (proxy, method, args) -> {
                if (method.getName().equals("close")) {
                    closes.incrementAndGet();
                }
                if (!method.getName().equals("putObject")) {
                    return null;
                }
                if (((PutObjectRequest) args[0]).key().equals("slow")) {
                    slowStarted.countDown();
                    slowMayEnd.await();
                }
                return PutObjectResponse.builder().eTag("\"e\"").build();
            }), Region.US_EAST_1, region -> { });

    @AfterEach
    void stop() {
        slowMayEnd.countDown();
        writers.shutdownNow();
    }

    @Test
    void anotherBatchsFirstRequestDoesNotWaitForThisOnesFirstAnswer() throws Exception {
        put(client, "earlier");
        RegionFollowingS3Client one = client.forBatch();
        RegionFollowingS3Client another = client.forBatch();
        Future<?> slow = writers.submit(() -> put(one, "slow"));
        assertTrue(slowStarted.await(10, TimeUnit.SECONDS));
        writers.submit(() -> put(another, "other")).get(10, TimeUnit.SECONDS);
        assertFalse(slow.isDone());
    }

    @Test
    void aBatchsFirstRequestGoesAloneAmongItsOwn() throws Exception {
        put(client, "earlier");
        RegionFollowingS3Client batch = client.forBatch();
        Future<?> slow = writers.submit(() -> put(batch, "slow"));
        assertTrue(slowStarted.await(10, TimeUnit.SECONDS));
        Future<?> other = writers.submit(() -> put(batch, "other"));
        assertThrows(TimeoutException.class, () -> other.get(500, TimeUnit.MILLISECONDS), "waits for the first answer");
        slowMayEnd.countDown();
        slow.get(10, TimeUnit.SECONDS);
        other.get(10, TimeUnit.SECONDS);
    }

    @Test
    void closingABatchsViewLeavesTheSharedClientOpen() {
        client.forBatch().close();
        assertEquals(0, closes.get(), "the connection's other streams go on using it");
        client.close();
        assertEquals(1, closes.get());
    }

    private static void put(S3Client s3, String key) {
        s3.putObject(b -> b.bucket("bucket").key(key), RequestBody.empty());
    }
}
