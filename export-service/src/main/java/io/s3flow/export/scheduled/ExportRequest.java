package io.s3flow.export.scheduled;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.s3flow.common.aws.Encryption;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** POST /exports, and the settings as GET shows them (defaults filled in). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "serverSideEncryption: " + Encryption.API_FORM)
public record ExportRequest(String name, String connectionId, Select select,
        @Schema(description = "csv (default), tsv, jsonl or parquet") String format, Csv csv,
        @Schema(description = "csv, tsv, jsonl: none (default) or gzip; parquet: snappy (default), zstd, gzip or none") String compression,
        String folderPath, String fileName, Integer maxRowsPerFile, Boolean manifest,
        @Schema(ref = "AnyValue") JsonNode serverSideEncryption,
        ScheduleRequest schedule) {

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
