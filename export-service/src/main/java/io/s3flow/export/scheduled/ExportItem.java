package io.s3flow.export.scheduled;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.time.Instant;
import java.util.UUID;

/** An export as GET shows it: its settings with defaults filled in, and when it next runs by itself. */
public record ExportItem(UUID id, String etag, @JsonUnwrapped ExportRequest settings, Instant nextRunAt, Instant createdAt,
        Instant updatedAt) {
}
