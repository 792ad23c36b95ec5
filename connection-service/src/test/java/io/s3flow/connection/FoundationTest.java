package io.s3flow.connection;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.hamcrest.Matchers.containsString;

import io.quarkus.test.junit.QuarkusTest;
import io.s3flow.common.auth.Groups;
import io.s3flow.common.testing.AuthContract;
import io.s3flow.common.testing.ContractFilter;
import io.s3flow.common.testing.TestTokens;
import org.junit.jupiter.api.Test;

@QuarkusTest
class FoundationTest {

    @Test
    void readyChecksTheDatabase() {
        given().when().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem(containsString("Database")));
        given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void connectionSpecsFollowTheAuthContract() {
        // and every exchange of these tests is checked against the served OpenAPI document
        ContractFilter.assertCompared(() -> AuthContract.checkGet("/connectionSpecs", Groups.CONNECTIONS_READ, 200));
    }

    @Test
    void unknownRouteIsAProblem() {
        AuthContract.tenant(given()).auth().oauth2(TestTokens.user(Groups.CONNECTIONS_READ))
                .when().get("/no-such-route").then().statusCode(404)
                .contentType(startsWith("application/problem+json")).body("status", equalTo(404));
    }

    @Test
    void openApiAndMetricsAreServed() {
        given().when().get("/q/openapi").then().statusCode(200).body(containsString("/connectionSpecs"));
        given().when().get("/q/metrics").then().statusCode(200).body(containsString("http_server_requests"));
    }

    @Test
    void errorsCarryNoStackTraceOrClassName() {
        AuthContract.tenant(given()).auth().oauth2(TestTokens.user(Groups.CONNECTIONS_READ))
                .when().get("/connectionSpecs/nope").then().statusCode(404)
                .contentType(startsWith("application/problem+json"))
                .body(not(containsString("Exception"))).body(not(containsString("at io.")));
    }
}
