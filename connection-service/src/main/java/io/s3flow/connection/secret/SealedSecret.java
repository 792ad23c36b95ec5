package io.s3flow.connection.secret;

/** Secret params as stored: encrypted with a per-row data key, which is itself wrapped by master key {@code keyId}. */
public record SealedSecret(byte[] ciphertext, byte[] nonce, byte[] wrappedDataKey, String keyId) {
}
