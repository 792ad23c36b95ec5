package io.s3flow.export.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.s3flow.export.scheduled.ExportRequest;
import io.s3flow.export.scheduled.ExportSettings;
import io.s3flow.export.scheduled.Schedule;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * This replica's share of the exports: every poll it queues the runs of exports whose slot has come (one run however
 * many slots were missed), then leases as many runs as it has free workers ({@code FOR UPDATE SKIP LOCKED}, so
 * replicas never take the same one) and executes them.
 */
@ApplicationScoped
public class RunWorker {

    private static final Logger LOG = Logger.getLogger(RunWorker.class);
    private static final int DUE_PER_TICK = 100;

    private final RunStore store;
    private final RunExecution execution;
    private final ExportsConfig config;
    private final ObjectMapper json;
    private final String owner = "export-run-" + UUID.randomUUID();
    private final AtomicInteger busy = new AtomicInteger();
    private final ExecutorService workers;

    RunWorker(RunStore store, RunExecution execution, ExportsConfig config, ObjectMapper json) {
        this.store = store;
        this.execution = execution;
        this.config = config;
        this.json = json;
        this.workers = Executors.newFixedThreadPool(config.workers(), r -> {
            Thread thread = new Thread(r, "export-run");
            thread.setDaemon(true);
            return thread;
        });
    }

    @Scheduled(every = "${s3flow.exports.poll:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        if (!config.enabled()) {
            return;
        }
        try {
            store.queueDue(DUE_PER_TICK, this::queue);
        } catch (Exception e) {
            LOG.warnf("could not queue scheduled runs: %s", e.getMessage());
        }
        int free = config.workers() - busy.get();
        if (free <= 0) {
            return;
        }
        try {
            for (RunStore.Claim claim : store.claim(owner, free, config.lease())) {
                busy.incrementAndGet();
                workers.execute(() -> {
                    try {
                        execution.execute(claim);
                    } finally {
                        busy.decrementAndGet();
                    }
                });
            }
        } catch (Exception e) {
            LOG.warnf("could not lease runs: %s", e.getMessage());
        }
    }

    /** Queues the run of the latest slot that has come, and returns the first slot after now. */
    private Optional<Instant> queue(RunStore.Due due, RunStore.QueueRun queue) throws java.sql.SQLException {
        Instant now = Instant.now();
        Schedule schedule;
        try {
            schedule = ExportSettings.validate(json.readValue(due.settings(), ExportRequest.class), now).schedule();
        } catch (Exception e) {
            LOG.errorf("export %s: stored settings unreadable, its schedule stops: %s", due.exportId(), e.getMessage());
            return Optional.empty();
        }
        if (schedule == null) {
            return Optional.empty(); // the schedule was removed after this slot was set
        }
        queue.at(schedule.latestSlotAtOrBefore(now));
        return schedule.nextSlotAfter(now);
    }

    void onStop(@Observes ShutdownEvent stop) {
        workers.shutdown();
        try {
            workers.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
