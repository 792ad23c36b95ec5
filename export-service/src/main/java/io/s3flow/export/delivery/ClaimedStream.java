package io.s3flow.export.delivery;

import io.s3flow.export.lease.Leases;
import java.util.UUID;

/** A stream leased by a claim, with what delivery needs of it as the claim read it (no load of its own). */
public record ClaimedStream(Leases.Claim lease, StreamWork work) {

    public UUID id() {
        return lease.id();
    }

    public String token() {
        return lease.token();
    }
}
