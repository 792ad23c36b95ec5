package io.s3flow.export.format;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.s3flow.export.storage.S3Upload;
import io.s3flow.export.storage.StoredObject;
import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.GZIPOutputStream;

/** JSON Lines, one event object a line, optionally gzipped; {@code properties} is written as the JSON it came as. */
final class JsonlRecordWriter implements RecordWriter {

    private static final JsonFactory JSON = new JsonFactory();

    private final S3Upload upload;
    private final OutputStream out;
    private final JsonGenerator json;

    JsonlRecordWriter(S3Upload upload, boolean gzip) throws IOException {
        this.upload = upload;
        this.out = gzip ? new GZIPOutputStream(upload, 64 * 1024) : upload;
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
