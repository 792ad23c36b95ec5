package io.s3flow.export.run;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.s3flow.export.lease.Leases;
import io.s3flow.export.lease.Workers;
import io.s3flow.export.scheduled.ExportService;
import io.s3flow.export.scheduled.Schedule;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
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
    private final ExportService exports;
    private final String owner = "export-run-" + UUID.randomUUID();
    private final Workers workers;
    /** Rounds of queuing due scheduled runs completed: a sign of life of the scheduler. */
    private final Counter polls;

    RunWorker(RunStore store, RunExecution execution, ExportsConfig config, ExportService exports, MeterRegistry metrics) {
        this.store = store;
        this.execution = execution;
        this.config = config;
        this.exports = exports;
        this.polls = metrics.counter("s3flow.exports.polls");
        this.workers = new Workers("export-run", config.workers());
    }

    @Scheduled(every = "${s3flow.exports.poll:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        if (!config.enabled()) {
            return;
        }
        try {
            store.queueDue(DUE_PER_TICK, this::queue);
            polls.increment();
        } catch (Exception e) {
            LOG.warnf("could not queue scheduled runs: %s", e.getMessage());
        }
        int free = workers.free();
        if (free <= 0) {
            return;
        }
        try {
            for (Leases.Claim claim : store.claim(owner, free, config.lease())) {
                workers.start(() -> execution.execute(claim));
            }
        } catch (Exception e) {
            LOG.warnf("could not lease runs: %s", e.getMessage());
        }
    }

    /**
     * Queues the run of the latest slot that has come, and returns the first slot after it. The database found the
     * export due; this clock may lag it, so "now" is never before the due slot.
     */
    private Optional<Instant> queue(RunStore.Due due, RunStore.QueueRun queue) throws java.sql.SQLException {
        Instant now = Instant.now().isBefore(due.nextRunAt()) ? due.nextRunAt() : Instant.now();
        Schedule schedule;
        try {
            schedule = exports.settings(due.settings(), now).schedule();
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
        execution.stop();
        workers.stop(Duration.ofSeconds(10));
    }
}
