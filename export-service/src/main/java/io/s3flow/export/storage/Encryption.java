package io.s3flow.export.storage;

import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/** Server-side encryption of the objects s3flow writes: none, SSE-S3 ({@code AES256}) or SSE-KMS with a key. */
public record Encryption(ServerSideEncryption algorithm, String kmsKeyId) {

    public static final Encryption NONE = new Encryption(null, null);

    public static Encryption of(String algorithm, String kmsKeyId) {
        if (algorithm == null) {
            return NONE;
        }
        return new Encryption(ServerSideEncryption.fromValue(algorithm), kmsKeyId);
    }

    PutObjectRequest.Builder applyTo(PutObjectRequest.Builder put) {
        return algorithm == null ? put : put.serverSideEncryption(algorithm).ssekmsKeyId(kmsKeyId);
    }

    CreateMultipartUploadRequest.Builder applyTo(CreateMultipartUploadRequest.Builder create) {
        return algorithm == null ? create : create.serverSideEncryption(algorithm).ssekmsKeyId(kmsKeyId);
    }
}
