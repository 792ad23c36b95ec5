package io.s3flow.export.sink;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Where a stream or a run writes, pinned when it began: a bucket and a key prefix (and, for a run, the connection's
 * name then, which file names may use; null where none is needed). A connection moved to another bucket or folder
 * since would split the output, so the writer stops and the user decides. Stored as JSON with a run's plan: registered
 * for a native image's reflection.
 */
@RegisterForReflection
public record Destination(String bucket, String prefix, String connectionName) {

    /**
     * Throws {@link Changed} unless the connection still points here; {@code writes} says who writes, for the message
     * ("this stream delivers", "this run writes").
     */
    public void requireStill(String bucketNow, String prefixNow, String writes) {
        if (!bucket.equals(bucketNow) || !prefix.equals(prefixNow)) {
            throw new Changed("The connection now points at s3://" + bucketNow + "/" + prefixNow + " but " + writes + " into s3://"
                    + bucket + "/" + prefix + ".");
        }
    }

    /** The connection was moved to another bucket or folder after the stream (or an export's run) began writing. */
    public static final class Changed extends RuntimeException {
        public Changed(String detail) {
            super(detail, null, false, false);
        }
    }
}
