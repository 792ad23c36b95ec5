package io.s3flow.common.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * Server-side encryption of the objects s3flow writes: none (the bucket's default encryption applies), SSE-S3
 * ({@code AES256}) or SSE-KMS with a key. The API's shape is the same for streams, exports and the connection test
 * that checks a bucket for them.
 */
public record Encryption(ServerSideEncryption algorithm, String kmsKeyId) {

    /** How the API writes the setting (in requests and as GET shows it). */
    public static final String API_FORM = "null (the bucket's default), \"AES256\" (SSE-S3) or {\"kms\": \"<key id>\"} (SSE-KMS)";

    public static final Encryption NONE = new Encryption(null, null);
    /** A KMS key as S3 takes it: key id (or multi-Region {@code mrk-…}), key ARN, {@code alias/name} or alias ARN; never a wildcard. */
    public static final String KMS_KEY_ID = "(arn:aws[a-z-]*:kms:[a-z0-9-]+:\\d{12}:(key/[A-Za-z0-9-]+|alias/[A-Za-z0-9/_-]+))"
            + "|(alias/[A-Za-z0-9/_-]+)|([A-Za-z0-9-]{1,128})";
    private static final Pattern KMS_KEY = Pattern.compile(KMS_KEY_ID);

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
            String key = sse.path("kms").asText();
            if (key.length() > 2048 || !KMS_KEY.matcher(key).matches()) {
                throw new IllegalArgumentException("kms must be a KMS key id, key ARN, alias/<name> or alias ARN");
            }
            return of("aws:kms", key);
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

    public PutObjectRequest.Builder applyTo(PutObjectRequest.Builder put) {
        return algorithm == null ? put : put.serverSideEncryption(algorithm).ssekmsKeyId(kmsKeyId);
    }

    public CreateMultipartUploadRequest.Builder applyTo(CreateMultipartUploadRequest.Builder create) {
        return algorithm == null ? create : create.serverSideEncryption(algorithm).ssekmsKeyId(kmsKeyId);
    }
}
