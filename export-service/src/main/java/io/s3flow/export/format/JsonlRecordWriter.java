package io.s3flow.export.format;

import io.s3flow.export.event.StoredEvent;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.s3flow.export.storage.S3Upload;
import java.io.IOException;

/** JSON Lines, one event object a line, optionally gzipped; {@code properties} is written as the JSON it came as. */
final class JsonlRecordWriter extends UploadRecordWriter {

    private static final JsonFactory JSON = new JsonFactory();

    private final JsonGenerator json;

    JsonlRecordWriter(S3Upload upload, boolean gzip) throws IOException {
        super(upload, gzip);
        this.json = JSON.createGenerator(out);
        json.setRootValueSeparator(null);
    }

    @Override
    public void write(StoredEvent event) throws IOException {
        json.writeStartObject();
        json.writeStringField("id", event.id());
        json.writeStringField("type", event.type());
        json.writeStringField("time", event.time().toString());
        json.writeStringField("userId", event.userId());
        json.writeFieldName("properties");
        json.writeRawValue(event.propertiesJson());
        json.writeNumberField("sequence", event.sequence());
        json.writeEndObject();
        json.writeRaw('\n');
    }

    @Override
    protected void flushFormat() throws IOException {
        json.flush();
    }
}
