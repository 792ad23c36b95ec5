package io.s3flow.export.stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.s3flow.common.aws.Encryption;
import io.s3flow.export.delivery.DeliveryStore;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A stream as the API shows it: its settings, its etag, and its live delivery status. */
@Schema(description = "serverSideEncryption: " + Encryption.API_FORM)
public record StreamItem(UUID id, String name, UUID connectionId, String folderPath, String format, String compression,
        @Schema(nullable = true, description = "null: every type") List<String> eventTypes, StreamRequest.Flush flush,
        @Schema(ref = "AnyValue") JsonNode serverSideEncryption, String bucket, String etag,
        Instant createdAt, Instant updatedAt, StreamStatus status) {

    /**
     * Where delivery stands; {@code backlog} counts events accepted but not yet in the bucket, up to a limit (a status
     * costs the same however far behind a stream is).
     */
    public record StreamStatus(String state, @Schema(nullable = true) String reason, @Schema(nullable = true) String errorCode,
            @Schema(nullable = true) String hint,
            @Schema(description = "Events accepted but not yet in the bucket, counted up to "
                    + DeliveryStore.BACKLOG_COUNT_LIMIT + ": a backlog of " + DeliveryStore.BACKLOG_COUNT_LIMIT
                    + " means at least that many") long backlog, @Schema(nullable = true) Long oldestUndeliveredAgeSeconds,
            long deliveredEvents, long deliveredFiles, @Schema(nullable = true) Instant lastDeliveryAt) {
    }

    static StreamItem of(Stream s, String etag, StreamStatus status) {
        return new StreamItem(s.id, s.name, s.connectionId, s.folderPath, s.format, s.compression,
                s.eventTypes == null ? null : List.of(s.eventTypes),
                new StreamRequest.Flush(s.flushMaxEvents, s.flushMaxBytes, s.flushMaxSeconds),
                encryptionOf(s), s.bucket, etag, s.createdAt, s.updatedAt, status);
    }

    /** The request's shape of the stream's encryption setting. */
    static JsonNode encryptionOf(Stream s) {
        return Encryption.of(s.sseAlgorithm, s.sseKmsKeyId).toRequest();
    }
}
