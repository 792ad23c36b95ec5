package io.s3flow.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.s3flow.common.testing.AwsFront;
import io.s3flow.common.testing.ServiceJar;
import java.net.URI;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The stream and export tests write as the stream or export will (its server-side encryption, a checksum), through a
 * front that enforces what AWS does: a bucket policy requiring encryption, KMS key policies and session policies, and
 * (moto itself) Object Lock's checksum rule. What the bucket is set to is reported.
 */
@QuarkusTest
class BucketEncryptionTest {

    private final ConnectionsApi api = ConnectionsApi.freshSandbox();

    private String roleArnConnection(String bucket) {
        return api.create(ConnectionsApi.body("role", "Role ARN", Map.of("roleArn", AwsRegionsTest.CUSTOMER_ROLE, "bucketName", bucket,
                "folderPath", "landing"))).then().statusCode(201).extract().path("id");
    }

    private JsonPath test(String id, String purpose, String options) {
        var request = api.request();
        if (options != null) {
            request = request.contentType(ContentType.JSON).body(options);
        }
        return request.when().post("/connections/" + id + "/test?purpose=" + purpose).then().statusCode(200).extract().jsonPath();
    }

    @Test
    void aBucketPolicyRequiringEncryptionFailsTheTestWithoutItAndPassesWithTheStreamsEncryption() {
        String bucket = AwsRegionsTest.bucketIn("eu-west-1");
        AwsFrontStack.front.requireEncryption(bucket);
        String id = roleArnConnection(bucket);

        JsonPath plain = test(id, "stream", null);
        assertFalse(plain.getBoolean("result"));
        Map<String, Object> put = ConnectionCheckTest.check(plain, "s3:PutObject");
        assertEquals("AccessDenied", put.get("errorCode"));
        assertTrue(put.get("hint").toString().contains("serverSideEncryption"), put.toString());

        assertTrue(test(id, "stream", "{\"serverSideEncryption\": \"AES256\"}").getBoolean("result"));
        AwsFront.KmsKey key = AwsFrontStack.front.createKmsKey("eu-west-1");
        JsonPath export = test(id, "export", "{\"serverSideEncryption\": {\"kms\": \"" + key.arn() + "\"}}");
        assertTrue(export.getBoolean("result"), "multipart uploads with SSE-KMS too, under a session policy allowing the key: "
                + export.prettify());
    }

    @Test
    void aKeyPolicyThatDoesNotAllowS3flowIsReportedAsTheMissingKmsPermission() {
        String bucket = AwsRegionsTest.bucketIn("ap-southeast-2");
        AwsFront.KmsKey key = AwsFrontStack.front.createKmsKey("ap-southeast-2");
        AwsFrontStack.front.keyPolicyDeniesAll(key);
        String id = roleArnConnection(bucket);
        JsonPath report = test(id, "stream", "{\"serverSideEncryption\": {\"kms\": \"" + key.id() + "\"}}");
        assertFalse(report.getBoolean("result"));
        Map<String, Object> kms = ConnectionCheckTest.check(report, "kms:GenerateDataKey");
        assertEquals("AccessDenied", kms.get("errorCode"));
        assertTrue(kms.get("hint").toString().contains(key.arn()) && kms.get("hint").toString().contains("key policy"), kms.toString());

        Map<String, Object> missing = ConnectionCheckTest.check(test(id, "stream", "{\"serverSideEncryption\": {\"kms\": \"" + UUID.randomUUID() + "\"}}"),
                "s3:PutObject");
        assertEquals("KMS.NotFoundException", missing.get("errorCode"));
        assertTrue(missing.get("hint").toString().contains("bucket's region"), missing.toString());
    }

    @Test
    void theBucketsDefaultEncryptionAndObjectLockAreReportedAndChecksumsLetTheProbeIn() {
        String bucket = "locked-" + UUID.randomUUID().toString().substring(0, 8);
        AwsFrontStack.front.createBucket(bucket, "eu-west-1", true);
        AwsFront.KmsKey key = AwsFrontStack.front.createKmsKey("eu-west-1");
        AwsFrontStack.front.encryptByDefault(bucket, key);
        String id = roleArnConnection(bucket);

        JsonPath report = test(id, "export", null);
        assertTrue(report.getBoolean("result"), report.prettify());
        assertEquals("aws:kms", report.getString("bucket.defaultEncryption.sseAlgorithm"));
        assertEquals(key.arn(), report.getString("bucket.defaultEncryption.kmsKeyId"));
        assertEquals(true, report.getBoolean("bucket.objectLock.enabled"));
        assertEquals("GOVERNANCE", report.getString("bucket.objectLock.mode"));
        assertEquals(1, report.getInt("bucket.objectLock.days"));
        assertTrue(report.getString("warnings[0]").contains("Object Lock"), report.prettify());

        // what the probe's checksum is for: the same bucket refuses an upload without one
        try (S3Client withoutChecksum = S3Client.builder().httpClient(UrlConnectionHttpClient.create()).region(Region.EU_WEST_1)
                .endpointOverride(URI.create(ServiceJar.MOTO_URL)).forcePathStyle(true)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"))).build()) {
            S3Exception refused = assertThrows(S3Exception.class,
                    () -> withoutChecksum.putObject(b -> b.bucket(bucket).key("landing/plain"), RequestBody.fromString("x")));
            assertEquals(400, refused.statusCode());
        }
    }

    @Test
    void theStreamTestsOptionsAreValidated() {
        String id = roleArnConnection(AwsRegionsTest.bucketIn("eu-west-1"));
        api.request().contentType(ContentType.JSON).body("{\"serverSideEncryption\": {\"kms\": \"*\"}}")
                .when().post("/connections/" + id + "/test?purpose=stream").then().statusCode(400);
        api.request().contentType(ContentType.JSON).body("{\"serverSideEncryption\": \"aws:kms\"}")
                .when().post("/connections/" + id + "/test?purpose=stream").then().statusCode(400);
        api.request().contentType(ContentType.JSON).body("{\"encryption\": \"AES256\"}")
                .when().post("/connections/" + id + "/test?purpose=stream").then().statusCode(400);
        api.request().contentType(ContentType.TEXT).body("AES256")
                .when().post("/connections/" + id + "/test?purpose=stream").then().statusCode(415);
        api.request().contentType(ContentType.JSON).body("{\"serverSideEncryption\": \"AES256\"}")
                .when().post("/connections/" + id + "/test?purpose=source").then().statusCode(400);
    }
}
