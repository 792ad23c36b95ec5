package io.s3flow.export.format;

import io.s3flow.export.event.StoredEvent;
import io.s3flow.export.storage.S3Upload;
import io.s3flow.export.storage.StoredObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.apache.avro.Schema;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;

/** An Avro object container file of {@code avro/event.avsc}, streamed into the upload. */
final class AvroRecordWriter implements RecordWriter {

    static final Schema SCHEMA = loadSchema();
    // fields set by position: put(name) looks each name up in the schema's map, six times per event
    private static final int ID = SCHEMA.getField("id").pos();
    private static final int TYPE = SCHEMA.getField("type").pos();
    private static final int TIME = SCHEMA.getField("time").pos();
    private static final int USER_ID = SCHEMA.getField("userId").pos();
    private static final int PROPERTIES = SCHEMA.getField("properties").pos();
    private static final int SEQUENCE = SCHEMA.getField("sequence").pos();

    private final S3Upload upload;
    private final DataFileWriter<GenericRecord> file;
    private final GenericData.Record record = new GenericData.Record(SCHEMA);

    AvroRecordWriter(S3Upload upload, CodecFactory codec) throws IOException {
        this.upload = upload;
        this.file = new DataFileWriter<GenericRecord>(new GenericDatumWriter<>(SCHEMA)).setCodec(codec).create(SCHEMA, upload);
    }

    @Override
    public void write(StoredEvent event) throws IOException {
        record.put(ID, event.id());
        record.put(TYPE, event.type());
        record.put(TIME, event.time().toEpochMilli());
        record.put(USER_ID, event.userId());
        record.put(PROPERTIES, event.propertiesJson());
        record.put(SEQUENCE, event.sequence());
        file.append(record);
    }

    @Override
    public StoredObject commit() throws IOException {
        file.flush();
        return upload.complete();
    }

    @Override
    public void close() {
        upload.close();
    }

    private static Schema loadSchema() {
        try (InputStream in = AvroRecordWriter.class.getClassLoader().getResourceAsStream("avro/event.avsc")) {
            return new Schema.Parser().parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
