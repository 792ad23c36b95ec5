package io.s3flow.export.stream;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** POST /streams. Absent fields take the defaults of {@link StreamSettings}. */
public record StreamRequest(String name, String connectionId, String folderPath, String format, String compression,
        List<String> eventTypes, Flush flush, JsonNode serverSideEncryption) {

    public record Flush(Integer maxEvents, Long maxBytes, Integer maxSeconds) {
    }
}
