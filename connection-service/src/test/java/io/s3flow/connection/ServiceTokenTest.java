package io.s3flow.connection;

import io.quarkus.test.junit.QuarkusTest;
import io.s3flow.common.testing.AuthContract;
import io.s3flow.common.testing.TestTokens;
import org.junit.jupiter.api.Test;

/**
 * connection-service's internal endpoints serve export-service's service tokens only: users' tokens (whatever groups
 * they claim), tokens for another service, from another caller, too long-lived or signed with the user key are refused.
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
}
