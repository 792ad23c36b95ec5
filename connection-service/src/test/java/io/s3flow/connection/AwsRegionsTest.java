package io.s3flow.connection;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.s3flow.common.testing.AwsFront;
import io.s3flow.common.testing.ServiceJar;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Buckets outside us-east-1, through a front that answers as AWS does (a request signed for another region than the
 * bucket's is redirected): every connection finds its bucket's region once, remembers it, and its later calls (and
 * its STS calls) go there at once.
 */
@QuarkusTest
class AwsRegionsTest {

    static final String CUSTOMER_ROLE = "arn:aws:iam::111122223333:role/s3flow-delivery";
    static final S3Client MOTO = S3Client.builder().httpClient(UrlConnectionHttpClient.create()).region(Region.US_EAST_1)
            .endpointOverride(URI.create(ServiceJar.MOTO_URL)).forcePathStyle(true)
            .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"))).build();

    private final ConnectionsApi api = ConnectionsApi.freshSandbox();

    static String bucketIn(String region) {
        String bucket = "aws-" + region + "-" + UUID.randomUUID().toString().substring(0, 8);
        AwsFront front = AwsFrontStack.front;
        front.createBucket(bucket, region, false);
        MOTO.putObject(b -> b.bucket(bucket).key("landing/people.csv"), RequestBody.fromString("id,name\n1,Jane\n2,Max\n"));
        return bucket;
    }

    private String roleArnConnection(String bucket) {
        return api.create(ConnectionsApi.body("role", "Role ARN", Map.of("roleArn", CUSTOMER_ROLE, "bucketName", bucket,
                "folderPath", "landing"))).then().statusCode(201).extract().path("id");
    }

    private JsonPath test(String id, String purpose) {
        return api.request().when().post("/connections/" + id + "/test?purpose=" + purpose).then().statusCode(200).extract().jsonPath();
    }

    @ParameterizedTest
    @ValueSource(strings = {"eu-west-1", "ap-southeast-2"})
    void aRoleArnConnectionFindsItsRegionOnceAndTestsExploresAndPreviewsThere(String region) {
        String bucket = bucketIn(region);
        String id = roleArnConnection(bucket);
        api.get(id).then().statusCode(200).body("items[0].region", nullValue());

        JsonPath stream = test(id, "stream");
        assertTrue(stream.getBoolean("result"), stream.prettify());
        assertEquals(region, stream.getString("bucket.region"));
        api.get(id).then().body("items[0].region", equalTo(region));
        JsonPath export = test(id, "export");
        assertTrue(export.getBoolean("result"), export.prettify());
        api.request().when().get("/connections/" + id + "/explore?objectType=root").then().statusCode(200)
                .body(containsString("people.csv"));
        api.request().when().get("/connections/" + id + "/explore?objectType=file&object=/" + bucket + "/landing/people.csv"
                + "&fileType=delimited&preview=true").then().statusCode(200).body(containsString("Max"));
        assertTrue(test(id, "source").getBoolean("result"));

        assertEquals(1, AwsFrontStack.front.redirects(bucket), "only the first call is redirected: the region is remembered");
        List<AwsFront.StsCall> assumed = AwsFrontStack.front.stsCalls().stream()
                .filter(c -> "AssumeRole".equals(c.action()) && c.policy() != null && c.policy().contains(bucket)).toList();
        assertTrue(assumed.stream().anyMatch(c -> region.equals(c.region())
                        && c.policy().contains("\"kms:ViaService\":\"s3." + region + ".amazonaws.com\"")),
                "once known, STS is called in the bucket's region and KMS allowed through S3 there: " + assumed);
    }

    @Test
    void aRegionParamIsSignedForFromTheFirstCall() {
        String bucket = bucketIn("eu-west-1");
        String id = api.create(ConnectionsApi.accessKeyBody("keys", Map.of("bucketName", bucket, "region", "eu-west-1")))
                .then().statusCode(201).extract().path("id");
        api.get(id).then().body("items[0].region", equalTo("eu-west-1")).body("items[0].auth.params.region", equalTo("eu-west-1"));
        assertTrue(test(id, "stream").getBoolean("result"));
        assertEquals(0, AwsFrontStack.front.redirects(bucket));
        api.create(ConnectionsApi.accessKeyBody("bad", Map.of("bucketName", bucket, "region", "eu-west-1.evil.example")))
                .then().statusCode(400).body("violations[0].field", equalTo("auth.params.region"));
    }

    @Test
    void aBucketRecreatedInAnotherRegionIsFollowedAndRememberedAgain() {
        String bucket = bucketIn("eu-west-1");
        String id = roleArnConnection(bucket);
        assertTrue(test(id, "stream").getBoolean("result"));
        api.get(id).then().body("items[0].region", equalTo("eu-west-1"));
        MOTO.listObjectsV2Paginator(b -> b.bucket(bucket)).contents().forEach(o -> MOTO.deleteObject(b -> b.bucket(bucket).key(o.key())));
        MOTO.deleteBucket(b -> b.bucket(bucket));
        AwsFrontStack.front.createBucket(bucket, "ap-southeast-2", false);
        MOTO.putObject(b -> b.bucket(bucket).key("landing/moved.csv"), RequestBody.fromString("a\n1\n"));

        api.request().when().get("/connections/" + id + "/explore?objectType=root").then().statusCode(200)
                .body(containsString("moved.csv"));
        api.get(id).then().body("items[0].region", equalTo("ap-southeast-2"));
        int afterMove = AwsFrontStack.front.redirects(bucket);
        assertEquals(2, afterMove, "one redirect to find it, one after it moved");
        assertTrue(test(id, "export").getBoolean("result"));
        assertEquals(afterMove, AwsFrontStack.front.redirects(bucket));
    }

    @Test
    void anotherBucketByPatchIsFoundOutAgain() {
        String first = bucketIn("eu-west-1");
        String second = bucketIn("ap-southeast-2");
        String id = roleArnConnection(first);
        assertTrue(test(id, "stream").getBoolean("result"));
        api.patch(id, api.etag(id), List.of(Map.of("op", "replace", "path", "/auth/params/bucketName", "value", second)))
                .then().statusCode(200);
        api.get(id).then().body("items[0].region", nullValue());
        assertTrue(test(id, "stream").getBoolean("result"));
        api.get(id).then().body("items[0].region", equalTo("ap-southeast-2"));
        api.patch(id, api.etag(id), List.of(Map.of("op", "replace", "path", "/region", "value", "us-east-1"))).then().statusCode(400);
    }

    @Test
    void theRegionAnAuthorizationHeaderMalformedNamesIsFollowed() {
        String bucket = bucketIn("ap-southeast-2");
        AwsFrontStack.front.answerWrongRegionWith(AwsFront.WrongRegion.AUTHORIZATION_HEADER_MALFORMED);
        try {
            String id = api.create(ConnectionsApi.accessKeyBody("keys", Map.of("bucketName", bucket, "folderPath", "landing")))
                    .then().statusCode(201).extract().path("id");
            api.request().when().get("/connections/" + id + "/explore?objectType=root").then().statusCode(200)
                    .body(containsString("people.csv"));
            api.get(id).then().body("items[0].region", equalTo("ap-southeast-2"));
        } finally {
            AwsFrontStack.front.answerWrongRegionWith(AwsFront.WrongRegion.PERMANENT_REDIRECT);
        }
        assertEquals(1, AwsFrontStack.front.redirects(bucket));
    }

    @Test
    void anIamRoleConnectionProvesItsBucketAndFindsItsRegionInTwoRedirects() {
        String bucket = bucketIn("eu-west-1");
        String proof = api.request().when().get("/connectionSpecs/" + ConnectionsApi.S3_SPEC + "/configs?authType=IamBasedAuthentication")
                .then().statusCode(200).extract().path("configParams.ownershipObject");
        MOTO.putObject(b -> b.bucket(bucket).key("landing/" + proof), RequestBody.empty());
        String id = api.create(ConnectionsApi.body("iam", "IAMRole Based", Map.of("bucketName", bucket, "folderPath", "landing")))
                .then().statusCode(201).extract().path("id");
        JsonPath export = test(id, "export");
        assertTrue(export.getBoolean("result"), export.prettify());
        api.request().when().get("/connections/" + id + "/explore?objectType=root").then().statusCode(200)
                .body(containsString("people.csv"));
        assertTrue(test(id, "stream").getBoolean("result"));
        assertEquals(2, AwsFrontStack.front.redirects(bucket), "credential-service's ownership check (before the region is known) "
                + "and connection-service's discovery, then none: " + AwsFrontStack.front.requests(bucket));
    }
}
