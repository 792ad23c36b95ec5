package io.s3flow.connection;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.s3flow.common.tenant.TenantHeaders;
import io.s3flow.common.testing.TestTokens;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ConnectionLifecycleTest {

    private static final String FLOW = "/data/foundation/flowservice";
    private final ConnectionsApi api = ConnectionsApi.freshSandbox();

    @Test
    void flowServiceTutorialCreateThenPatchSessionToken() {
        String create = ConnectionsApi.fixture("create-connection-access-key-session-token.json", Map.of(
                "S3_ACCESS_KEY", ConnectionsApi.TEMP_ACCESS_KEY, "S3_SECRET_KEY", ConnectionsApi.SECRET_KEY,
                "S3_SESSION_TOKEN", ConnectionsApi.SESSION_TOKEN));
        Response created = api.request().contentType(ContentType.JSON).body(create).when().post(FLOW + "/connections");
        created.then().statusCode(201)
                .header("Location", containsString("/connections/"))
                .body("id", matchesPattern("[0-9a-f-]{36}"))
                .body("etag", matchesPattern("\"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\""));
        String id = created.path("id");
        String etag = created.path("etag");
        assertEquals(etag, created.header("ETag"));

        api.request().when().get(FLOW + "/connections/" + id).then().statusCode(200)
                .body("items[0].id", equalTo(id))
                .body("items[0].name", equalTo("Amazon S3 base connection"))
                .body("items[0].auth.specName", equalTo("Access Key"))
                .body("items[0].auth.params.s3AccessKey", equalTo("****************MPLE"))
                .body("items[0].auth.params", not(hasKey("s3SecretKey")))
                .body("items[0].auth.params", not(hasKey("s3SessionToken")))
                .body("items[0].connectionSpec.id", equalTo(ConnectionsApi.S3_SPEC))
                .body("items[0].connectionSpec.version", equalTo("1.0"))
                .body("items[0].state", equalTo("enabled"))
                .body("items[0].etag", equalTo(etag))
                .body("items[0].createdBy", equalTo("test-user"))
                .body("items[0].createdClient", equalTo("test-client"))
                .body("items[0].sandboxName", equalTo(api.sandbox))
                .body("items[0].imsOrgId", equalTo(TestTokens.ORG))
                .body("items[0].createdAt", notNullValue())
                .body(not(containsString(ConnectionsApi.SECRET_KEY)))
                .body(not(containsString(ConnectionsApi.SESSION_TOKEN)));

        String newToken = "FwoGZXIvYXdzENewSessionToken0987654321";
        String patch = ConnectionsApi.fixture("patch-session-token.json", Map.of("SESSION_TOKEN", newToken));
        Response patched = api.request().contentType(ContentType.JSON).header("If-Match", etag).body(patch)
                .when().patch(FLOW + "/connections/" + id);
        patched.then().statusCode(200).body("id", equalTo(id)).body("etag", notNullValue());
        assertNotEquals(etag, patched.path("etag"));
        assertEquals(patched.path("etag"), api.etag(id));

        given().auth().oauth2(TestTokens.service("export-service", "connection-service", TestTokens.ORG, api.sandbox)).header(TenantHeaders.ORG, TestTokens.ORG)
                .header(TenantHeaders.SANDBOX, api.sandbox).when().post("/internal/connections/" + id + "/access?access=write")
                .then().statusCode(409) // the tutorial's connection names no bucket: nothing to deliver into
                .body("errorCode", equalTo("CONNECTION_HAS_NO_BUCKET"))
                .body(not(containsString(ConnectionsApi.SECRET_KEY)));
    }

    @Test
    void internalAccessIsForServicesOnly() {
        String id = api.createId("internal");
        api.request().when().post("/internal/connections/" + id + "/access?access=write").then().statusCode(403);
        api.request().when().get("/internal/connections/" + id).then().statusCode(403);
    }

    @Test
    void patchNeedsTheCurrentEtag() {
        String id = api.createId("etag dance");
        String etag = api.etag(id);
        List<Map<String, String>> rename = List.of(Map.of("op", "replace", "path", "/name", "value", "renamed"));

        api.patch(id, null, rename).then().statusCode(400).contentType(startsWith("application/problem+json"))
                .body("errorCode", equalTo("1403-400"));
        api.patch(id, "\"00000000-0000-0000-0000-000000000000\"", rename).then().statusCode(412)
                .contentType(startsWith("application/problem+json")).body("errorCode", equalTo("1404-412"));
        String second = api.patch(id, etag, List.of(Map.of("op", "REPLACE", "path", "/name", "value", "renamed")))
                .then().statusCode(200).extract().path("etag");
        api.get(id).then().body("items[0].name", equalTo("renamed")).body("items[0].updatedBy", equalTo("test-user"));
        api.patch(id, etag, rename).then().statusCode(412);
        api.patch(id, second, List.of(Map.of("op", "add", "path", "/description", "value", "described"),
                Map.of("op", "add", "path", "/auth/params/folderPath", "value", "landing/zone"))).then().statusCode(200);
        api.get(id).then().body("items[0].description", equalTo("described"))
                .body("items[0].auth.params.folderPath", equalTo("landing/zone"));
    }

    @Test
    void patchRejectsPathsOutsideTheEditableOnesAndChangesNothing() {
        String id = api.createId("guarded");
        String etag = api.etag(id);
        api.patch(id, etag, List.of(Map.of("op", "replace", "path", "/id", "value", "x")))
                .then().statusCode(400).body("errorCode", equalTo("1455-400"));
        api.patch(id, etag, List.of(Map.of("op", "replace", "path", "/connectionSpec/id", "value", "b4ab3b1e-0000-0000-0000-000000000000")))
                .then().statusCode(400).body("errorCode", equalTo("1414-400"));
        api.patch(id, etag, List.of(Map.of("op", "move", "path", "/name", "from", "/description"))).then().statusCode(400);
        api.patch(id, etag, List.of(Map.of("op", "remove", "path", "/name")))
                .then().statusCode(400).body("violations[0].field", equalTo("name"));
        api.patch(id, etag, List.of(Map.of("op", "replace", "path", "/name", "value", "ok"),
                        Map.of("op", "replace", "path", "/auth/params/bucketName", "value", "Not_A_Bucket")))
                .then().statusCode(400).body("violations[0].field", equalTo("auth.params.bucketName"));
        api.patch(id, etag, List.of(Map.of("op", "add", "path", "/auth/params/roleArn", "value", "arn:aws:iam::123456789012:role/x")))
                .then().statusCode(400).body("violations[0].field", equalTo("auth.params.roleArn"));
        api.get(id).then().body("items[0].name", equalTo("guarded")).body("items[0].etag", equalTo(etag))
                .body("items[0].auth.params.bucketName", equalTo("my-bucket"));
    }

    @Test
    void deleteHonoursIfMatch() {
        String id = api.createId("doomed");
        api.request().header("If-Match", "\"stale\"").when().delete("/connections/" + id).then().statusCode(412);
        api.request().header("If-Match", api.etag(id)).when().delete("/connections/" + id).then().statusCode(204);
        api.get(id).then().statusCode(404).contentType(startsWith("application/problem+json"));
        api.request().when().delete("/connections/" + id).then().statusCode(404);
        String other = api.createId("no etag needed");
        api.request().when().delete("/connections/" + other).then().statusCode(204);
    }

    @Test
    void anotherTenantsConnectionIsNotFound() {
        String id = api.createId("mine");
        ConnectionsApi otherSandbox = ConnectionsApi.freshSandbox();
        otherSandbox.get(id).then().statusCode(404);
        otherSandbox.patch(id, api.etag(id), List.of(Map.of("op", "replace", "path", "/name", "value", "stolen"))).then().statusCode(404);
        otherSandbox.request().when().delete("/connections/" + id).then().statusCode(404);
        ConnectionsApi otherOrg = new ConnectionsApi("other-org", api.sandbox);
        otherOrg.get(id).then().statusCode(404);
        otherOrg.request().when().get("/connections").then().statusCode(200).body("items.id", not(org.hamcrest.Matchers.hasItem(id)));
        api.get("not-a-uuid").then().statusCode(404);
    }
}
