package io.s3flow.export.format;

import io.s3flow.export.storage.S3Upload;
import io.s3flow.export.storage.StoredObject;
import java.io.IOException;
import java.io.OutputStream;

/**
 * A text format written into an upload, optionally through gzip (deflated on every core, see
 * {@link ParallelGzipOutputStream}): committing flushes the format, finishes the gzip stream and completes the upload;
 * closing aborts an upload not completed and frees the compressors' native memory at once rather than at some later
 * garbage collection.
 */
abstract class UploadRecordWriter implements RecordWriter {

    private final S3Upload upload;
    private final ParallelGzipOutputStream gzip;
    /** What the format writes to: the gzip stream or the upload itself. */
    protected final OutputStream out;

    UploadRecordWriter(S3Upload upload, boolean compress) throws IOException {
        this.upload = upload;
        this.gzip = compress ? new ParallelGzipOutputStream(upload) : null;
        this.out = compress ? gzip : upload;
    }

    /** Writes out whatever the format still buffers. */
    protected abstract void flushFormat() throws IOException;

    @Override
    public final StoredObject commit() throws IOException {
        flushFormat();
        if (gzip != null) {
            gzip.finish();
        }
        return upload.complete();
    }

    @Override
    public final void close() {
        upload.close();
        if (gzip != null) {
            gzip.release();
        }
    }
}
