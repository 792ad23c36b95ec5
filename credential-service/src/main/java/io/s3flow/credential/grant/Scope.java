package io.s3flow.credential.grant;

import io.s3flow.common.aws.Encryption;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * The part of a bucket credentials are for; {@code bucket} is absent for a connection that names none. {@code region}
 * is the bucket's, when known (STS is called there, and KMS is allowed only through S3 there); {@code kmsKeyId} is the
 * key the writes will be encrypted with, when the stream or export names one (a key id, key ARN, alias or alias ARN).
 */
public record Scope(String bucket, String prefix, @Pattern(regexp = "read|write", message = "must be read or write") String access,
        @Size(max = 32) @Pattern(regexp = "[a-z0-9]+(-[a-z0-9]+)*", message = "must be a region name such as eu-west-1") String region,
        @Size(max = 2048) @Pattern(regexp = Encryption.KMS_KEY_ID, message = "must be a KMS key id, key ARN, alias/<name> or alias ARN")
        String kmsKeyId) {

    public boolean writes() {
        return "write".equals(access);
    }

    public String prefixOrEmpty() {
        return prefix == null ? "" : prefix;
    }
}
