package io.s3flow.export.format;

import io.s3flow.export.event.StoredEvent;
import io.s3flow.export.storage.StoredObject;
import java.io.IOException;

/** Writes one file's events; {@link #commit()} makes it an object in the bucket, {@link #close()} before that aborts it. */
public interface RecordWriter extends AutoCloseable {

    void write(StoredEvent event) throws IOException;

    StoredObject commit() throws IOException;

    @Override
    void close();
}
