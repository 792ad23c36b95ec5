package io.s3flow.export.storage;

import io.s3flow.common.aws.Encryption;
import io.s3flow.common.aws.RegionFollowingS3Client;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** The storage port: objects in one bucket, written with one set of credentials and one encryption setting. */
public final class BucketStorage implements AutoCloseable {

    private final S3Client s3;
    private final String bucket;
    private final Encryption encryption;
    private final S3Upload.Parts parts;

    BucketStorage(S3Client s3, String bucket, Encryption encryption, S3Upload.Parts parts) {
        this.s3 = s3;
        this.bucket = bucket;
        this.encryption = encryption;
        this.parts = parts;
    }

    /**
     * This storage for one more batch of a storage kept across batches: the batch's first request goes alone among its
     * own, so a bucket that moved redirects it once, and batches of other streams do not wait for it. Closing it leaves
     * the kept storage's client open.
     */
    public BucketStorage forBatch() {
        return s3 instanceof RegionFollowingS3Client following
                ? new BucketStorage(following.forBatch(), bucket, encryption, parts) : this;
    }

    public String bucket() {
        return bucket;
    }

    /** A new object at {@code key}; the caller completes it or closes it (which aborts). */
    public S3Upload open(String key) {
        return open(key, () -> { });
    }

    /**
     * As {@link #open(String)}, running {@code beforeVisible} just before the object would become visible (after its
     * last part landed): it refuses by throwing, and the upload is then closed (aborted) as any failed one.
     */
    public S3Upload open(String key, Runnable beforeVisible) {
        return new S3Upload(s3, bucket, key, encryption, parts, null, Map.of(), beforeVisible);
    }

    /** As {@link #open(String)}, keeping the object's {@code checksum} as it is written, and with user metadata. */
    public S3Upload openWithChecksum(String key, ObjectChecksum checksum, Map<String, String> metadata) {
        return new S3Upload(s3, bucket, key, encryption, parts, checksum, metadata, () -> { });
    }

    /** A small object in one PUT (a manifest), with its CRC32 as every upload. */
    public StoredObject put(String key, byte[] content, String contentType, Map<String, String> metadata) {
        String etag = s3.putObject(encryption.applyTo(PutObjectRequest.builder().bucket(bucket).key(key).contentType(contentType)
                .metadata(metadata).checksumAlgorithm(ChecksumAlgorithm.CRC32)).build(),
                RequestBody.fromBytes(content)).eTag();
        return new StoredObject(key, content.length, etag);
    }

    /** The object's user metadata, or empty if there is no such object (or this access may not see it). */
    public Optional<Map<String, String>> metadata(String key) {
        try {
            return Optional.of(s3.headObject(b -> b.bucket(bucket).key(key)).metadata());
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404 || e.statusCode() == 403) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * Removes objects (a failed or cancelled run's files), each on its own so one failure does not keep the others;
     * returns the keys that could not be removed.
     */
    public List<String> delete(Collection<String> keys) {
        List<String> left = new ArrayList<>();
        for (String key : keys) {
            try {
                s3.deleteObject(b -> b.bucket(bucket).key(key));
            } catch (RuntimeException e) {
                left.add(key);
            }
        }
        return left;
    }

    @Override
    public void close() {
        s3.close();
    }
}
