package io.s3flow.export.run;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.s3flow.export.format.ExportFormat;
import io.s3flow.export.format.RecordWriter;
import io.s3flow.export.event.StoredEvent;
import io.s3flow.export.keys.ExportKeys;
import io.s3flow.export.keys.NameTemplate;
import io.s3flow.export.select.Selection;
import io.s3flow.export.storage.BucketStorage;
import io.s3flow.export.storage.ObjectChecksum;
import io.s3flow.export.storage.S3Upload;
import io.s3flow.export.storage.StoredObject;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The files of one run: one open at a time, a new one after {@code maxRowsPerFile} rows (numbered {@code _part-00001}
 * on when the run is split). Each completed file is remembered with its rows and checksum for the manifest. Written
 * by the run's thread; its progress is read by the heartbeat's.
 */
final class RunFiles implements AutoCloseable {

    /** User metadata on every object a run writes: which run wrote it. */
    static final String RUN_METADATA = "s3flow-run";

    /** A completed file, as the run's status and manifest list it; {@code completedAt}: when it became visible. */
    @RegisterForReflection // stored as JSON with the run (a native image needs it registered)
    record File(String key, long records, long bytes, String etag,
            @Schema(description = "Of the object's bytes: sha256:<hex> when the export writes a manifest, crc32:<8 hex digits> without one")
            String checksum, Instant completedAt) {
    }

    /** The run's lease, asked before each file: either throws when the run must not write any more. */
    interface Lease {
        /** Before a file is opened: records that the run writes {@code key}. */
        void starting(String key) throws IOException;

        /** Before a file becomes visible. */
        void confirm() throws IOException;
    }

    /** The key already holds another run's file, and this export must not overwrite it. */
    static final class KeyTaken extends IOException {
        KeyTaken(String key, String owner) {
            super("s3://…/" + key + " already holds " + (owner == null ? "an object s3flow did not write" : "the file of run " + owner)
                    + "; an incremental export never overwrites one (its events would be lost): put %RUN_ID% in the "
                    + "fileName, or a %DATETIME% as fine as the schedule");
        }
    }

    private final BucketStorage bucket;
    private final ExportFormat format;
    private final Selection selection;
    private final ExportKeys keys;
    private final NameTemplate.Values values;
    private final long maxRows;
    private final boolean split;
    private final boolean keepOthers;
    private final Lease lease;
    private final ObjectChecksum checksum;
    private final List<File> completed = new CopyOnWriteArrayList<>();
    private volatile S3Upload upload;
    private RecordWriter writer;
    private long rowsInFile;
    private volatile long rows;

    /**
     * {@code split}: the run has more rows than one file takes, so every file gets a part number. {@code keepOthers}:
     * a key holding another run's file is an error, not overwritten. {@code lease} is asked before each file is opened
     * and before it is completed. {@code checksum}: what each file's checksum is (SHA-256 where a manifest promises it).
     */
    RunFiles(BucketStorage bucket, ExportFormat format, Selection selection, ExportKeys keys, NameTemplate.Values values,
            Integer maxRowsPerFile, boolean split, boolean keepOthers, Lease lease, ObjectChecksum checksum) {
        this.bucket = bucket;
        this.format = format;
        this.selection = selection;
        this.keys = keys;
        this.values = values;
        this.maxRows = maxRowsPerFile == null ? Long.MAX_VALUE : maxRowsPerFile;
        this.split = split;
        this.keepOthers = keepOthers;
        this.lease = lease;
        this.checksum = checksum;
    }

    void write(StoredEvent event) throws IOException {
        if (writer != null && rowsInFile >= maxRows) {
            completeCurrent();
        }
        if (writer == null) {
            String key = keys.fileKey(values, split ? completed.size() + 1 : 0);
            if (keepOthers) {
                requireFree(key);
            }
            lease.starting(key);
            upload = bucket.openWithChecksum(key, checksum, Map.of(RUN_METADATA, values.runId()));
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

    /** Bytes that reached the bucket so far. */
    long bytesUploaded() {
        S3Upload open = upload;
        return completed.stream().mapToLong(File::bytes).sum() + (open == null ? 0 : open.bytesUploaded());
    }

    List<File> completed() {
        return List.copyOf(completed);
    }

    private void requireFree(String key) throws KeyTaken {
        var existing = bucket.metadata(key);
        if (existing.isPresent() && !values.runId().equals(existing.get().get(RUN_METADATA))) {
            throw new KeyTaken(key, existing.get().get(RUN_METADATA));
        }
    }

    private void completeCurrent() throws IOException {
        lease.confirm();
        StoredObject stored = writer.commit();
        String kept = upload.checksum();
        writer.close();
        writer = null;
        upload = null; // before the file counts as completed: progress never counts its bytes twice
        completed.add(new File(stored.key(), rowsInFile, stored.bytes(), stored.etag(), kept, Instant.now()));
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
