package io.s3flow.common.aws;

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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/**
 * A client kept across batches and shared by a connection's streams: a batch's first request goes alone (the others
 * wait for its answer) on a client not in use, as a fresh one's does, but not while the client is answering the
 * other batches' requests: one stream's PUT then never holds up another's.
 */
class RegionFollowingS3ClientInUseTest {

    private final CountDownLatch slowStarted = new CountDownLatch(1);
    private final CountDownLatch slowMayEnd = new CountDownLatch(1);
    private final ExecutorService writers = Executors.newFixedThreadPool(2);
    /** S3 as the client sees it: the object "slow" is answered only once the test lets it, every other one at once. */
    private final RegionFollowingS3Client client = new RegionFollowingS3Client((S3Client) Proxy.newProxyInstance(
            S3Client.class.getClassLoader(), new Class<?>[] {S3Client.class}, (proxy, method, args) -> {
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
    void aBatchStartingOnAClientInUseDoesNotMakeTheOthersWaitForItsFirstRequest() throws Exception {
        put("earlier");
        client.firstRequestAgain();
        Future<?> slow = writers.submit(() -> put("slow"));
        assertTrue(slowStarted.await(10, TimeUnit.SECONDS));
        writers.submit(() -> put("other")).get(10, TimeUnit.SECONDS);
        assertFalse(slow.isDone());
    }

    @Test
    void theFirstRequestOfAClientNotInUseGoesAlone() throws Exception {
        Future<?> slow = writers.submit(() -> put("slow"));
        assertTrue(slowStarted.await(10, TimeUnit.SECONDS));
        Future<?> other = writers.submit(() -> put("other"));
        assertThrows(TimeoutException.class, () -> other.get(500, TimeUnit.MILLISECONDS), "waits for the first answer");
        slowMayEnd.countDown();
        slow.get(10, TimeUnit.SECONDS);
        other.get(10, TimeUnit.SECONDS);
    }

    private void put(String key) {
        client.putObject(b -> b.bucket("bucket").key(key), RequestBody.empty());
    }
}
