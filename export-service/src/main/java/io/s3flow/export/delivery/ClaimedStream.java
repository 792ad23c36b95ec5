package io.s3flow.export.delivery;

import io.s3flow.export.lease.Leases;
import java.util.UUID;

/**
 * A stream leased by a claim, with what delivery needs of it as the claim read it (no load of its own), and when the
 * lease was taken: {@link System#nanoTime()} before the claim went to the database, so the lease runs for at least its
 * whole length from then.
 */
public record ClaimedStream(Leases.Claim lease, StreamWork work, long leasedAtNanos) {

    public UUID id() {
        return lease.id();
    }

    public String token() {
        return lease.token();
    }
}
