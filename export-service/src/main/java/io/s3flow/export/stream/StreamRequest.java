package io.s3flow.export.stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.s3flow.common.aws.Encryption;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * POST /streams. Absent fields take the defaults of {@link StreamSettings}; what one field alone decides is
 * declared here, what needs defaults or other fields is checked by {@link StreamSettings#validate}.
 */
@Schema(description = "serverSideEncryption: " + Encryption.API_FORM)
public record StreamRequest(
        @NotBlank(message = NAME) @Size(max = MAX_NAME, message = NAME) String name,
        String connectionId, String folderPath,
        @Schema(description = "avro (default), jsonl or parquet") String format,
        @Schema(description = "avro: deflate (default), snappy or null; jsonl: gzip (default) or none; "
                + "parquet: snappy (default), zstd, gzip or none") String compression,
        List<String> eventTypes,
        @Valid Flush flush,
        @Schema(ref = "AnyValue") JsonNode serverSideEncryption) {

    static final int MAX_NAME = 256;
    static final String NAME = "is required, at most 256 characters";

    public record Flush(
            @Min(value = 1, message = "must be between 1 and 1000000") @Max(value = 1_000_000, message = "must be between 1 and 1000000")
            Integer maxEvents,
            @Min(value = 1024, message = "must be between 1 KiB and 5 GiB")
            @Max(value = 5L * 1024 * 1024 * 1024, message = "must be between 1 KiB and 5 GiB")
            Long maxBytes,
            @Min(value = 1, message = "must be between 1 and 86400") @Max(value = 86_400, message = "must be between 1 and 86400")
            Integer maxSeconds) {
    }
}
