package io.s3flow.export.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.s3flow.export.event.StoredEvent;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class EventReadAheadTest {

    private final EventReadAhead reads = new EventReadAhead(2);

    @AfterEach
    void close() {
        reads.close();
    }

    private static StoredEvent event(long sequence) {
        return new StoredEvent(sequence, "id-" + sequence, "t", Instant.EPOCH, null, "{}");
    }

    /** A scan of events 1..count that records the thread it ran on and whether it ran to its end. */
    private static EventReadAhead.Scan scan(int count, AtomicReference<Thread> ranOn, AtomicBoolean ended) {
        return sink -> {
            ranOn.set(Thread.currentThread());
            for (int i = 1; i <= count; i++) {
                sink.accept(event(i));
            }
            ended.set(true);
            return count;
        };
    }

    @Test
    void everyEventArrivesInOrderOnTheCallersThreadWhileTheScanRunsOnAnother() throws Exception {
        // not a multiple of the chunk: the last, partial chunk arrives too
        int count = 7 * EventReadAhead.CHUNK + 123;
        AtomicReference<Thread> scannedOn = new AtomicReference<>();
        List<Long> sequences = new ArrayList<>();
        List<Thread> sinkThreads = new ArrayList<>();
        long read = reads.forEach(scan(count, scannedOn, new AtomicBoolean()), event -> {
            sequences.add(event.sequence());
            sinkThreads.add(Thread.currentThread());
        });
        assertEquals(count, read);
        assertEquals(count, sequences.size());
        for (int i = 0; i < count; i++) {
            assertEquals(i + 1, sequences.get(i));
        }
        assertTrue(sinkThreads.stream().allMatch(t -> t == Thread.currentThread()));
        assertNotEquals(Thread.currentThread(), scannedOn.get());
        // an empty scan ends too
        assertEquals(0, reads.forEach(scan(0, new AtomicReference<>(), new AtomicBoolean()), event -> { }));
    }

    @Test
    void aFailingSinkStopsTheScanBeforeItsEndAndItsFailureIsThrown() {
        AtomicBoolean ended = new AtomicBoolean();
        IOException failure = new IOException("S3 refused the part");
        IOException thrown = assertThrows(IOException.class, () -> reads.forEach(scan(1_000_000, new AtomicReference<>(), ended),
                event -> {
                    if (event.sequence() == 10) {
                        throw failure;
                    }
                }));
        assertSame(failure, thrown);
        // forEach returned only after the scan had stopped (its connection given back): it never reached its end
        assertFalse(ended.get(), "the scan stopped at a hand-over, far before its million events");
    }

    @Test
    void aFailingScanIsThrownAfterTheEventsBeforeItArrived() {
        SQLException failure = new SQLException("connection lost");
        List<Long> seen = new ArrayList<>();
        SQLException thrown = assertThrows(SQLException.class, () -> reads.forEach(sink -> {
            for (int i = 1; i <= 2 * EventReadAhead.CHUNK; i++) {
                sink.accept(event(i));
            }
            throw failure;
        }, event -> seen.add(event.sequence())));
        assertSame(failure, thrown);
        assertEquals(2 * EventReadAhead.CHUNK, seen.size());
    }

    @Test
    void moreScansAtOnceThanThreadsAllFinish() throws Exception {
        // three callers, two reading threads: the third scan waits for a thread, it does not block the others
        List<Thread> callers = new ArrayList<>();
        List<Long> counts = Collections.synchronizedList(new ArrayList<>());
        for (int c = 0; c < 3; c++) {
            Thread caller = new Thread(() -> {
                try {
                    counts.add(reads.forEach(scan(5 * EventReadAhead.CHUNK, new AtomicReference<>(), new AtomicBoolean()), event -> { }));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            caller.start();
            callers.add(caller);
        }
        for (Thread caller : callers) {
            caller.join();
        }
        assertEquals(List.of(5L * EventReadAhead.CHUNK, 5L * EventReadAhead.CHUNK, 5L * EventReadAhead.CHUNK), counts);
    }

    @Test
    void closingEndsTheScansRunningAndWaitingSoTheirCallersDoNotHang() throws Exception {
        // the replica stops: one scan running (blocked in the database, here a latch), one waiting for the only thread
        EventReadAhead one = new EventReadAhead(1);
        CountDownLatch running = new CountDownLatch(1);
        EventReadAhead.Scan blocked = sink -> {
            running.countDown();
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                throw new InterruptedIOException("stopped");
            }
            return 0;
        };
        ExecutorService callers = Executors.newFixedThreadPool(2);
        try {
            Future<Long> first = callers.submit(() -> one.forEach(blocked, event -> { }));
            running.await();
            Future<Long> second = callers.submit(() -> one.forEach(scan(10, new AtomicReference<>(), new AtomicBoolean()), event -> { }));
            Thread.sleep(200); // the second scan is queued behind the first
            one.close();
            assertThrows(ExecutionException.class, () -> first.get(10, TimeUnit.SECONDS));
            assertThrows(ExecutionException.class, () -> second.get(10, TimeUnit.SECONDS));
        } finally {
            callers.shutdownNow();
        }
    }
}
