package io.s3flow.connection.bucket;

import io.s3flow.common.aws.RegionFollowingS3Client;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Finding out the region of a bucket, once, for a connection that names none. */
public final class BucketRegions {

    private BucketRegions() {
    }

    /**
     * HeadBucket, which S3 answers with {@code x-amz-bucket-region} whether it allows it or not (a redirect on the way is
     * followed by the client); GetBucketLocation when that says nothing. Empty when S3 tells neither (no such bucket,
     * the endpoint unreachable): the calls that follow will say what is wrong.
     */
    public static Optional<String> discover(RegionFollowingS3Client s3, String bucket) {
        try {
            String region = s3.headBucket(b -> b.bucket(bucket)).bucketRegion();
            return Optional.of(region != null ? region : s3.region());
        } catch (S3Exception e) {
            Optional<String> named = RegionFollowingS3Client.regionIn(e);
            if (named.isPresent()) {
                return named;
            }
        } catch (SdkClientException e) {
            return Optional.empty();
        }
        try {
            return Optional.of(RegionFollowingS3Client.locationToRegion(
                    s3.getBucketLocation(b -> b.bucket(bucket)).locationConstraintAsString()));
        } catch (S3Exception | SdkClientException e) {
            return Optional.empty();
        }
    }
}
