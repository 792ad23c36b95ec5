package io.s3flow.export.run;

import io.s3flow.common.tenant.Tenant;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A leased run as its runner sees it: the export's settings (the run's own copy once it has started), the range of
 * events it exports ({@code (fromSequence, toSequence]}, null until planned), the export's high-water mark, and the
 * keys its attempts began to write.
 */
record RunWork(UUID runId, UUID exportId, Tenant tenant, UUID connectionId, String settings, Long fromSequence,
        Long toSequence, Instant runTime, int attempts, boolean cancelRequested, Long exportedSequence,
        String files, String destination, List<String> keysStarted) {

    boolean planned() {
        return toSequence != null;
    }
}
