package io.s3flow.export.lease;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** A fixed pool of daemon threads that knows how many are busy, so a poller leases no more than it can start. */
public final class Workers {

    private final int size;
    private final AtomicInteger busy = new AtomicInteger();
    private final ExecutorService pool;

    public Workers(String name, int size) {
        this.size = size;
        this.pool = Executors.newFixedThreadPool(size, r -> {
            Thread thread = new Thread(r, name);
            thread.setDaemon(true);
            return thread;
        });
    }

    public int free() {
        return size - busy.get();
    }

    public void start(Runnable task) {
        busy.incrementAndGet();
        pool.execute(() -> {
            try {
                task.run();
            } finally {
                busy.decrementAndGet();
            }
        });
    }

    public boolean stopping() {
        return pool.isShutdown();
    }

    /** Lets running tasks finish for up to {@code grace}; leases of unfinished ones run out by themselves. */
    public void stop(Duration grace) {
        pool.shutdown();
        try {
            pool.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
