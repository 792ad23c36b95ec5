package io.s3flow.credential.sts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.s3flow.credential.resolve.Scope;
import org.junit.jupiter.api.Test;

class SessionPolicyTest {

    private static JsonNode statement(String policy, String sid) throws Exception {
        for (JsonNode s : new ObjectMapper().readTree(policy).get("Statement")) {
            if (s.get("Sid").asText().equals(sid)) {
                return s;
            }
        }
        throw new AssertionError("no statement " + sid + " in " + policy);
    }

    @Test
    void readScopeAllowsOnlyReadingInsideTheFolder() throws Exception {
        String policy = SessionPolicy.of(new Scope("customer-bucket", "currents/", "read"));
        JsonNode objects = statement(policy, "Objects");
        assertEquals("arn:aws:s3:::customer-bucket/currents/*", objects.get("Resource").asText());
        assertEquals("[\"s3:GetObject\"]", objects.get("Action").toString());
        JsonNode list = statement(policy, "ListFolder");
        assertEquals("arn:aws:s3:::customer-bucket", list.get("Resource").asText());
        assertEquals("currents/*", list.at("/Condition/StringLike/s3:prefix/0").asText());
        assertFalse(policy.contains("s3:PutObject"));
    }

    @Test
    void writeScopeAddsWritesAndMultipart() throws Exception {
        JsonNode objects = statement(SessionPolicy.of(new Scope("customer-bucket", "exports/", "write")), "Objects");
        for (String action : new String[] {"s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"}) {
            assertTrue(objects.get("Action").toString().contains(action), action);
        }
    }

    @Test
    void noFolderMeansTheWholeBucketAndNoBucketMeansListingBuckets() throws Exception {
        String whole = SessionPolicy.of(new Scope("customer-bucket", "", "read"));
        assertEquals("arn:aws:s3:::customer-bucket/*", statement(whole, "Objects").get("Resource").asText());
        assertFalse(statement(whole, "ListFolder").has("Condition"));
        assertEquals("[\"s3:ListAllMyBuckets\"]", statement(SessionPolicy.of(new Scope(null, null, "read")), "ListBuckets")
                .get("Action").toString());
    }
}
