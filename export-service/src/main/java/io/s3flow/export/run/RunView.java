package io.s3flow.export.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.UUID;

/**
 * GET /exports/{id}/runs/{runId}: status, final metrics, live progress, the files written (each with when it became
 * visible), the manifest written last, and what went wrong.
 */
public record RunView(UUID runId, UUID exportId, String status, String trigger, Instant runTime, Instant queuedAt,
        Instant startedAt, Instant completedAt, Metrics metrics, Progress progress, JsonNode files, JsonNode manifest,
        JsonNode errors) {

    public record Records(Long input, Long output, Long failed) {
    }

    public record Metrics(Records records, Long bytes, Long durationMs) {
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
