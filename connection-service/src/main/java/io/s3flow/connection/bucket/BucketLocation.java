package io.s3flow.connection.bucket;

import java.util.Map;
import java.util.Optional;

/** Where a connection may go: its bucket (absent for an Access Key connection that names none) and folder prefix. */
public record BucketLocation(Optional<String> bucket, String prefix) {

    public static BucketLocation of(Map<String, String> params) {
        return new BucketLocation(Optional.ofNullable(params.get("bucketName")), prefixOf(params.get("folderPath")));
    }

    /** {@code "a/b"}, {@code "/a/b/"} → {@code "a/b/"}; no folder → {@code ""} (the whole bucket). */
    static String prefixOf(String folderPath) {
        if (folderPath == null) {
            return "";
        }
        String trimmed = folderPath.replaceAll("^/+", "").replaceAll("/+$", "");
        return trimmed.isEmpty() ? "" : trimmed + "/";
    }

    /** The IAM resource a permission on objects in this location is granted on, for hints. */
    public String objectArn(String bucketName) {
        return "arn:aws:s3:::" + bucketName + "/" + prefix + "*";
    }
}
