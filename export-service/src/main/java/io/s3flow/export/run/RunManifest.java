package io.s3flow.export.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A run's manifest: written last, so a reader that sees it knows every file is there, with each file's records, bytes
 * and checksum.
 */
final class RunManifest {

    private RunManifest() {
    }

    static byte[] bytes(ObjectMapper json, RunWork run, long records, List<RunFiles.File> written) throws JsonProcessingException {
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("exportId", run.exportId());
        manifest.put("runId", run.runId());
        manifest.put("runTime", run.runTime().toString());
        manifest.put("records", records);
        List<Map<String, Object>> entries = new ArrayList<>();
        for (RunFiles.File file : written) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("key", file.key());
            entry.put("records", file.records());
            entry.put("bytes", file.bytes());
            entry.put("checksum", file.checksum());
            entries.add(entry);
        }
        manifest.put("files", entries);
        return json.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest);
    }
}
