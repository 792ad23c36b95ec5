package io.s3flow.export.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;

/**
 * Decides whether a stream's undelivered events make a batch now, and where it ends: when they reach
 * {@code maxEvents} or {@code maxBytes}, or when the oldest has waited {@code maxSeconds}, whether or not more come.
 */
public final class BatchPlan {

    private BatchPlan() {
    }

    /** The last sequence of the batch to write now, or empty when nothing is due. {@code pending} is in sequence order. */
    public static OptionalLong endOfDueBatch(List<EventMeta> pending, int maxEvents, long maxBytes, Duration maxAge, Instant now) {
        if (pending.isEmpty()) {
            return OptionalLong.empty();
        }
        long bytes = 0;
        for (int i = 0; i < pending.size(); i++) {
            bytes += pending.get(i).sizeBytes();
            boolean full = i + 1 >= maxEvents || bytes >= maxBytes;
            if (full) {
                // an event larger than maxBytes still goes, alone
                return OptionalLong.of(pending.get(bytes > maxBytes && i > 0 ? i - 1 : i).sequence());
            }
        }
        boolean aged = !pending.get(0).ingestedAt().plus(maxAge).isAfter(now);
        return aged ? OptionalLong.of(pending.get(pending.size() - 1).sequence()) : OptionalLong.empty();
    }
}
