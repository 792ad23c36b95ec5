package io.s3flow.export.scheduled;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An export as GET shows it: its settings with defaults filled in, and when it next runs by itself. */
public record ExportItem(UUID id, String etag, @JsonUnwrapped ExportRequest settings,
        @Schema(nullable = true, description = "null: no schedule, or it has ended") Instant nextRunAt, Instant createdAt,
        Instant updatedAt) {
}
