package io.s3flow.export.scheduled;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.s3flow.common.aws.Encryption;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * POST /exports, and the settings as GET shows them (defaults filled in). What one field alone decides is declared
 * here; what needs defaults, parsing or several fields is checked by {@link ExportSettings#validate}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "serverSideEncryption: " + Encryption.API_FORM)
public record ExportRequest(
        @NotBlank(message = NAME) @Size(max = MAX_NAME, message = NAME) String name,
        String connectionId, Select select,
        @Schema(description = "csv (default), tsv, jsonl or parquet") String format, Csv csv,
        @Schema(description = "csv, tsv, jsonl: none (default) or gzip; parquet: snappy (default), zstd, gzip or none") String compression,
        String folderPath, String fileName,
        @Min(value = ExportSettings.MIN_ROWS_PER_FILE, message = ROWS) @Max(value = 1_000_000_000, message = ROWS)
        Integer maxRowsPerFile,
        Boolean manifest,
        @Schema(ref = "AnyValue") JsonNode serverSideEncryption,
        ScheduleRequest schedule) {

    static final int MAX_NAME = 256;
    static final String NAME = "is required, at most 256 characters";
    static final String ROWS = "must be between " + ExportSettings.MIN_ROWS_PER_FILE + " and 1000000000";

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Select(List<String> eventTypes, List<String> fields, List<Where> where) {
    }

    public record Where(String field, String op, JsonNode value) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Csv(String delimiter, String quote, Boolean header, String nullValue, Boolean escapeFormulas) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ScheduleRequest(String frequency, String startTime, String endTime, String mode) {
    }
}
