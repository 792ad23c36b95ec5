package io.s3flow.connection;

import io.quarkus.test.junit.QuarkusTest;
import io.s3flow.common.testing.AuthContract;
import io.s3flow.common.testing.TestTokens;
import org.junit.jupiter.api.Test;

/**
 * Who may do what with a connection beyond its own group: connection-service's internal endpoints serve
 * export-service's service tokens only (users' tokens, whatever groups they claim, tokens for another service, from
 * another caller, too long-lived or signed with the user key are refused), and only writers run the tests that write.
 */
@QuarkusTest
class ServiceTokenTest {

    @Test
    void internalEndpointsServeExportServiceOnly() {
        String id = new ConnectionsApi(TestTokens.ORG, TestTokens.SANDBOX).create(ConnectionsApi.accessKeyBody("internal",
                java.util.Map.of("bucketName", "some-bucket"))).then().statusCode(201).extract().path("id");
        AuthContract.checkServiceCall("GET", "/internal/connections/" + id, "export-service", "connection-service", 200);
        AuthContract.checkServiceCall("POST", "/internal/connections/" + id + "/access?access=read", "export-service",
                "connection-service", 200);
    }

    @Test
    void theTestsThatWriteIntoTheBucketNeedConnectionsWrite() {
        ConnectionsApi api = ConnectionsApi.freshSandbox();
        String id = api.createId("read only");
        String readOnly = TestTokens.user(TestTokens.ORG, java.util.Set.of(io.s3flow.common.auth.Groups.CONNECTIONS_READ));
        for (String purpose : new String[] {"stream", "export"}) {
            for (String method : new String[] {"GET", "POST"}) {
                io.restassured.RestAssured.given().auth().oauth2(readOnly).header("x-gw-ims-org-id", TestTokens.ORG)
                        .header("x-sandbox-name", api.sandbox).when().request(method, "/connections/" + id + "/test?purpose=" + purpose)
                        .then().statusCode(403).body("errorCode", org.hamcrest.Matchers.equalTo("FORBIDDEN"))
                        .body("detail", org.hamcrest.Matchers.containsString("connections:write"));
            }
        }
        io.restassured.RestAssured.given().auth().oauth2(readOnly).header("x-gw-ims-org-id", TestTokens.ORG)
                .header("x-sandbox-name", api.sandbox).when().post("/connections/" + id + "/test?purpose=source")
                .then().statusCode(200);
    }
}
