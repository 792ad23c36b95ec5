package io.s3flow.export.scheduled;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When an export runs: slots at {@code startTime + k × period} up to {@code endTime}, or once at {@code startTime}.
 * Slots missed (the service was down) collapse into one run: the latest slot that has come.
 */
public record Schedule(Frequency frequency, Instant startTime, Instant endTime, Mode mode) {

    public enum Frequency {
        ONCE(null), HOURLY(Duration.ofHours(1)), EVERY_3_HOURS(Duration.ofHours(3)), EVERY_6_HOURS(Duration.ofHours(6)),
        EVERY_8_HOURS(Duration.ofHours(8)), EVERY_12_HOURS(Duration.ofHours(12)), DAILY(Duration.ofDays(1));

        private final Duration period;

        Frequency(Duration period) {
            this.period = period;
        }
    }

    /** FULL exports every selected event each run; incremental runs export what came since the last successful one. */
    public enum Mode { FULL, FIRST_FULL_THEN_INCREMENTAL }

    /** The first slot at or after {@code from}, if the schedule has one. */
    public Optional<Instant> firstSlotFrom(Instant from) {
        Instant slot;
        if (frequency.period == null || !from.isAfter(startTime)) {
            slot = startTime;
            if (frequency.period == null && from.isAfter(startTime)) {
                return Optional.empty();
            }
        } else {
            long periods = ceilDiv(Duration.between(startTime, from).toMillis(), frequency.period.toMillis());
            slot = startTime.plus(frequency.period.multipliedBy(periods));
        }
        return endTime != null && slot.isAfter(endTime) ? Optional.empty() : Optional.of(slot);
    }

    /** The latest slot at or before {@code now}: the one a due export runs for, however many were missed. */
    public Instant latestSlotAtOrBefore(Instant now) {
        if (frequency.period == null || !now.isAfter(startTime)) {
            return startTime;
        }
        Instant last = endTime != null && now.isAfter(endTime) ? endTime : now;
        long periods = Duration.between(startTime, last).toMillis() / frequency.period.toMillis();
        return startTime.plus(frequency.period.multipliedBy(periods));
    }

    /** The next slot strictly after {@code now}. */
    public Optional<Instant> nextSlotAfter(Instant now) {
        return firstSlotFrom(now.plusMillis(1));
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }
}
