package io.s3flow.export;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.junit.QuarkusTest;
import io.s3flow.common.auth.Groups;
import io.s3flow.common.testing.AuthContract;
import io.s3flow.common.testing.ContractFilter;
import org.junit.jupiter.api.Test;

@QuarkusTest
class FoundationTest {

    @Test
    void readyChecksDatabaseAndS3() {
        given().when().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("s3"))
                .body("checks.name", hasItem(containsString("Database")));
    }

    @Test
    void streamsFollowTheAuthContract() {
        // and every exchange of these tests is checked against the served OpenAPI document
        ContractFilter.assertCompared(() -> AuthContract.checkGet("/streams", Groups.EXPORTS_READ, 200));
    }
}
