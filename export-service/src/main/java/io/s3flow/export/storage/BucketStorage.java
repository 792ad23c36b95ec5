package io.s3flow.export.storage;

import software.amazon.awssdk.services.s3.S3Client;

/** The storage port: objects in one bucket, written with one set of credentials and one encryption setting. */
public final class BucketStorage implements AutoCloseable {

    private final S3Client s3;
    private final String bucket;
    private final Encryption encryption;
    private final int partSize;

    BucketStorage(S3Client s3, String bucket, Encryption encryption, int partSize) {
        this.s3 = s3;
        this.bucket = bucket;
        this.encryption = encryption;
        this.partSize = partSize;
    }

    public String bucket() {
        return bucket;
    }

    /** A new object at {@code key}; the caller completes it or closes it (which aborts). */
    public S3Upload open(String key) {
        return new S3Upload(s3, bucket, key, encryption, partSize);
    }

    @Override
    public void close() {
        s3.close();
    }
}
