package io.s3flow.export;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Waits that are polls with a deadline: for a state to come, or for a counter to show that something had its chance. */
public final class Poll {

    private Poll() {
    }

    /** Polls {@code probe} every {@code every} until {@code done} holds for its value; fails naming the last one. */
    public static <T> T until(String what, Duration timeout, Duration every, Supplier<T> probe, Predicate<T> done) {
        Instant deadline = Instant.now().plus(timeout);
        T last = null;
        while (Instant.now().isBefore(deadline)) {
            last = probe.get();
            if (done.test(last)) {
                return last;
            }
            TenantApi.sleep(every.toMillis());
        }
        throw new AssertionError(what + " not within " + timeout + "; last seen: " + last);
    }

    public static void until(String what, Duration timeout, BooleanSupplier done) {
        until(what, timeout, Duration.ofMillis(100), done::getAsBoolean, Boolean::booleanValue);
    }

    /**
     * Waits until the counter {@code name} of this application has grown by {@code by} from now: the loop it counts
     * has run that many more times (so "nothing happened" is shown after chances to act, not after a fixed sleep).
     */
    public static void counterGrows(MeterRegistry metrics, String name, double by, Duration timeout) {
        countersGrow(metrics, Map.of(name, by), timeout);
    }

    /**
     * Waits until each counter named in {@code by} has grown by its amount from now: the loops they count have each
     * had that many more chances, side by side (not one after the other).
     */
    public static void countersGrow(MeterRegistry metrics, Map<String, Double> by, Duration timeout) {
        Map<String, Double> from = new HashMap<>();
        by.keySet().forEach(name -> from.put(name, metrics.counter(name).count()));
        until(by + " growing", timeout, () -> by.entrySet().stream()
                .allMatch(grow -> metrics.counter(grow.getKey()).count() >= from.get(grow.getKey()) + grow.getValue()));
    }
}
