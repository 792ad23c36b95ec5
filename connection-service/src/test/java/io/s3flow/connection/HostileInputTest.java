package io.s3flow.connection;

import static io.s3flow.common.testing.ServiceJar.MOTO_URL;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.s3flow.common.testing.HostileRequests;
import io.s3flow.common.testing.HostileRequests.Endpoint;
import io.s3flow.common.testing.TestTokens;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/** Every endpoint of connection-service, as a hostile caller would try it: never a 5xx, every error a problem with a code. */
@QuarkusTest
class HostileInputTest {

    @Test
    void everyEndpointAnswersHostileRequestsWithA4xxProblem() throws Exception {
        ConnectionsApi api = ConnectionsApi.freshSandbox();
        String bucket = "hostile-" + UUID.randomUUID().toString().substring(0, 8);
        try (S3Client s3 = ConnectionsApi.moto(MOTO_URL)) {
            s3.createBucket(b -> b.bucket(bucket));
        }
        String create = api.request().contentType(ContentType.JSON).body(ConnectionsApi.body("hostile", "Access Key",
                Map.of("s3AccessKey", ConnectionsApi.ACCESS_KEY, "s3SecretKey", ConnectionsApi.SECRET_KEY, "serviceUrl", MOTO_URL,
                        "bucketName", bucket, "folderPath", "landing"))).when().post("/connections").then().statusCode(201)
                .extract().body().asString();
        String id = io.restassured.path.json.JsonPath.from(create).getString("id");
        String createBody = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(ConnectionsApi.body("hostile", "Access Key",
                Map.of("s3AccessKey", ConnectionsApi.ACCESS_KEY, "s3SecretKey", ConnectionsApi.SECRET_KEY, "serviceUrl", MOTO_URL,
                        "bucketName", bucket, "folderPath", "landing")));
        String user = TestTokens.user(TestTokens.ORG, TestTokens.ALL_USER_GROUPS);
        String service = TestTokens.service("export-service", "connection-service", TestTokens.ORG, api.sandbox);
        String spec = "/connectionSpecs/" + ConnectionsApi.S3_SPEC;
        HostileRequests hostile = new HostileRequests(TestTokens.ORG, api.sandbox, 1024 * 1024);
        for (Endpoint e : new Endpoint[] {
                Endpoint.of("POST", "/connections", createBody, user),
                Endpoint.of("POST", "/connections/test?purpose=source", createBody, user),
                Endpoint.of("GET", "/connections?limit=10&orderby=name&property=name==hostile&count=true", null, user),
                Endpoint.of("GET", "/connections/" + id, null, user),
                Endpoint.of("GET", "/data/foundation/flowservice/connections/" + id, null, user),
                Endpoint.of("PATCH", "/connections/" + id, "[{\"op\": \"replace\", \"path\": \"/description\", \"value\": \"d\"}]", user)
                        .with("If-Match", "*"),
                Endpoint.of("DELETE", "/connections/" + UUID.randomUUID(), null, user),
                Endpoint.of("GET", "/connections/" + id + "/test?purpose=source", null, user),
                Endpoint.of("POST", "/connections/" + id + "/test?purpose=stream", null, user),
                Endpoint.of("POST", "/connections/" + id + "/test?purpose=export", "{\"serverSideEncryption\": {\"kms\": \"alias/hostile\"}}", user),
                Endpoint.of("GET", "/connections/" + id + "/explore?objectType=folder&object=/" + bucket + "/landing/&limit=5", null, user),
                Endpoint.of("GET", "/connections/" + id + "/explore?objectType=file&object=/" + bucket + "/landing/none.csv&fileType=delimited",
                        null, user),
                Endpoint.of("GET", "/connectionSpecs", null, user),
                Endpoint.of("GET", spec, null, user),
                Endpoint.of("GET", spec + "/configs?authType=IamBasedAuthentication&bucketName=" + bucket, null, user),
                Endpoint.of("GET", "/internal/connections/" + id, null, service),
                Endpoint.of("POST", "/internal/connections/" + id + "/access?access=write", null, service),
                Endpoint.of("POST", "/internal/connections/" + id + "/access?access=write&kmsKeyId=alias/hostile", null, service),
                Endpoint.of("POST", "/internal/connections/" + id + "/region?observed=eu-west-1", null, service)}) {
            hostile.probe(e);
        }
        System.out.println("[hostile] connection-service: " + hostile.requests() + " requests");
        hostile.assertAllAnsweredWell();
    }
}
