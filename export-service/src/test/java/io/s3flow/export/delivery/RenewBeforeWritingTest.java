package io.s3flow.export.delivery;

import static io.s3flow.export.delivery.StreamDelivery.renewBeforeWriting;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** When a batch's write may go without renewing the lease first (each file's own fence always runs). */
class RenewBeforeWritingTest {

    private static final Duration LEASE = Duration.ofSeconds(30);
    private static final long PART = 8L << 20;
    private static final long CLAIMED = 1_000_000_000L;

    @Test
    void aFreshClaimsFirstBatchThatFitsOnePutGoesWithoutARenewal() {
        assertFalse(renewBeforeWriting(CLAIMED, CLAIMED + secs(14), LEASE, 1_000, PART, false));
    }

    @Test
    void everyOtherBatchRenewsFirst() {
        assertTrue(renewBeforeWriting(null, CLAIMED, LEASE, 1_000, PART, false), "not from a claim (deliverOnce, a reload)");
        assertTrue(renewBeforeWriting(CLAIMED, CLAIMED + secs(15), LEASE, 1_000, PART, false), "half the lease gone");
        assertTrue(renewBeforeWriting(CLAIMED, CLAIMED, LEASE, PART, PART, false), "parts go out while it is written");
        assertTrue(renewBeforeWriting(CLAIMED, CLAIMED, LEASE, 1_000, PART, true), "written ahead of a completing batch");
    }

    private static long secs(long seconds) {
        return Duration.ofSeconds(seconds).toNanos();
    }
}
