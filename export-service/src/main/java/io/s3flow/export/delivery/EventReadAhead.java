package io.s3flow.export.delivery;

import io.s3flow.export.event.EventScan;
import io.s3flow.export.event.StoredEvent;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Runs a batch's scan of events on a thread of its own and hands the events to the caller's sink in order, a chunk at
 * a time through a short queue: PostgreSQL makes the next rows (and the driver decodes them) while the caller encodes
 * and writes the ones before. Read in the caller's thread, the two took turns at every fetch, each idle while the
 * other worked. At most {@link #CHUNKS_AHEAD} chunks of {@link #CHUNK} events wait per batch being read.
 */
final class EventReadAhead implements AutoCloseable {

    /** A scan of events into a sink, returning how many it read (as {@link DeliveryStore#forEachEvent}). */
    interface Scan {
        long run(EventScan.EventSink sink) throws SQLException, IOException;
    }

    static final int CHUNK = 500;
    static final int CHUNKS_AHEAD = 4;
    /** Marks the end of a scan in the queue (by identity). */
    private static final List<StoredEvent> END = new ArrayList<>(0);

    private final ExecutorService readers;

    /** {@code threads}: scans at once (one per worker: a worker reads one batch at a time). */
    EventReadAhead(int threads) {
        this.readers = Executors.newFixedThreadPool(threads, r -> {
            Thread thread = new Thread(r, "stream-read");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Every event of {@code scan}, in its order, into {@code sink} on the calling thread; returns how many. A failure of
     * either side ends both: the sink's is thrown once the scan has stopped (its connection given back), the scan's once
     * the sink has had the events before it.
     */
    long forEach(Scan scan, EventScan.EventSink sink) throws SQLException, IOException {
        BlockingQueue<List<StoredEvent>> queue = new ArrayBlockingQueue<>(CHUNKS_AHEAD);
        Handover handover = new Handover(queue);
        Future<Long> reading = readers.submit(() -> handover.read(scan));
        try {
            for (List<StoredEvent> chunk = next(queue, reading); chunk != END; chunk = next(queue, reading)) {
                for (StoredEvent event : chunk) {
                    sink.accept(event);
                }
            }
            return reading.get();
        } catch (InterruptedException e) {
            handover.stop(reading);
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while reading the batch");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof SQLException sql) {
                throw sql;
            }
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IOException("the batch could not be read", cause);
        } catch (IOException | RuntimeException e) {
            handover.stop(reading);
            throw e;
        }
    }

    /**
     * The next chunk, or END; also END when the scan is over without having said so (interrupted at its end, when the
     * replica stops), and {@code reading.get()} then tells how it ended.
     */
    private static List<StoredEvent> next(BlockingQueue<List<StoredEvent>> queue, Future<Long> reading)
            throws InterruptedException {
        while (true) {
            List<StoredEvent> chunk = queue.poll(100, TimeUnit.MILLISECONDS);
            if (chunk != null) {
                return chunk;
            }
            if (reading.isDone() && queue.isEmpty()) {
                return END;
            }
        }
    }

    @Override
    public void close() {
        // a scan that never started is over too: its caller hears so instead of waiting for it
        readers.shutdownNow().forEach(scan -> ((Future<?>) scan).cancel(false));
    }

    /** The reading side of one scan: fills chunks, hands them over, and ends the queue whatever happens. */
    private static final class Handover {
        private final BlockingQueue<List<StoredEvent>> queue;
        private volatile boolean stopped;
        private List<StoredEvent> chunk = new ArrayList<>(CHUNK);

        Handover(BlockingQueue<List<StoredEvent>> queue) {
            this.queue = queue;
        }

        long read(Scan scan) throws Exception {
            try {
                long n = scan.run(event -> {
                    chunk.add(event);
                    if (chunk.size() == CHUNK) {
                        handOver(chunk);
                        chunk = new ArrayList<>(CHUNK);
                    }
                });
                if (!chunk.isEmpty()) {
                    handOver(chunk);
                }
                return n;
            } finally {
                // the caller waits for END (or has stopped): it must arrive even after a failure
                while (!stopped && !queue.offer(END, 100, TimeUnit.MILLISECONDS)) {
                    // the caller is still writing what came before
                }
            }
        }

        private void handOver(List<StoredEvent> events) throws IOException {
            try {
                while (!queue.offer(events, 100, TimeUnit.MILLISECONDS)) {
                    if (stopped) {
                        throw new IOException("the batch's writing stopped");
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while reading the batch");
            }
        }

        /** The caller gave up: the scan ends at its next hand-over, and the caller waits until it has. */
        void stop(Future<Long> reading) {
            stopped = true;
            queue.clear();
            try {
                reading.get();
            } catch (ExecutionException | CancellationException e) {
                // the scan ended because of the stop (or failed on its own): the caller's failure is the one to report
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
