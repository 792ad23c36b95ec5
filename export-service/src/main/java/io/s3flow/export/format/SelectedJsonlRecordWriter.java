package io.s3flow.export.format;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.s3flow.export.select.Selection;
import io.s3flow.export.storage.S3Upload;
import io.s3flow.export.storage.StoredObject;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/** JSON Lines of the selected fields: one object a line, keyed by the field names as selected; missing ones null. */
final class SelectedJsonlRecordWriter implements RecordWriter {

    private static final JsonFactory JSON = new ObjectMapper().getFactory();

    private final S3Upload upload;
    private final OutputStream out;
    private final Selection selection;
    private final List<String> names;
    private final JsonGenerator json;

    SelectedJsonlRecordWriter(S3Upload upload, OutputStream out, Selection selection) throws IOException {
        this.upload = upload;
        this.out = out;
        this.selection = selection;
        this.names = selection.fieldNames();
        this.json = JSON.createGenerator(out);
        json.setRootValueSeparator(null);
    }

    @Override
    public void write(StoredEvent event) throws IOException {
        JsonNode[] values = selection.project(event);
        json.writeStartObject();
        for (int i = 0; i < values.length; i++) {
            json.writeFieldName(names.get(i));
            if (values[i].isMissingNode()) {
                json.writeNull();
            } else {
                json.writeTree(values[i]);
            }
        }
        json.writeEndObject();
        json.writeRaw('\n');
    }

    @Override
    public StoredObject commit() throws IOException {
        json.flush();
        if (out instanceof GZIPOutputStream gzip) {
            gzip.finish();
        }
        return upload.complete();
    }

    @Override
    public void close() {
        upload.close();
    }
}
