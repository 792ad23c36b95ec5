package io.s3flow.export.delivery;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.s3flow.export.lease.Workers;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.jboss.logging.Logger;

/**
 * This replica's share of the streams: every second it leases due streams for its free workers
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
    /** Streams leased by a claim for several, waiting for a free worker. */
    private final Queue<Claimed> claimed = new ConcurrentLinkedQueue<>();
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
        try {
            for (int free = workers.free(); free > 0; free--) {
                ClaimedStream claim = nextClaim();
                if (claim == null) {
                    break;
                }
                workers.start(() -> drain(claim));
            }
            polls.increment();
        } catch (Exception e) {
            LOG.warnf("could not lease streams: %s", e.getMessage());
        }
    }

    /** One worker: a turn for its stream, then the next due stream nobody holds, until none is due. */
    private void drain(ClaimedStream first) {
        try {
            ClaimedStream next = first;
            while (next != null && !workers.stopping()) {
                takeTurn(next);
                next = nextClaim();
            }
        } catch (Exception e) {
            LOG.warnf("could not lease streams: %s", e.getMessage());
        }
    }

    /**
     * A stream leased earlier and not yet taken, else the first of up to {@link DeliveryConfig#claimBatch()} leased
     * now (the rest wait here for the next free worker); null when none is due. One claim for several streams: each
     * claim looks at every due stream, and with a thousand of them one claim per stream cost the database more than
     * their batches. A lease left waiting past half its time goes back untouched rather than be used late.
     */
    private ClaimedStream nextClaim() throws SQLException {
        for (Claimed waiting; (waiting = claimed.poll()) != null; ) {
            if (Instant.now().isBefore(waiting.at().plus(config.lease().dividedBy(2)))) {
                return waiting.claim();
            }
            release(waiting.claim(), Duration.ZERO);
        }
        List<ClaimedStream> leased = store.claim(owner, config.claimBatch(), config.lease());
        if (leased.isEmpty()) {
            return null;
        }
        Instant now = Instant.now();
        leased.subList(1, leased.size()).forEach(c -> claimed.add(new Claimed(c, now)));
        return leased.get(0);
    }

    /** A leased stream waiting for a worker, since {@code at}. */
    private record Claimed(ClaimedStream claim, Instant at) {
    }

    /**
     * Full batches follow each other until the turn is over; then the lease goes back for anyone to take (a stream
     * waiting for its batch to come due, or whose last batch's commit gave it back, was given back already). The first
     * from the stream as the claim read it, the others from the stream as it stands.
     */
    private void takeTurn(ClaimedStream claim) {
        Instant turnEnds = Instant.now().plus(config.turn());
        StreamDelivery.Outcome outcome = StreamDelivery.Outcome.IDLE;
        try {
            outcome = delivery.deliver(claim, turnEnds);
            while (outcome == StreamDelivery.Outcome.MORE && Instant.now().isBefore(turnEnds)) {
                outcome = delivery.deliver(claim.id(), claim.token(), turnEnds);
            }
        } finally {
            // a stream with more to send is due again at once; one that caught up is looked at again shortly
            if (outcome != StreamDelivery.Outcome.WAITING && outcome != StreamDelivery.Outcome.CAUGHT_UP) {
                release(claim, outcome == StreamDelivery.Outcome.MORE ? Duration.ZERO : config.recheck());
            }
        }
    }

    private void release(ClaimedStream claim, Duration recheckIn) {
        try {
            store.release(claim.id(), claim.token(), recheckIn);
        } catch (Exception e) {
            LOG.warnf("could not release stream %s (its lease runs out by itself): %s", claim.id(), e.getMessage());
        }
    }

    void onStop(@Observes ShutdownEvent stop) {
        workers.stop(Duration.ofSeconds(10));
        for (Claimed waiting; (waiting = claimed.poll()) != null; ) {
            release(waiting.claim(), Duration.ZERO); // due again at once, for another replica
        }
    }
}
