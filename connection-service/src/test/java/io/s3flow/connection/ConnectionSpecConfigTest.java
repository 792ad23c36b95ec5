package io.s3flow.connection;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(AwsFrontStack.class)
class ConnectionSpecConfigTest {

    private static final String CONFIGS = "/connectionSpecs/" + ConnectionsApi.S3_SPEC + "/configs";

    @Test
    void iamBasedShowsThePlatformRoleToAllowList() {
        JsonPath configs = ConnectionsApi.freshSandbox().request().when().get(CONFIGS + "?authType=IamBasedAuthentication").then().statusCode(200)
                .body("configParams.IAMRole", equalTo(AwsFrontStack.PLATFORM_ROLE))
                .body("configParams", not(hasKey("externalId")))
                .body("configParams.bucketPolicyStatement.Action", hasItems("s3:GetEncryptionConfiguration", "s3:GetBucketObjectLockConfiguration"))
                // a bucket encrypted with a customer-managed key: its key policy lets the org's sessions use it, through S3 only
                .body("configParams.kmsKeyPolicyStatement.Principal.AWS", equalTo(AwsFrontStack.PLATFORM_ROLE))
                .body("configParams.kmsKeyPolicyStatement.Action", contains("kms:GenerateDataKey", "kms:Decrypt"))
                .body("configParams.kmsKeyPolicyStatement.Condition.StringLike.'kms:ViaService'", equalTo("s3.*.amazonaws.com"))
                .extract().jsonPath();
        // the key admits the org's sessions by the same tag as the bucket does
        assertEquals(configs.getMap("configParams.bucketPolicyStatement.Condition.StringEquals"),
                configs.getMap("configParams.kmsKeyPolicyStatement.Condition.StringEquals"));
    }

    @Test
    void roleArnAddsAStablePerOrgExternalId() {
        String first = ConnectionsApi.freshSandbox().request().when().get(CONFIGS + "?authType=RoleArn").then().statusCode(200)
                .body("configParams.IAMRole", equalTo(AwsFrontStack.PLATFORM_ROLE))
                .body("configParams.externalId", matchesPattern("[A-Za-z0-9_-]{20,}"))
                .extract().path("configParams.externalId");
        String again = ConnectionsApi.freshSandbox().request().when().get(CONFIGS + "?authType=RoleArn")
                .then().extract().path("configParams.externalId");
        String otherOrg = new ConnectionsApi("another-org", "prod").request().when().get(CONFIGS + "?authType=RoleArn")
                .then().statusCode(200).extract().path("configParams.externalId");
        assertEquals(first, again, "stable for the org, whatever the sandbox");
        assertNotEquals(first, otherOrg);
    }

    @Test
    void unknownAuthTypeOrSpecIsAClientError() {
        ConnectionsApi api = ConnectionsApi.freshSandbox();
        api.request().when().get(CONFIGS + "?authType=Password").then().statusCode(400);
        api.request().when().get(CONFIGS).then().statusCode(400);
        api.request().when().get("/connectionSpecs/00000000-0000-0000-0000-000000000000/configs?authType=RoleArn").then().statusCode(404);
    }
}
