package io.s3flow.export.delivery;

import io.s3flow.export.sink.Failure;

/**
 * What a stream's user is told to do about a failure only they can fix: a stream resumes by itself once its
 * connection changes, or on {@code POST /streams/{id}/resume}.
 */
public record StreamHints(String bucket, String keyPrefix) implements Failure.Hints {

    @Override
    public String connectionRefused() {
        return "Fix the connection (PATCH /connections/{id}); the stream resumes by itself when it changes.";
    }

    @Override
    public String destinationChanged() {
        return "Point the connection back at the stream's bucket and folder (it resumes by itself), or create a new stream.";
    }

    @Override
    public String forbiddenAddress() {
        return "Point the connection's serviceUrl at a public S3 endpoint (PATCH /connections/{id}).";
    }

    @Override
    public String s3(String code, String message) {
        if (message.contains("kms:") || code.startsWith("KMS.")) {
            // S3 passes KMS's refusal on: the key, not the bucket, is what needs fixing
            return "S3 could not use the KMS key of serverSideEncryption (or of the bucket's default encryption): the key must exist in "
                    + "the bucket's region and allow kms:GenerateDataKey and kms:Decrypt to s3flow's credentials (IAM policy and key "
                    + "policy); then POST /streams/{id}/resume (or update the connection).";
        }
        return switch (code) {
            case "ExpiredToken", "InvalidToken" ->
                    "The session token expired: PATCH the connection with a new s3SessionToken; delivery resumes by itself.";
            case "InvalidAccessKeyId", "SignatureDoesNotMatch" ->
                    "The access key is not valid: PATCH the connection with working keys; delivery resumes by itself.";
            case "NoSuchBucket" -> "The bucket " + bucket + " does not exist: create it or point the connection at another.";
            default -> "Allow s3:PutObject, s3:AbortMultipartUpload and s3:ListMultipartUploadParts on arn:aws:s3:::"
                    + bucket + "/" + keyPrefix + "*, then POST /streams/{id}/resume (or update the connection).";
        };
    }

}
