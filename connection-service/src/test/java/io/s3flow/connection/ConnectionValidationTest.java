package io.s3flow.connection;

import static io.s3flow.common.testing.ServiceJar.MOTO_URL;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ConnectionValidationTest {

    private final ConnectionsApi api = ConnectionsApi.freshSandbox();

    private void rejects(String param, String value) {
        api.create(ConnectionsApi.accessKeyBody("bad", Map.of(param, value))).then().statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("violations.field", hasItem("auth.params." + param));
    }

    private void accepts(String param, String value) {
        api.create(ConnectionsApi.accessKeyBody("good", Map.of(param, value))).then().statusCode(201);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ab", "a-very-long-bucket-name-that-goes-on-and-on-and-on-past-the-limit-x", "My-Bucket",
            "bucket_name", "-bucket", "bucket-", "192.168.1.10", "buc.ket"})
    void bucketNameFollowsS3Rules(String bucket) {
        rejects("bucketName", bucket);
    }

    @Test
    void goodBucketNamesAreAccepted() {
        accepts("bucketName", "abc");
        accepts("bucketName", "my-bucket-2026");
        accepts("bucketName", "a".repeat(63));
    }

    @Test
    void accessKeysHaveAwsShapes() {
        rejects("s3AccessKey", "AKIASHORT");
        rejects("s3AccessKey", "akiaiosfodnn7example");
        rejects("s3SecretKey", "too-short");
        api.create(ConnectionsApi.body("temp", "Access Key", Map.of("s3AccessKey", ConnectionsApi.TEMP_ACCESS_KEY,
                "s3SecretKey", ConnectionsApi.SECRET_KEY))).then().statusCode(400)
                .body("violations.field", hasItem("auth.params.s3SessionToken"));
        api.create(ConnectionsApi.body("no secret", "Access Key", Map.of("s3AccessKey", ConnectionsApi.ACCESS_KEY)))
                .then().statusCode(400).body("violations.field", hasItem("auth.params.s3SecretKey"))
                .body("violations.message", hasItem("is required"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://s3.example.com", "https://169.254.169.254/", "https://[fd00:ec2::254]/",
            "https://10.0.0.8", "https://192.168.0.1:9000", "https://127.0.0.1", "https://localhost:9000",
            "https://[::1]/", "https://2130706433/", "not a url", "/relative", "https://user:pw@s3.example.com",
            "https://metadata.google.internal/"})
    void serviceUrlCannotReachIntoS3flowsNetwork(String url) {
        rejects("serviceUrl", url);
    }

    @Test
    void publicHttpsAndAllowListedEndpointsAreAccepted() {
        accepts("serviceUrl", "https://s3.eu-west-1.amazonaws.com");
        accepts("serviceUrl", "https://minio.example.com:9000");
        accepts("serviceUrl", MOTO_URL);
    }

    @Test
    void roleArnAndFolderPath() {
        api.create(ConnectionsApi.body("role", "Role ARN", Map.of("roleArn", "arn:aws:iam::123456789012:role/team/s3flow-writer",
                "bucketName", "customer-bucket", "folderPath", "currents/prod"))).then().statusCode(201);
        for (String arn : new String[] {"arn:aws:iam::12345:role/x", "arn:aws:iam::123456789012:user/x", "role/x"}) {
            api.create(ConnectionsApi.body("role", "Role ARN", Map.of("roleArn", arn, "bucketName", "customer-bucket")))
                    .then().statusCode(400).body("violations.field", hasItem("auth.params.roleArn"));
        }
        api.create(ConnectionsApi.body("role", "Role ARN", Map.of("roleArn", "arn:aws:iam::123456789012:role/x")))
                .then().statusCode(400).body("violations.field", hasItem("auth.params.bucketName"));
        rejects("folderPath", "a/../b");
        rejects("folderPath", "..");
        rejects("folderPath", "//root");
        rejects("folderPath", "line\nbreak");
        rejects("folderPath", "x".repeat(1025));
        accepts("folderPath", "a/b..c/d");
    }

    @Test
    void iamRoleNeedsABucket() {
        api.create(ConnectionsApi.body("iam", "IAMRole Based", Map.of())).then().statusCode(400)
                .body("violations.field", hasItem("auth.params.bucketName"));
        api.create(ConnectionsApi.fixture("create-connection-iam-role.json", Map.of("YOUR_BUCKET_NAME", "aep-landing")))
                .then().statusCode(201);
    }

    @Test
    void nameSpecAndUnknownFields() {
        Map<String, Object> noName = new HashMap<>(ConnectionsApi.accessKeyBody("x", Map.of()));
        noName.remove("name");
        api.create(noName).then().statusCode(400).body("violations.field", hasItem("name"));
        api.create(ConnectionsApi.accessKeyBody("n".repeat(257), Map.of())).then().statusCode(400)
                .body("violations.field", hasItem("name"));
        api.create(ConnectionsApi.body("x", "Password", Map.of())).then().statusCode(400)
                .body("violations.field", hasItem("auth.specName"))
                .body("detail", containsString("Access Key")).body("detail", containsString("Role ARN"));
        Map<String, Object> otherSpec = new HashMap<>(ConnectionsApi.accessKeyBody("x", Map.of()));
        otherSpec.put("connectionSpec", Map.of("id", "00000000-0000-0000-0000-000000000000"));
        api.create(otherSpec).then().statusCode(400).body("violations.field", hasItem("connectionSpec.id"))
                .body("detail", containsString(ConnectionsApi.S3_SPEC));
        Map<String, Object> unknown = new HashMap<>(ConnectionsApi.accessKeyBody("x", Map.of()));
        unknown.put("colour", "blue");
        api.create(unknown).then().statusCode(400).body("violations[0].field", equalTo("colour"));
        rejects("s3Region", "us-east-1");
        Map<String, Object> latest = new HashMap<>(ConnectionsApi.accessKeyBody("latest", Map.of()));
        latest.put("connectionSpec", Map.of("id", ConnectionsApi.S3_SPEC));
        String id = api.create(latest).then().statusCode(201).extract().path("id");
        api.get(id).then().body("items[0].connectionSpec.version", equalTo("1.0"));
    }

    @Test
    void errorContractForBadBodies() {
        api.request().contentType(ContentType.JSON).body("{\"name\": \"x\", ").when().post("/connections")
                .then().statusCode(400).contentType(startsWith("application/problem+json"))
                .body("errorCode", equalTo("MALFORMED_JSON")).body(not(containsString("Exception")));
        api.request().contentType(ContentType.JSON).body("[1, 2]").when().post("/connections")
                .then().statusCode(400).contentType(startsWith("application/problem+json"));
        api.request().contentType(ContentType.JSON).when().post("/connections")
                .then().statusCode(400).contentType(startsWith("application/problem+json"));
        api.request().contentType(ContentType.TEXT).body("name=x").when().post("/connections")
                .then().statusCode(415).contentType(startsWith("application/problem+json")).body("status", equalTo(415));
        api.request().contentType(ContentType.JSON).body("{\"name\": \"" + "x".repeat(2 * 1024 * 1024) + "\"}")
                .when().post("/connections").then().statusCode(413)
                .contentType(startsWith("application/problem+json")).body("status", equalTo(413));
        api.request().contentType(ContentType.JSON).body(ConnectionsApi.accessKeyBody("x", Map.of()))
                .when().put("/connections").then().statusCode(405).contentType(startsWith("application/problem+json"));
    }
}
