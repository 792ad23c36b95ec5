package io.s3flow.credential.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ExpiringCacheTest {

    record Creds(String id, Instant expiration) {
    }

    /** A clock the test moves by hand. */
    static final class ManualClock extends Clock {
        Instant now = Instant.parse("2026-11-22T12:00:00Z");

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    private final ManualClock clock = new ManualClock();
    private final AtomicInteger loads = new AtomicInteger();
    private final ExpiringCache<String, Creds> cache = new ExpiringCache<>(Creds::expiration, Duration.ofMinutes(5), clock);

    private Creds load(Duration validity) {
        return new Creds("creds-" + loads.incrementAndGet(), clock.instant().plus(validity));
    }

    @Test
    void aSecondRequestWithinValidityMakesNoCall() {
        Creds first = cache.get("role", () -> load(Duration.ofHours(1)));
        clock.now = clock.now.plus(Duration.ofMinutes(54));
        assertSame(first, cache.get("role", () -> load(Duration.ofHours(1))));
        assertEquals(1, loads.get());
    }

    @Test
    void credentialsAreReplacedBeforeTheyLapse() {
        Creds first = cache.get("role", () -> load(Duration.ofMinutes(15)));
        clock.now = clock.now.plus(Duration.ofMinutes(10)).plusSeconds(1);
        Creds second = cache.get("role", () -> load(Duration.ofMinutes(15)));
        assertNotSame(first, second);
        assertEquals(2, loads.get());
        // the old ones still had almost five minutes: nobody was handed credentials about to expire
        assertEquals(true, first.expiration().isAfter(clock.now));
    }

    @Test
    void fiftyConcurrentRequestsMakeOneCall() throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(50);
        List<Future<Creds>> answers = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            answers.add(pool.submit(() -> {
                start.await();
                return cache.get("role", () -> {
                    sleep(200);
                    return load(Duration.ofHours(1));
                });
            }));
        }
        start.countDown();
        for (Future<Creds> answer : answers) {
            assertEquals("creds-1", answer.get().id());
        }
        pool.shutdown();
        assertEquals(1, loads.get());
    }

    @Test
    void aFailureIsNotCached() {
        assertThrows(IllegalStateException.class, () -> cache.get("role", () -> {
            loads.incrementAndGet();
            throw new IllegalStateException("STS down");
        }));
        assertEquals("creds-2", cache.get("role", () -> load(Duration.ofHours(1))).id());
    }

    @Test
    void keysAreIndependent() {
        cache.get("role-a", () -> load(Duration.ofHours(1)));
        cache.get("role-b", () -> load(Duration.ofHours(1)));
        assertEquals(2, loads.get());
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
