package io.s3flow.export.format;

import io.s3flow.export.storage.S3Upload;
import io.s3flow.export.storage.StoredObject;
import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * A text format written into an upload, optionally through gzip: committing flushes the format, finishes the gzip
 * stream and completes the upload; closing aborts an upload not completed and frees the compressor's native memory
 * at once rather than at some later garbage collection.
 */
abstract class UploadRecordWriter implements RecordWriter {

    /**
     * gzip at its fastest level (at the default level 6, compressing was the bottleneck of a gzip export: see
     * bench/RESULTS.md), whose native deflater can be released without writing anything more.
     */
    private static final class Gzip extends GZIPOutputStream {
        Gzip(OutputStream out) throws IOException {
            super(out, 64 * 1024);
            def.setLevel(Deflater.BEST_SPEED);
        }

        void release() {
            def.end();
        }
    }

    private final S3Upload upload;
    private final Gzip gzip;
    /** What the format writes to: the gzip stream or the upload itself. */
    protected final OutputStream out;

    UploadRecordWriter(S3Upload upload, boolean compress) throws IOException {
        this.upload = upload;
        this.gzip = compress ? new Gzip(upload) : null;
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
