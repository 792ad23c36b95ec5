package io.s3flow.export.stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.s3flow.common.aws.Encryption;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** POST /streams. Absent fields take the defaults of {@link StreamSettings}. */
@Schema(description = "serverSideEncryption: " + Encryption.API_FORM)
public record StreamRequest(String name, String connectionId, String folderPath,
        @Schema(description = "avro (default), jsonl or parquet") String format,
        @Schema(description = "avro: deflate (default), snappy or null; jsonl: gzip (default) or none; "
                + "parquet: snappy (default), zstd, gzip or none") String compression,
        List<String> eventTypes, Flush flush, @Schema(ref = "AnyValue") JsonNode serverSideEncryption) {

    public record Flush(Integer maxEvents, Long maxBytes, Integer maxSeconds) {
    }
}
