package io.s3flow.credential;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.junit.QuarkusTest;
import io.s3flow.common.testing.AuthContract;
import io.s3flow.common.testing.ContractFilter;
import io.s3flow.common.testing.TestTokens;
import org.junit.jupiter.api.Test;

@QuarkusTest
class FoundationTest {

    @Test
    void readyChecksSts() {
        given().when().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP")).body("checks.name", hasItem("sts"));
    }

    @Test
    void platformIdentityIsForServicesOnly() {
        // and every exchange of these tests is checked against the served OpenAPI document
        ContractFilter.assertCompared(() -> AuthContract.checkServiceGet("/credentials/platform-identity", "connection-service",
                "credential-service", 200));
        AuthContract.tenant(given()).auth().oauth2(TestTokens.service(TestTokens.ORG))
                .when().get("/credentials/platform-identity").then().statusCode(200)
                .body("roleArn", equalTo("arn:aws:iam::123456789012:role/s3flow-platform"));
    }
}
