package io.s3flow.export.sink;

import io.quarkus.scheduler.Scheduled;
import io.s3flow.common.aws.Encryption;
import io.s3flow.common.tenant.Tenant;
import io.s3flow.export.connection.ConnectionChecks;
import io.s3flow.export.connection.ConnectionClient;
import io.s3flow.export.connection.ConnectionRestClient.Access;
import io.s3flow.export.storage.BucketStorage;
import io.s3flow.export.storage.StorageConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * A connection's bucket kept open across a stream's batches: the credentials connection-service resolved and the S3
 * client made with them are used again while the connection's etag stays the same (a plain lookup per batch instead of
 * resolving credentials and building a client; the etag is {@link ConnectionChecks}' answer, shared by the
 * connection's streams and at most a second old, so a patched connection takes effect within a second), while
 * the credentials have {@link #EXPIRY_MARGIN} left, and for at most {@link StorageConfig#reuseBucketsFor()}. A client
 * replaced meanwhile is closed by its last user.
 */
@ApplicationScoped
public class KeptBuckets {

    /** A batch that starts with less than this left could outlive its credentials (lease renewals, 2 min S3 timeout). */
    static final Duration EXPIRY_MARGIN = Duration.ofMinutes(3);

    private final ConnectionClient connections;
    private final ConnectionChecks checks;
    private final Buckets buckets;
    private final Duration reuse;
    private final Map<Key, Kept> kept = new HashMap<>();

    KeptBuckets(ConnectionClient connections, ConnectionChecks checks, Buckets buckets, StorageConfig config) {
        this.connections = connections;
        this.checks = checks;
        this.buckets = buckets;
        this.reuse = config.reuseBucketsFor();
    }

    private record Key(Tenant tenant, UUID connectionId, Encryption encryption) {
    }

    private static final class Kept {
        final Key key;
        final Access access;
        final BucketStorage bucket;
        final Instant reuseUntil;
        int users;
        boolean retired;

        Kept(Key key, Access access, BucketStorage bucket, Instant reuseUntil) {
            this.key = key;
            this.access = access;
            this.bucket = bucket;
            this.reuseUntil = reuseUntil;
        }
    }

    /** The credentials and the open bucket, until {@link #close()}. */
    public final class Use implements AutoCloseable {
        private final Kept kept;
        private final BucketStorage bucket;

        private Use(Kept kept, BucketStorage bucket) {
            this.kept = kept;
            this.bucket = bucket;
        }

        public Access access() {
            return kept.access;
        }

        public BucketStorage bucket() {
            return bucket;
        }

        @Override
        public void close() {
            release(kept);
        }
    }

    /** The connection's bucket for writing with {@code encryption}: the kept one if still valid, else a fresh one. */
    public Use open(Tenant tenant, UUID connectionId, Encryption encryption) {
        Key key = new Key(tenant, connectionId, encryption);
        Kept current = acquire(key, Instant.now());
        if (current != null) {
            try {
                if (Objects.equals(checks.current(tenant, connectionId).etag(), current.access.target().etag())) {
                    return new Use(current, current.bucket.forBatch());
                }
            } catch (RuntimeException e) {
                release(current);
                throw e;
            }
            release(current);
        }
        Access access = connections.writeAccess(tenant, connectionId, encryption);
        Kept fresh = new Kept(key, access, buckets.open(tenant, connectionId, access, encryption), reuseUntil(access, Instant.now()));
        keep(fresh);
        return new Use(fresh, fresh.bucket);
    }

    /** After a failure: the next batch resolves credentials and opens the bucket again. */
    public void forget(Tenant tenant, UUID connectionId, Encryption encryption) {
        List<Kept> closing = new ArrayList<>();
        synchronized (this) {
            Kept gone = kept.remove(new Key(tenant, connectionId, encryption));
            retire(gone, closing);
        }
        closing.forEach(k -> k.bucket.close());
    }

    private Instant reuseUntil(Access access, Instant now) {
        Instant until = now.plus(reuse);
        if (access.expiration() != null && access.expiration().minus(EXPIRY_MARGIN).isBefore(until)) {
            until = access.expiration().minus(EXPIRY_MARGIN);
        }
        return until;
    }

    private synchronized Kept acquire(Key key, Instant now) {
        Kept current = kept.get(key);
        if (current == null || !now.isBefore(current.reuseUntil)) {
            return null;
        }
        current.users++;
        return current;
    }

    /** The fresh one replaces the key's old one; any whose time is over go too (connections no stream uses any more). */
    private void keep(Kept fresh) {
        List<Kept> closing = new ArrayList<>();
        synchronized (this) {
            fresh.users = 1;
            retire(kept.put(fresh.key, fresh), closing);
            Instant now = Instant.now();
            retireExpired(now, closing);
            if (!now.isBefore(fresh.reuseUntil)) {
                kept.remove(fresh.key); // credentials too close to their expiry to keep: for this batch only
                fresh.retired = true;
            }
        }
        closing.forEach(k -> k.bucket.close());
    }

    /**
     * Also between batches: the credentials of a connection no stream opens any more (deleted, or its streams idle)
     * are not held past their time.
     */
    @Scheduled(every = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        List<Kept> closing = new ArrayList<>();
        synchronized (this) {
            retireExpired(Instant.now(), closing);
        }
        closing.forEach(k -> k.bucket.close());
    }

    /** Called holding the lock. */
    private void retireExpired(Instant now, List<Kept> closing) {
        kept.values().removeIf(k -> {
            boolean over = !now.isBefore(k.reuseUntil);
            if (over) {
                retire(k, closing);
            }
            return over;
        });
    }

    private void release(Kept used) {
        boolean close;
        synchronized (this) {
            used.users--;
            close = used.retired && used.users == 0;
        }
        if (close) {
            used.bucket.close();
        }
    }

    /** Called holding the lock: unused ones go to {@code closing}, used ones close with their last user. */
    private static void retire(Kept old, List<Kept> closing) {
        if (old == null || old.retired) {
            return;
        }
        old.retired = true;
        if (old.users == 0) {
            closing.add(old);
        }
    }
}
