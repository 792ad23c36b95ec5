package io.s3flow.connection;

import static io.s3flow.common.testing.ServiceJar.MOTO_URL;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.regex.Pattern;
import java.util.List;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class ConnectionSpecTest {

    private final ConnectionsApi api = ConnectionsApi.freshSandbox();

    @Test
    void s3SpecPublishesTheSchemasItValidatesWith() {
        JsonPath spec = api.request().when().get("/connectionSpecs/" + ConnectionsApi.S3_SPEC).then().statusCode(200)
                .body("items[0].name", equalTo("amazon-s3"))
                .body("items[0].authSpec.name", contains("Access Key", "IAMRole Based", "Role ARN"))
                .extract().jsonPath();
        String accessKey = "items[0].authSpec[0].spec.";
        assertTrue(spec.getList(accessKey + "required").containsAll(java.util.List.of("s3AccessKey", "s3SecretKey")));
        assertTrue(spec.getBoolean(accessKey + "properties.s3SecretKey.writeOnly"));
        assertTrue(spec.getBoolean(accessKey + "properties.s3SessionToken.writeOnly"));
        assertFalse(spec.getBoolean(accessKey + "additionalProperties"));
        api.request().when().get("/connectionSpecs/" + ConnectionsApi.S3_SPEC).then()
                .body("items[0].authSpec[2].spec.required", hasItems("roleArn", "bucketName"));

        // the published pattern is the one the API enforces
        Pattern bucket = Pattern.compile(spec.getString(accessKey + "properties.bucketName.pattern"));
        assertTrue(bucket.matcher("my-bucket").matches());
        assertFalse(bucket.matcher("My_Bucket").matches());
        // every auth spec may name the bucket's region, a host label and never a host
        for (int i = 0; i < 3; i++) {
            Pattern region = Pattern.compile(spec.getString("items[0].authSpec[" + i + "].spec.properties.region.pattern"));
            assertTrue(region.matcher("ap-southeast-2").matches());
            assertFalse(region.matcher("eu-west-1.evil.example").matches());
            assertFalse(spec.getList("items[0].authSpec[" + i + "].spec.required").contains("region"));
        }

        // serviceUrl: an https origin, or an allow-listed one (the test moto is plain http)
        List<Pattern> serviceUrl = spec.getList(accessKey + "properties.serviceUrl.anyOf.pattern", String.class).stream()
                .map(Pattern::compile).toList();
        for (String accepted : List.of("https://s3.eu-west-1.amazonaws.com", "https://minio.example.com:9000", MOTO_URL, MOTO_URL + "/")) {
            assertTrue(serviceUrl.stream().anyMatch(p -> p.matcher(accepted).find()), accepted);
        }
        for (String refused : List.of("http://s3.amazonaws.com", "https://s3.amazonaws.com/bucket", "ftp://x.example.com",
                MOTO_URL + "0", "http://127.0.0.1:1")) {
            assertFalse(serviceUrl.stream().anyMatch(p -> p.matcher(refused).find()), refused);
        }
    }

    @Test
    void unknownSpecIsNotFound() {
        api.request().when().get("/connectionSpecs/00000000-0000-0000-0000-000000000000").then().statusCode(404)
                .body("status", equalTo(404));
    }
}
