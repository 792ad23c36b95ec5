package io.s3flow.connection;

import static io.restassured.RestAssured.given;
import static io.s3flow.common.testing.ServiceJar.MOTO_URL;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.s3flow.common.tenant.TenantHeaders;
import io.s3flow.common.testing.TestTokens;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * IAMRole Based connections are bound to their org. Org A proves its bucket (the object named by its configs in the
 * connection's folder); org B, naming the same bucket, gets nothing: no listing, no read, no write, no credentials.
 * No bucket policy is evaluated here (the test moto evaluates none, and the AWS front before it only the encryption one
 * that BucketEncryptionTest sets), so what holds here is the ownership proof alone, as it must.
 */
@QuarkusTest
class OrgBindingTest {

    private static final String CONFIGS = "/connectionSpecs/" + ConnectionsApi.S3_SPEC + "/configs?authType=IamBasedAuthentication";

    private final ConnectionsApi orgA = new ConnectionsApi(TestTokens.ORG, "sbx-" + UUID.randomUUID().toString().substring(0, 8));
    private final ConnectionsApi orgB = new ConnectionsApi("org-b-" + UUID.randomUUID().toString().substring(0, 8), "prod");
    private final String bucket = "org-a-" + UUID.randomUUID().toString().substring(0, 8);
    private S3Client moto;

    @BeforeEach
    void orgAsBucketWithItsProof() {
        moto = ConnectionsApi.moto(MOTO_URL);
        moto.createBucket(b -> b.bucket(bucket));
        moto.putObject(b -> b.bucket(bucket).key("landing/private.csv"), RequestBody.fromString("secret,data\n1,2\n"));
        String proof = orgA.request().when().get(CONFIGS).then().statusCode(200).extract().path("configParams.ownershipObject");
        moto.putObject(b -> b.bucket(bucket).key("landing/" + proof), RequestBody.empty());
    }

    private String iamConnection(ConnectionsApi api, String folder) {
        return api.create(ConnectionsApi.body("iam", "IAMRole Based", Map.of("bucketName", bucket, "folderPath", folder)))
                .then().statusCode(201).extract().path("id");
    }

    private JsonPath test(ConnectionsApi api, String id, String purpose) {
        return api.request().when().post("/connections/" + id + "/test?purpose=" + purpose).then().statusCode(200).extract().jsonPath();
    }

    private List<String> keys() {
        return moto.listObjectsV2(b -> b.bucket(bucket)).contents().stream().map(S3Object::key).sorted().toList();
    }

    @Test
    void theOrgThatProvedItsBucketUsesIt() {
        String id = iamConnection(orgA, "landing");
        for (String purpose : new String[] {"source", "stream", "export"}) {
            JsonPath report = test(orgA, id, purpose);
            assertTrue(report.getBoolean("result"), purpose + ": " + report.prettify());
        }
        orgA.request().when().get("/connections/" + id + "/explore?objectType=root").then().statusCode(200)
                .body("name", hasItem("private.csv"));
    }

    @Test
    void anotherOrgNamingTheBucketListsReadsAndWritesNothing() {
        List<String> before = keys();
        for (String folder : new String[] {"landing", ""}) {
            String id = iamConnection(orgB, folder);
            for (String purpose : new String[] {"source", "stream", "export"}) {
                JsonPath report = test(orgB, id, purpose);
                assertFalse(report.getBoolean("result"), report.prettify());
                assertEquals(List.of("bucket ownership"), report.getList("checks.permission"), report.prettify());
                assertEquals("BUCKET_OWNERSHIP_UNPROVEN", report.getString("checks[0].errorCode"));
            }
            orgB.request().when().get("/connections/" + id + "/test").then().statusCode(200).body("result", equalTo(false));
            String path = "/" + bucket + "/" + (folder.isEmpty() ? "" : folder + "/");
            for (String query : new String[] {"objectType=root", "objectType=folder&object=" + path,
                    "objectType=file&object=" + path + "private.csv&fileType=delimited"}) {
                orgB.request().when().get("/connections/" + id + "/explore?" + query).then().statusCode(403)
                        .body("errorCode", equalTo("BUCKET_OWNERSHIP_UNPROVEN"));
            }
            // what export-service would ask for to deliver a stream or an export
            given().auth().oauth2(TestTokens.service("export-service", "connection-service", orgB.org, orgB.sandbox))
                    .header(TenantHeaders.ORG, orgB.org).header(TenantHeaders.SANDBOX, orgB.sandbox)
                    .when().post("/internal/connections/" + id + "/access?access=write").then().statusCode(403)
                    .body("errorCode", equalTo("BUCKET_OWNERSHIP_UNPROVEN"));
        }
        assertEquals(before, keys(), "org B's tests wrote into org A's bucket");
        assertTrue(moto.listMultipartUploads(b -> b.bucket(bucket)).uploads().isEmpty(), "org B's tests left an upload");
    }

    /**
     * The platform role is in every org's configs; named as a Role ARN it would be the platform's identity without the
     * org's session tag and without the ownership proof. It is refused as a Role ARN, whatever its spelling.
     */
    @Test
    void anotherOrgNamingThePlatformRoleAsItsRoleArnGetsNothing() {
        List<String> before = keys();
        String platformRole = orgB.request().when().get(CONFIGS).then().statusCode(200).extract().path("configParams.IAMRole");
        for (String roleArn : new String[] {platformRole, platformRole.toUpperCase(java.util.Locale.ROOT).replace("ARN:AWS:IAM::", "arn:aws:iam::")
                .replace(":ROLE/", ":role/"), platformRole.replace(":role/", ":role/some/path/")}) {
            String id = orgB.create(ConnectionsApi.body("platform as role arn", "Role ARN",
                    Map.of("roleArn", roleArn, "bucketName", bucket, "folderPath", "landing"))).then().statusCode(201).extract().path("id");
            for (String purpose : new String[] {"source", "stream", "export"}) {
                JsonPath report = test(orgB, id, purpose);
                assertFalse(report.getBoolean("result"), roleArn + ": " + report.prettify());
                assertEquals("ROLE_ARN_IS_PLATFORM_ROLE", report.getString("checks[0].errorCode"), report.prettify());
            }
            orgB.request().when().get("/connections/" + id + "/explore?objectType=file&object=/" + bucket + "/landing/private.csv")
                    .then().statusCode(403).body("errorCode", equalTo("ROLE_ARN_IS_PLATFORM_ROLE"));
            given().auth().oauth2(TestTokens.service("export-service", "connection-service", orgB.org, orgB.sandbox))
                    .header(TenantHeaders.ORG, orgB.org).header(TenantHeaders.SANDBOX, orgB.sandbox)
                    .when().post("/internal/connections/" + id + "/access?access=write").then().statusCode(403)
                    .body("errorCode", equalTo("ROLE_ARN_IS_PLATFORM_ROLE"));
        }
        assertEquals(before, keys(), "org B's tests wrote into org A's bucket");
    }

    @Test
    void configsGiveTheOrgItsOwnProofAndABucketPolicyBoundToItsTag() {
        JsonPath a = orgA.request().queryParam("bucketName", bucket).when().get(CONFIGS).then().statusCode(200).extract().jsonPath();
        JsonPath b = orgB.request().when().get(CONFIGS).then().statusCode(200).extract().jsonPath();
        assertTrue(a.getString("configParams.ownershipObject").startsWith(".s3flow-ownership-"));
        assertFalse(a.getString("configParams.ownershipObject").equals(b.getString("configParams.ownershipObject")));
        assertEquals(TestTokens.ORG, a.getString("configParams.bucketPolicyStatement.Condition.StringEquals.'aws:PrincipalTag/s3flow-org'"));
        assertEquals(orgB.org, b.getString("configParams.bucketPolicyStatement.Condition.StringEquals.'aws:PrincipalTag/s3flow-org'"));
        assertEquals(List.of("arn:aws:s3:::" + bucket, "arn:aws:s3:::" + bucket + "/*"),
                a.getList("configParams.bucketPolicyStatement.Resource"));
        assertEquals(AwsFrontStack.PLATFORM_ROLE, a.getString("configParams.bucketPolicyStatement.Principal.AWS"));
    }

    /** STS allows letters, digits, spaces and {@code _.:/=+-@} in a tag value: the statement shows what sessions carry. */
    @Test
    void theBucketPolicyNamesTheOrgAsItsSessionsAreTagged() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        ConnectionsApi org = new ConnectionsApi("acme#emea," + suffix, "prod");
        org.request().when().get(CONFIGS).then().statusCode(200)
                .body("configParams.bucketPolicyStatement.Condition.StringEquals.'aws:PrincipalTag/s3flow-org'", equalTo("acme_emea_" + suffix));
    }
}
