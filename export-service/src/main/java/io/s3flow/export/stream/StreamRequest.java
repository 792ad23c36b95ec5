package io.s3flow.export.stream;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import io.s3flow.export.storage.Encryption;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** POST /streams. Absent fields take the defaults of {@link StreamSettings}. */
@Schema(description = "serverSideEncryption: " + Encryption.API_FORM)
public record StreamRequest(String name, String connectionId, String folderPath, String format, String compression,
        List<String> eventTypes, Flush flush, @Schema(ref = "AnyValue") JsonNode serverSideEncryption) {

    public record Flush(Integer maxEvents, Long maxBytes, Integer maxSeconds) {
    }
}
