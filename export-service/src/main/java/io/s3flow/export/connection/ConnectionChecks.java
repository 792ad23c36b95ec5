package io.s3flow.export.connection;

import io.quarkus.scheduler.Scheduled;
import io.s3flow.common.remote.Refused;
import io.s3flow.common.tenant.Tenant;
import io.s3flow.export.connection.ConnectionRestClient.Target;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A connection as connection-service describes it now (its etag, or that this tenant has no such connection), asked
 * once per {@link ConnectionChecksConfig#every()} per tenant and connection however many streams ask: 1,000 streams on
 * one connection cost one call a second, not one per batch. An answer is used only while younger than {@code every},
 * counted from when it was asked for; a caller arriving while a check is in flight waits for that check's answer. So
 * a batch starting at {@code t} sees the connection as it was at {@code t - every} or later: a connection patched
 * (new etag: new credentials, bucket or folder) or deleted starts no batch with its old credentials after that.
 * Answers are kept per tenant, so one tenant never sees another's.
 */
@ApplicationScoped
public class ConnectionChecks {

    /** Answers not asked for in this long belong to connections nobody delivers to any more. */
    private static final Duration FORGET_AFTER = Duration.ofMinutes(1);

    private final ConnectionClient connections;
    private final Duration every;
    private final Map<Key, Answer> answers = new ConcurrentHashMap<>();

    ConnectionChecks(ConnectionClient connections, ConnectionChecksConfig config) {
        this.connections = connections;
        this.every = config.every();
    }

    private record Key(Tenant tenant, UUID connectionId) {
    }

    /** The last answer about one connection; its fields only change holding its lock. */
    private static final class Answer {
        volatile Instant askedAt;
        Target target;
        /** No such connection for this tenant, or connection-service could not be asked (timed out, circuit open). */
        RuntimeException failure;
    }

    /**
     * The connection's target, at most {@code every} old; {@link Refused} if the tenant has no such connection, or the
     * failure to ask connection-service (at most {@code every} old as well).
     */
    public Target current(Tenant tenant, UUID connectionId) {
        if (every.isZero()) {
            return connections.target(tenant, connectionId);
        }
        Answer answer = answers.computeIfAbsent(new Key(tenant, connectionId), k -> new Answer());
        synchronized (answer) {
            Instant now = Instant.now();
            if (answer.askedAt == null || !now.isBefore(answer.askedAt.plus(every))) {
                ask(answer, tenant, connectionId, now);
            }
            if (answer.failure != null) {
                throw answer.failure;
            }
            return answer.target;
        }
    }

    /**
     * Called holding the answer's lock. A failure to ask is an answer too, for {@code every}: the streams waiting on
     * this lock do not each wait out the same timeout in turn.
     */
    private void ask(Answer answer, Tenant tenant, UUID connectionId, Instant now) {
        try {
            answer.target = connections.target(tenant, connectionId);
            answer.failure = null;
            answer.askedAt = now; // what the answer says held when it was asked for
        } catch (RuntimeException failure) {
            answer.target = null;
            answer.failure = failure;
            answer.askedAt = Instant.now(); // a failure says nothing of the connection: kept from when it came
        }
    }

    @Scheduled(every = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void forgetUnused() {
        Instant before = Instant.now().minus(FORGET_AFTER);
        answers.values().removeIf(a -> a.askedAt != null && a.askedAt.isBefore(before));
    }
}
