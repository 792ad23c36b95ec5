package io.s3flow.export.format;

import io.s3flow.export.event.StoredEvent;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.s3flow.export.select.Selection;
import io.s3flow.export.storage.S3Upload;
import java.io.IOException;
import java.util.List;

/** JSON Lines of the selected fields: one object a line, keyed by the field names as selected; missing ones null. */
final class SelectedJsonlRecordWriter extends UploadRecordWriter {

    private static final JsonFactory JSON = new ObjectMapper().getFactory();

    private final Selection selection;
    private final List<String> names;
    private final JsonGenerator json;

    SelectedJsonlRecordWriter(S3Upload upload, boolean gzip, Selection selection) throws IOException {
        super(upload, gzip);
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
    protected void flushFormat() throws IOException {
        json.flush();
    }
}
