package io.s3flow.credential.sts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.s3flow.credential.grant.Scope;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The session policy s3flow passes to AssumeRole: whatever the customer's role allows, the credentials s3flow gets
 * can touch only the connection's bucket and folder, can write only when the scope says so, and can use KMS only
 * through S3 (for SSE-KMS objects: {@code kms:Decrypt} to read, {@code kms:GenerateDataKey} too to write), on the
 * scope's key when it names one.
 */
public final class SessionPolicy {

    static final List<String> READ_OBJECT = List.of("s3:GetObject");
    static final List<String> WRITE_OBJECT = List.of("s3:GetObject", "s3:PutObject", "s3:DeleteObject",
            "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts");
    /** What the stream and export tests read of the bucket besides its location: default encryption, Object Lock. */
    static final List<String> WRITE_BUCKET = List.of("s3:GetBucketLocation", "s3:ListBucketMultipartUploads",
            "s3:GetEncryptionConfiguration", "s3:GetBucketObjectLockConfiguration");
    static final List<String> READ_KMS = List.of("kms:Decrypt");
    /** Writing with SSE-KMS makes a data key; a multipart upload also decrypts it for every part. */
    static final List<String> WRITE_KMS = List.of("kms:GenerateDataKey", "kms:Decrypt");
    private static final ObjectMapper JSON = new ObjectMapper();

    private SessionPolicy() {
    }

    public static String of(Scope scope) {
        if (scope.bucket() == null) {
            // an Access Key connection without a bucket may list buckets, nothing more
            return json(List.of(statement("ListBuckets", List.of("s3:ListAllMyBuckets"), "arn:aws:s3:::*", null)));
        }
        String bucketArn = "arn:aws:s3:::" + scope.bucket();
        String prefix = scope.prefixOrEmpty();
        List<Map<String, Object>> statements = new ArrayList<>();
        statements.add(statement("ListFolder", List.of("s3:ListBucket"), bucketArn,
                prefix.isEmpty() ? null : Map.of("StringLike", Map.of("s3:prefix", List.of(prefix + "*")))));
        statements.add(statement("Bucket", scope.writes() ? WRITE_BUCKET : List.of("s3:GetBucketLocation"), bucketArn, null));
        statements.add(statement("Objects", scope.writes() ? WRITE_OBJECT : READ_OBJECT, bucketArn + "/" + prefix + "*", null));
        statements.add(kms(scope));
        return json(statements);
    }

    /**
     * KMS through S3 only ({@code kms:ViaService}), in the bucket's region when it is known: on the named key, or on
     * whichever key S3 uses (the bucket's default) when none is named. An alias is matched by {@code kms:ResourceAliases}.
     */
    static Map<String, Object> kms(Scope scope) {
        Map<String, Object> condition = new LinkedHashMap<>();
        condition.put(scope.region() == null ? "StringLike" : "StringEquals",
                Map.of("kms:ViaService", "s3." + (scope.region() == null ? "*" : scope.region()) + ".amazonaws.com"));
        String key = scope.kmsKeyId();
        String resource = "*";
        if (key != null && key.startsWith("arn:") && key.contains(":key/")) {
            resource = key;
        } else if (key != null && (key.startsWith("alias/") || key.contains(":alias/"))) {
            condition.put("ForAnyValue:StringEquals", Map.of("kms:ResourceAliases", key.substring(key.indexOf("alias/"))));
        } else if (key != null) {
            resource = "arn:aws:kms:" + (scope.region() == null ? "*" : scope.region()) + ":*:key/" + key;
        }
        return statement("KmsThroughS3", scope.writes() ? WRITE_KMS : READ_KMS, resource, condition);
    }

    private static Map<String, Object> statement(String sid, List<String> actions, String resource, Map<String, Object> condition) {
        Map<String, Object> statement = new LinkedHashMap<>();
        statement.put("Sid", sid);
        statement.put("Effect", "Allow");
        statement.put("Action", actions);
        statement.put("Resource", resource);
        if (condition != null) {
            statement.put("Condition", condition);
        }
        return statement;
    }

    private static String json(List<Map<String, Object>> statements) {
        try {
            return JSON.writeValueAsString(Map.of("Version", "2012-10-17", "Statement", statements));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
