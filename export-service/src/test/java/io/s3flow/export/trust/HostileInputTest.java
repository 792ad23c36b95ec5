package io.s3flow.export.trust;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.s3flow.common.testing.HostileRequests;
import io.s3flow.common.testing.HostileRequests.Endpoint;
import io.s3flow.common.testing.TestTokens;
import io.s3flow.export.ConnectionStack;
import io.s3flow.export.TenantApi;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Every endpoint of export-service, as a hostile caller would try it (never a 5xx, every error a problem with a code),
 * and the org binding seen from here: another org's IAMRole Based connection to a bucket gets no stream, no export.
 */
@QuarkusTest
@QuarkusTestResource(ConnectionStack.class)
class HostileInputTest {

    @Test
    void everyEndpointAnswersHostileRequestsWithA4xxProblem() {
        TenantApi tenant = new TenantApi();
        String bucket = TenantApi.newBucket();
        String connection = tenant.connection(bucket);
        String stream = tenant.api().contentType(ContentType.JSON)
                .body(Map.of("name", "hostile", "connectionId", connection, "folderPath", "hostile"))
                .post("/streams").then().statusCode(201).extract().path("id");
        String exportBody = """
                {"name": "hostile export", "connectionId": "%s", "select": {"eventTypes": ["users.behaviors.Purchase"],
                 "fields": ["id", "type", "properties.amount"], "where": [{"field": "properties.amount", "op": "in", "value": ["1", "2"]}]},
                 "format": "csv", "csv": {"delimiter": ";", "escapeFormulas": true}, "compression": "gzip", "manifest": true,
                 "schedule": {"frequency": "DAILY", "startTime": "2030-01-01T06:00:00Z"}}""".formatted(connection);
        String export = tenant.api().contentType(ContentType.JSON).body(exportBody).post("/exports").then().statusCode(201)
                .extract().path("id");
        String run = tenant.api().post("/exports/" + export + "/runs").then().statusCode(202).extract().path("runId");
        String token = tenant.token;
        String events = """
                [{"id": "e-1", "type": "users.behaviors.Purchase", "time": "2026-11-23T10:15:30Z", "userId": "u-1",
                  "properties": {"amount": 1, "nested": {"deep": ["x"]}}}]""";
        HostileRequests hostile = new HostileRequests(TestTokens.ORG, tenant.sandbox, 10 * 1024 * 1024);
        for (Endpoint e : new Endpoint[] {
                Endpoint.of("POST", "/events", events, token),
                Endpoint.of("POST", "/events", "{\"id\": \"n-1\", \"type\": \"a.b\", \"properties\": {\"k\": \"v\"}}", token)
                        .as("application/x-ndjson"),
                Endpoint.of("POST", "/streams", "{\"name\": \"s\", \"connectionId\": \"" + connection + "\", \"folderPath\": \"other\","
                        + " \"format\": \"jsonl\", \"compression\": \"gzip\", \"eventTypes\": [\"a.b\"], \"flush\": {\"maxEvents\": 10,"
                        + " \"maxBytes\": 4096, \"maxSeconds\": 5}, \"serverSideEncryption\": \"AES256\"}", token),
                Endpoint.of("GET", "/streams", null, token),
                Endpoint.of("GET", "/streams/" + stream, null, token),
                Endpoint.of("PATCH", "/streams/" + stream, "[{\"op\": \"replace\", \"path\": \"/flush/maxSeconds\", \"value\": 30}]", token)
                        .with("If-Match", "*"),
                Endpoint.of("POST", "/streams/" + stream + "/pause", null, token),
                Endpoint.of("POST", "/streams/" + stream + "/resume", null, token),
                Endpoint.of("DELETE", "/streams/" + UUID.randomUUID(), null, token),
                Endpoint.of("POST", "/exports", exportBody, token),
                Endpoint.of("GET", "/exports", null, token),
                Endpoint.of("GET", "/exports/" + export, null, token),
                Endpoint.of("PATCH", "/exports/" + export, "[{\"op\": \"add\", \"path\": \"/csv/nullValue\", \"value\": \"NULL\"}]", token)
                        .with("If-Match", "*"),
                Endpoint.of("DELETE", "/exports/" + UUID.randomUUID(), null, token),
                Endpoint.of("GET", "/exports/" + export + "/runs?limit=5", null, token),
                Endpoint.of("GET", "/exports/" + export + "/runs/" + run, null, token),
                Endpoint.of("DELETE", "/exports/" + export + "/runs/" + UUID.randomUUID(), null, token)}) {
            hostile.probe(e);
        }
        System.out.println("[hostile] export-service: " + hostile.requests() + " requests");
        hostile.assertAllAnsweredWell();
    }

    @Test
    void anotherOrgsIamRoleConnectionToABucketGetsNoStreamAndNoExport() {
        String bucket = TenantApi.newBucket();
        TenantApi.MOTO.putObject(b -> b.bucket(bucket).key("landing/private.csv"), RequestBody.fromString("a,b\n1,2\n"));
        TenantApi intruder = new TenantApi();
        String connection = intruder.connections().contentType(ContentType.JSON).body(Map.of("name", "not mine",
                        "auth", Map.of("specName", "IAMRole Based", "params", Map.of("bucketName", bucket, "folderPath", "landing")),
                        "connectionSpec", Map.of("id", "ecadc60c-7455-4d87-84dc-2a0e293d997b", "version", "1.0")))
                .post("/connections").then().statusCode(201).extract().path("id");
        intruder.api().contentType(ContentType.JSON).body(Map.of("name", "s", "connectionId", connection))
                .post("/streams").then().statusCode(422).body("errorCode", equalTo("CONNECTION_TEST_FAILED"))
                .body("violations[0].message", org.hamcrest.Matchers.startsWith("BUCKET_OWNERSHIP_UNPROVEN"));
        intruder.api().contentType(ContentType.JSON).body(Map.of("name", "e", "connectionId", connection,
                        "select", Map.of("fields", List.of("id"))))
                .post("/exports").then().statusCode(422).body("errorCode", equalTo("CONNECTION_TEST_FAILED"));
        List<String> keys = TenantApi.MOTO.listObjectsV2(b -> b.bucket(bucket)).contents().stream().map(S3Object::key).toList();
        assertEquals(List.of("landing/private.csv"), keys, "the refused stream and export tests wrote into the bucket");
        assertTrue(TenantApi.MOTO.listMultipartUploads(b -> b.bucket(bucket)).uploads().isEmpty());
    }
}
