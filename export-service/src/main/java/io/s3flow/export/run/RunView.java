package io.s3flow.export.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.UUID;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * GET /exports/{id}/runs/{runId}: status, final metrics, live progress, the files written (each with when it became
 * visible), the manifest written last, and what went wrong.
 */
public record RunView(UUID runId, UUID exportId, String status, String trigger, Instant runTime, Instant queuedAt,
        @Schema(nullable = true) Instant startedAt, @Schema(nullable = true) Instant completedAt, Metrics metrics, Progress progress,
        @Schema(implementation = RunFiles.File[].class) JsonNode files,
        @Schema(nullable = true, implementation = Manifest.class) JsonNode manifest,
        @Schema(implementation = RunError[].class) JsonNode errors) {

    /** The manifest a run wrote last: its key, size, ETag and when it was written. */
    public record Manifest(String key, long bytes, String etag, Instant writtenAt) {
    }

    /** One failed attempt; {@code leftBehind}: keys of files a run that failed for good could not remove. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RunError(Instant at, int attempt, String errorCode, String reason, String hint, List<String> leftBehind) {
    }

    public record Records(@Schema(nullable = true) Long input, @Schema(nullable = true) Long output, @Schema(nullable = true) Long failed) {
    }

    public record Metrics(Records records, @Schema(nullable = true) Long bytes, @Schema(nullable = true) Long durationMs) {
    }

    public record Progress(long recordsWritten, long bytesUploaded) {
    }

    static RunView of(ExportRun run, ObjectMapper json) {
        return new RunView(run.id, run.exportId, run.status, run.trigger, run.runTime, run.queuedAt, run.startedAt,
                run.completedAt, new Metrics(new Records(run.recordsInput, run.recordsOutput, run.recordsFailed), run.bytes,
                        run.durationMs),
                new Progress(run.recordsWritten, run.bytesUploaded), tree(json, run.files), tree(json, run.manifest),
                tree(json, run.errors));
    }

    private static JsonNode tree(ObjectMapper json, String text) {
        if (text == null) {
            return null;
        }
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a run's files and errors are stored as JSON", e);
        }
    }
}
