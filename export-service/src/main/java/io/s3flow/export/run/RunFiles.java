package io.s3flow.export.run;

import io.s3flow.export.format.ExportFormat;
import io.s3flow.export.format.RecordWriter;
import io.s3flow.export.format.StoredEvent;
import io.s3flow.export.keys.ExportKeys;
import io.s3flow.export.keys.NameTemplate;
import io.s3flow.export.select.Selection;
import io.s3flow.export.storage.BucketStorage;
import io.s3flow.export.storage.S3Upload;
import io.s3flow.export.storage.StoredObject;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The files of one run: one open at a time, a new one after {@code maxRowsPerFile} rows (numbered {@code _part-00001}
 * on when the run is split). Each completed file is remembered with its rows and checksum for the manifest.
 */
final class RunFiles implements AutoCloseable {

    /** A completed file, as the run's status and manifest list it. */
    record File(String key, long records, long bytes, String etag, String checksum) {
    }

    private final BucketStorage bucket;
    private final ExportFormat format;
    private final Selection selection;
    private final ExportKeys keys;
    private final NameTemplate.Values values;
    private final long maxRows;
    private final boolean split;
    private final List<File> completed = new ArrayList<>();
    private S3Upload upload;
    private RecordWriter writer;
    private long rowsInFile;
    private long rows;

    /** {@code split}: the run has more rows than one file takes, so every file gets a part number. */
    RunFiles(BucketStorage bucket, ExportFormat format, Selection selection, ExportKeys keys, NameTemplate.Values values,
            Integer maxRowsPerFile, boolean split) {
        this.bucket = bucket;
        this.format = format;
        this.selection = selection;
        this.keys = keys;
        this.values = values;
        this.maxRows = maxRowsPerFile == null ? Long.MAX_VALUE : maxRowsPerFile;
        this.split = split;
    }

    void write(StoredEvent event) throws IOException {
        if (writer != null && rowsInFile >= maxRows) {
            completeCurrent();
        }
        if (writer == null) {
            upload = bucket.openWithChecksum(keys.fileKey(values, split ? completed.size() + 1 : 0));
            writer = format.open(upload, selection);
            rowsInFile = 0;
        }
        writer.write(event);
        rowsInFile++;
        rows++;
    }

    /** Completes the open file, if any. */
    List<File> finish() throws IOException {
        if (writer != null) {
            completeCurrent();
        }
        return List.copyOf(completed);
    }

    long rows() {
        return rows;
    }

    /** Bytes that reached the bucket or its open upload so far. */
    long bytes() {
        return completed.stream().mapToLong(File::bytes).sum() + (upload == null ? 0 : upload.bytesWritten());
    }

    List<File> completed() {
        return List.copyOf(completed);
    }

    private void completeCurrent() throws IOException {
        StoredObject stored = writer.commit();
        completed.add(new File(stored.key(), rowsInFile, stored.bytes(), stored.etag(), upload.checksum()));
        writer.close();
        writer = null;
        upload = null;
    }

    /** Aborts the open file's multipart upload, if any: nothing half-written stays behind. */
    @Override
    public void close() {
        if (writer != null) {
            writer.close();
            writer = null;
            upload = null;
        }
    }
}
