package io.s3flow.credential.sts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.s3flow.common.testing.SessionPolicyCheck;
import io.s3flow.credential.grant.Scope;
import java.util.Map;
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
        String policy = SessionPolicy.of(new Scope("customer-bucket", "currents/", "read", null, null));
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
        JsonNode objects = statement(SessionPolicy.of(new Scope("customer-bucket", "exports/", "write", null, null)), "Objects");
        for (String action : new String[] {"s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"}) {
            assertTrue(objects.get("Action").toString().contains(action), action);
        }
    }

    @Test
    void noFolderMeansTheWholeBucketAndNoBucketMeansListingBuckets() throws Exception {
        String whole = SessionPolicy.of(new Scope("customer-bucket", "", "read", null, null));
        assertEquals("arn:aws:s3:::customer-bucket/*", statement(whole, "Objects").get("Resource").asText());
        assertFalse(statement(whole, "ListFolder").has("Condition"));
        assertEquals("[\"s3:ListAllMyBuckets\"]", statement(SessionPolicy.of(new Scope(null, null, "read", null, null)), "ListBuckets")
                .get("Action").toString());
    }

    private static final String KEY_ARN = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    private static final Map<String, String> VIA_S3_EU_WEST_1 = Map.of("kms:ViaService", "s3.eu-west-1.amazonaws.com");

    @Test
    void writesMayMakeAndDecryptDataKeysOfTheNamedKeyThroughS3InTheBucketsRegionOnly() throws Exception {
        String policy = SessionPolicy.of(new Scope("customer-bucket", "exports/", "write", "eu-west-1", KEY_ARN));
        assertTrue(SessionPolicyCheck.allows(policy, "kms:GenerateDataKey", KEY_ARN, VIA_S3_EU_WEST_1));
        assertTrue(SessionPolicyCheck.allows(policy, "kms:Decrypt", KEY_ARN, VIA_S3_EU_WEST_1));
        assertFalse(SessionPolicyCheck.allows(policy, "kms:GenerateDataKey", KEY_ARN.replace("1234abcd", "9999abcd"), VIA_S3_EU_WEST_1),
                "another key");
        assertFalse(SessionPolicyCheck.allows(policy, "kms:GenerateDataKey", KEY_ARN, Map.of()), "KMS called directly, not by S3");
        assertFalse(SessionPolicyCheck.allows(policy, "kms:GenerateDataKey", KEY_ARN,
                Map.of("kms:ViaService", "s3.us-east-1.amazonaws.com")), "through S3 in another region");
        assertFalse(SessionPolicyCheck.allows(policy, "kms:Encrypt", KEY_ARN, VIA_S3_EU_WEST_1));
    }

    @Test
    void withoutANamedKeyAnyKeyS3UsesIsAllowedThroughS3AndReadsOnlyDecrypt() throws Exception {
        String write = SessionPolicy.of(new Scope("customer-bucket", "", "write", "ap-southeast-2", null));
        String anyKey = "arn:aws:kms:ap-southeast-2:111122223333:key/bucket-default";
        Map<String, String> via = Map.of("kms:ViaService", "s3.ap-southeast-2.amazonaws.com");
        assertTrue(SessionPolicyCheck.allows(write, "kms:GenerateDataKey", anyKey, via));
        String read = SessionPolicy.of(new Scope("customer-bucket", "", "read", "ap-southeast-2", null));
        assertTrue(SessionPolicyCheck.allows(read, "kms:Decrypt", anyKey, via));
        assertFalse(SessionPolicyCheck.allows(read, "kms:GenerateDataKey", anyKey, via));
        String unknownRegion = SessionPolicy.of(new Scope("customer-bucket", "", "write", null, null));
        assertTrue(SessionPolicyCheck.allows(unknownRegion, "kms:GenerateDataKey", anyKey, via), "any region's S3 until it is known");
        assertFalse(SessionPolicyCheck.allows(unknownRegion, "kms:GenerateDataKey", anyKey, Map.of("kms:ViaService", "kms.eu-west-1.amazonaws.com")));
    }

    @Test
    void aKeyIdOrAliasIsNarrowedAsFarAsIamAllows() throws Exception {
        JsonNode byId = statement(SessionPolicy.of(new Scope("b", "", "write", "eu-west-1", "1234abcd-12ab-34cd-56ef-1234567890ab")), "KmsThroughS3");
        assertEquals("arn:aws:kms:eu-west-1:*:key/1234abcd-12ab-34cd-56ef-1234567890ab", byId.get("Resource").asText());
        JsonNode byAlias = statement(SessionPolicy.of(new Scope("b", "", "write", "eu-west-1", "alias/s3flow-exports")), "KmsThroughS3");
        assertEquals("*", byAlias.get("Resource").asText());
        assertEquals("alias/s3flow-exports", byAlias.at("/Condition/ForAnyValue:StringEquals/kms:ResourceAliases").asText());
    }

    @Test
    void writeScopesMayReadTheBucketsEncryptionAndObjectLockSettings() throws Exception {
        JsonNode bucket = statement(SessionPolicy.of(new Scope("b", "", "write", "eu-west-1", null)), "Bucket");
        assertTrue(bucket.get("Action").toString().contains("s3:GetEncryptionConfiguration"));
        assertTrue(bucket.get("Action").toString().contains("s3:GetBucketObjectLockConfiguration"));
    }
}
