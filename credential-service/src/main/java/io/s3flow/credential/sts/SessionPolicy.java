package io.s3flow.credential.sts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.s3flow.credential.resolve.Scope;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The session policy s3flow passes to AssumeRole: whatever the customer's role allows, the credentials s3flow gets
 * can touch only the connection's bucket and folder, and can write only when the scope says so.
 */
public final class SessionPolicy {

    static final List<String> READ_OBJECT = List.of("s3:GetObject");
    static final List<String> WRITE_OBJECT = List.of("s3:GetObject", "s3:PutObject", "s3:DeleteObject",
            "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts");
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
        statements.add(statement("Bucket", scope.writes() ? List.of("s3:GetBucketLocation", "s3:ListBucketMultipartUploads")
                : List.of("s3:GetBucketLocation"), bucketArn, null));
        statements.add(statement("Objects", scope.writes() ? WRITE_OBJECT : READ_OBJECT, bucketArn + "/" + prefix + "*", null));
        return json(statements);
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
