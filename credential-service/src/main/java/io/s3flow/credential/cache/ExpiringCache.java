package io.s3flow.credential.cache;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Caches expiring values (assumed-role credentials, bucket-ownership proofs) per key with single flight: however many
 * callers ask at once, one of them loads and the others wait for that load. An entry is reloaded once it is within the
 * refresh margin of its expiry, so callers always get values with at least that much time left. A failed load is not
 * cached: the next caller tries again.
 */
public final class ExpiringCache<K, V> {

    private final ConcurrentHashMap<K, CompletableFuture<V>> entries = new ConcurrentHashMap<>();
    private final Function<V, Instant> expiration;
    private final Duration refreshMargin;
    private final Clock clock;

    public ExpiringCache(Function<V, Instant> expiration, Duration refreshMargin, Clock clock) {
        this.expiration = expiration;
        this.refreshMargin = refreshMargin;
        this.clock = clock;
    }

    public V get(K key, Supplier<V> loader) {
        while (true) {
            CompletableFuture<V> mine = new CompletableFuture<>();
            CompletableFuture<V> current = entries.compute(key, (k, existing) -> existing == null || isStale(existing) ? mine : existing);
            if (current == mine) {
                load(key, mine, loader);
            }
            try {
                V value = current.join();
                if (!isStale(current)) {
                    return value;
                }
                // loaded credentials already inside the margin (a duration shorter than the margin): use them once
                if (current == mine) {
                    return value;
                }
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException runtime ? runtime : e;
            }
        }
    }

    public int size() {
        return entries.size();
    }

    private void load(K key, CompletableFuture<V> future, Supplier<V> loader) {
        try {
            future.complete(loader.get());
        } catch (RuntimeException e) {
            entries.remove(key, future);
            future.completeExceptionally(e);
        }
    }

    private boolean isStale(CompletableFuture<V> future) {
        if (!future.isDone()) {
            return false;
        }
        if (future.isCompletedExceptionally()) {
            return true;
        }
        Instant expires = expiration.apply(future.join());
        return expires != null && !clock.instant().isBefore(expires.minus(refreshMargin));
    }
}
