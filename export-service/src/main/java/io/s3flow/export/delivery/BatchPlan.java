package io.s3flow.export.delivery;

import io.s3flow.export.keys.FileGroup;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Decides whether a stream's undelivered events make a batch now, and where it ends: when they reach
 * {@code maxEvents} or {@code maxBytes} or would open more than {@code maxFiles} files (one per type and hour), or when
 * the oldest has waited {@code maxSeconds}, whether or not more come.
 */
public final class BatchPlan {

    private BatchPlan() {
    }

    /** The last sequence of the batch to write now, or empty when nothing is due. {@code pending} is in sequence order. */
    public static OptionalLong endOfDueBatch(List<EventMeta> pending, int maxEvents, long maxBytes, int maxFiles,
            Duration maxAge, Instant now) {
        if (pending.isEmpty()) {
            return OptionalLong.empty();
        }
        long bytes = 0;
        Set<FileGroup> files = new HashSet<>();
        for (int i = 0; i < pending.size(); i++) {
            EventMeta event = pending.get(i);
            if (files.add(event.file()) && files.size() > maxFiles) {
                return OptionalLong.of(pending.get(i - 1).sequence());
            }
            bytes += event.sizeBytes();
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
