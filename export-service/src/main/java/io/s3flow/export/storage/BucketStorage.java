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
        return new S3Upload(s3, bucket, key, encryption, partSize, false);
    }

    /** As {@link #open(String)}, also computing the object's SHA-256 as it is written. */
    public S3Upload openWithChecksum(String key) {
        return new S3Upload(s3, bucket, key, encryption, partSize, true);
    }

    /** Removes objects this run completed but must not leave behind (a failed or cancelled run's files). */
    public void delete(java.util.Collection<String> keys) {
        for (String key : keys) {
            s3.deleteObject(b -> b.bucket(bucket).key(key));
        }
    }

    /** A small object in one PUT (a manifest). */
    public StoredObject put(String key, byte[] content, String contentType) {
        String etag = s3.putObject(encryption.applyTo(software.amazon.awssdk.services.s3.model.PutObjectRequest.builder()
                .bucket(bucket).key(key).contentType(contentType)).build(),
                software.amazon.awssdk.core.sync.RequestBody.fromBytes(content)).eTag();
        return new StoredObject(key, content.length, etag);
    }

    @Override
    public void close() {
        s3.close();
    }
}
