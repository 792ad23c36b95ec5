package io.s3flow.export.delivery;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.s3flow.export.lease.Leases;
import io.s3flow.export.lease.Workers;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * This replica's share of the streams: every second it leases as many due streams as it has free workers
 * ({@code FOR UPDATE SKIP LOCKED}, so replicas never take the same one) and delivers them, a turn at a time.
 */
@ApplicationScoped
public class DeliveryWorker {

    private static final Logger LOG = Logger.getLogger(DeliveryWorker.class);

    private final DeliveryStore store;
    private final StreamDelivery delivery;
    private final DeliveryConfig config;
    /** This replica; each claim's token starts with it. */
    private final String owner = "export-" + UUID.randomUUID();
    private final Workers workers;
    /** Looks for due streams: a sign of life, and what "the worker had its chance" means to a test of a paused stream. */
    private final Counter polls;

    DeliveryWorker(DeliveryStore store, StreamDelivery delivery, DeliveryConfig config, MeterRegistry metrics) {
        this.store = store;
        this.delivery = delivery;
        this.config = config;
        this.polls = metrics.counter("s3flow.delivery.polls");
        this.workers = new Workers("stream-delivery", config.workers());
    }

    @Scheduled(every = "${s3flow.delivery.poll:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        if (!config.enabled()) {
            return;
        }
        int free = workers.free();
        if (free <= 0) {
            return;
        }
        try {
            for (Leases.Claim claim : store.claim(owner, free, config.lease())) {
                workers.start(() -> drain(claim));
            }
            polls.increment();
        } catch (Exception e) {
            LOG.warnf("could not lease streams: %s", e.getMessage());
        }
    }

    /** One worker: a turn for its stream, then the next due stream nobody holds, until none is due. */
    private void drain(Leases.Claim first) {
        try {
            Leases.Claim next = first;
            while (next != null && !workers.stopping()) {
                takeTurn(next);
                List<Leases.Claim> claimed = store.claim(owner, 1, config.lease());
                next = claimed.isEmpty() ? null : claimed.get(0);
            }
        } catch (Exception e) {
            LOG.warnf("could not lease streams: %s", e.getMessage());
        }
    }

    /** Full batches follow each other until the turn is over; then the lease goes back for anyone to take. */
    private void takeTurn(Leases.Claim claim) {
        Instant turnEnds = Instant.now().plus(config.turn());
        StreamDelivery.Outcome outcome = StreamDelivery.Outcome.IDLE;
        try {
            do {
                outcome = delivery.deliver(claim.id(), claim.token(), turnEnds);
            } while (outcome == StreamDelivery.Outcome.MORE && Instant.now().isBefore(turnEnds));
        } finally {
            try {
                // a stream with more to send is due again at once; one that caught up is looked at again shortly
                store.release(claim.id(), claim.token(),
                        outcome == StreamDelivery.Outcome.MORE ? Duration.ZERO : config.recheck());
            } catch (Exception e) {
                LOG.warnf("could not release stream %s (its lease runs out by itself): %s", claim.id(), e.getMessage());
            }
        }
    }

    void onStop(@Observes ShutdownEvent stop) {
        workers.stop(Duration.ofSeconds(10));
    }
}
