package io.s3flow.export.delivery;

import io.s3flow.common.tenant.Tenant;
import io.s3flow.export.format.FileFormat;
import io.s3flow.common.aws.Encryption;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * A claimed stream, as delivery needs it: its settings (and their version), where its cursor stands and the batches
 * recorded after it (the pending one and the one written ahead of it), the bucket and key prefix it was created for
 * (pinned: a connection moved to another bucket or folder pauses the stream rather than splitting it), and its tenant's
 * newest event sequence when it was read (nothing after it has been looked at).
 */
public record StreamWork(UUID streamId, Tenant tenant, UUID connectionId, String folderPath, FileFormat format,
        List<String> eventTypes, int maxEvents, long maxBytes, Duration maxAge, Encryption encryption,
        long deliveredSequence, Long pendingEndSequence, Long nextEndSequence, int attempts, String bucket, String keyPrefix,
        long settingsVersion, long head) {

    /** The stream as it stands once the batch ending at {@code end} is committed: a next batch recorded behind it is pending. */
    public StreamWork afterBatch(long end) {
        Long pending = pendingEndSequence != null && pendingEndSequence == end ? nextEndSequence : null;
        return new StreamWork(streamId, tenant, connectionId, folderPath, format, eventTypes, maxEvents, maxBytes, maxAge,
                encryption, end, pending, null, 0, bucket, keyPrefix, settingsVersion, head);
    }
}
