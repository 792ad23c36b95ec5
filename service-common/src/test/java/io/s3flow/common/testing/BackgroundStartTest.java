package io.s3flow.common.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** What a failed test started in the background is closed before the failure goes on, however the start ends. */
class BackgroundStartTest {

    @Test
    void aStartStillUnderWayIsAwaitedAndWhatItStartedClosedBeforeTheCallReturns() {
        CompletableFuture<String> starting = CompletableFuture.supplyAsync(() -> {
            try {
                Thread.sleep(300); // still starting when the caller gives up on it
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return "server";
        });
        List<String> closed = new CopyOnWriteArrayList<>();
        RuntimeException failure = new RuntimeException("the test's own failure");
        BackgroundStart.closeWhenStarted(starting, closed::add, failure);
        assertEquals(List.of("server"), closed);
        assertEquals(0, failure.getSuppressed().length);
    }

    @Test
    void aStartThatFailedClosesNothingAndIsKeptBesideTheFailure() {
        IllegalStateException startFailed = new IllegalStateException("moto did not start");
        List<Object> closed = new CopyOnWriteArrayList<>();
        RuntimeException failure = new RuntimeException("the test's own failure");
        BackgroundStart.closeWhenStarted(CompletableFuture.failedFuture(startFailed), closed::add, failure);
        assertEquals(List.of(), closed);
        assertArrayEquals(new Throwable[] {startFailed}, failure.getSuppressed());
    }

    /** An exception or an Error (an assertion in the close, say): kept beside the failure, never replacing it. */
    @ParameterizedTest
    @MethodSource("closeFailures")
    void aCloseThatFailsIsKeptBesideTheFailure(Throwable closeFailed) {
        RuntimeException failure = new RuntimeException("the test's own failure");
        BackgroundStart.closeWhenStarted(CompletableFuture.completedFuture("server"), started -> {
            if (closeFailed instanceof Error error) {
                throw error;
            }
            throw (RuntimeException) closeFailed;
        }, failure);
        assertArrayEquals(new Throwable[] {closeFailed}, failure.getSuppressed());
    }

    static List<Throwable> closeFailures() {
        return List.of(new IllegalStateException("would not stop"), new AssertionError("exited with 1"));
    }

    @Test
    void anInterruptDoesNotCutTheWaitShortAndIsRestored() throws Exception {
        CountDownLatch interrupted = new CountDownLatch(1);
        CompletableFuture<String> starting = new CompletableFuture<>();
        List<String> closed = new CopyOnWriteArrayList<>();
        boolean[] stillInterrupted = new boolean[1];
        Thread caller = new Thread(() -> {
            Thread.currentThread().interrupt();
            interrupted.countDown();
            BackgroundStart.closeWhenStarted(starting, closed::add, new RuntimeException("the test's own failure"));
            stillInterrupted[0] = Thread.currentThread().isInterrupted();
        });
        caller.start();
        interrupted.await();
        Thread.sleep(100);
        assertEquals(List.of(), closed, "nothing closed before the start ends");
        starting.complete("server");
        caller.join(10_000);
        assertEquals(List.of("server"), closed);
        assertTrue(stillInterrupted[0], "the caller's interrupt is restored");
    }
}
