package io.s3flow.export.storage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/** Server-side encryption of the objects s3flow writes: none, SSE-S3 ({@code AES256}) or SSE-KMS with a key. */
public record Encryption(ServerSideEncryption algorithm, String kmsKeyId) {

    /** How the API writes the setting (in requests and as GET shows it). */
    public static final String API_FORM = "null (the bucket's default), \"AES256\" (SSE-S3) or {\"kms\": \"<key id>\"} (SSE-KMS)";

    public static final Encryption NONE = new Encryption(null, null);

    public static Encryption of(String algorithm, String kmsKeyId) {
        if (algorithm == null) {
            return NONE;
        }
        return new Encryption(ServerSideEncryption.fromValue(algorithm), kmsKeyId);
    }

    /** The API's shape: {@code null}, {@code "AES256"} or {@code {"kms": "<key id>"}}. */
    public static Encryption fromRequest(JsonNode sse) {
        if (sse == null || sse.isNull()) {
            return NONE;
        }
        if (sse.isTextual() && "AES256".equals(sse.asText())) {
            return of("AES256", null);
        }
        if (sse.isObject() && sse.size() == 1 && sse.path("kms").isTextual() && !sse.path("kms").asText().isBlank()) {
            return of("aws:kms", sse.path("kms").asText());
        }
        throw new IllegalArgumentException("must be null, \"AES256\" or {\"kms\": \"<key id>\"}");
    }

    /** The inverse of {@link #fromRequest(JsonNode)}. */
    public JsonNode toRequest() {
        JsonNodeFactory json = JsonNodeFactory.instance;
        if (algorithm == null) {
            return json.nullNode();
        }
        return algorithm == ServerSideEncryption.AES256 ? json.textNode("AES256") : json.objectNode().put("kms", kmsKeyId);
    }

    PutObjectRequest.Builder applyTo(PutObjectRequest.Builder put) {
        return algorithm == null ? put : put.serverSideEncryption(algorithm).ssekmsKeyId(kmsKeyId);
    }

    CreateMultipartUploadRequest.Builder applyTo(CreateMultipartUploadRequest.Builder create) {
        return algorithm == null ? create : create.serverSideEncryption(algorithm).ssekmsKeyId(kmsKeyId);
    }
}
