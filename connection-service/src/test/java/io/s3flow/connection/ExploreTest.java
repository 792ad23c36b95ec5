package io.s3flow.connection;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** Explore and preview against the test moto (open: any keys work), through an Access Key connection. */
@QuarkusTest
class ExploreTest {

    @ConfigProperty(name = "s3flow.service-urls.allow-list")
    String motoUrl;

    private final ConnectionsApi api = ConnectionsApi.freshSandbox();
    private final String bucket = "explore-" + UUID.randomUUID().toString().substring(0, 8);
    private String id;

    @BeforeEach
    void bucketWithFiles() throws IOException {
        try (S3Client s3 = S3Client.builder().httpClient(UrlConnectionHttpClient.create()).region(Region.US_EAST_1)
                .endpointOverride(URI.create(motoUrl)).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"))).build()) {
            s3.createBucket(b -> b.bucket(bucket));
            put(s3, "landing/people.csv", "id,name,score,joined\n1,\"Doe, Jane\",3.5,2026-01-02\n2,Max,4,2026-01-03\n".getBytes(StandardCharsets.UTF_8));
            put(s3, "landing/people.csv.gz", gzip("id,active\n1,true\n2,false\n"));
            put(s3, "landing/events.jsonl", "{\"type\":\"open\",\"n\":1}\n{\"type\":\"click\",\"n\":2}\n".getBytes(StandardCharsets.UTF_8));
            put(s3, "landing/broken.csv", "a,b\n1,2\n3\n".getBytes(StandardCharsets.UTF_8));
            put(s3, "landing/sub/deep.txt", "x\n".getBytes(StandardCharsets.UTF_8));
            // a large file whose tail is not CSV at all: a preview that read it whole would fail
            StringBuilder big = new StringBuilder("id,value\n");
            for (int i = 0; big.length() < 1_000_000; i++) {
                big.append(i).append(",v").append(i).append('\n');
            }
            big.append("\"unterminated,garbage\n".repeat(1000));
            put(s3, "landing/big.csv", big.toString().getBytes(StandardCharsets.UTF_8));
            put(s3, "outside/secret.csv", "a\n1\n".getBytes(StandardCharsets.UTF_8));
        }
        id = api.create(ConnectionsApi.body("explore", "Access Key", Map.of("s3AccessKey", ConnectionsApi.ACCESS_KEY,
                "s3SecretKey", ConnectionsApi.SECRET_KEY, "serviceUrl", motoUrl, "bucketName", bucket, "folderPath", "landing")))
                .then().statusCode(201).extract().path("id");
    }

    private String explore(String query) {
        return "/connections/" + id + "/explore?" + query;
    }

    @Test
    void rootListsTheConnectionsFolderOnly() {
        api.request().when().get(explore("objectType=root")).then().statusCode(200)
                .body("items.name", hasItem("people.csv"))
                .body("items.find { it.name == 'sub' }.type", equalTo("folder"))
                .body("items.find { it.name == 'sub' }.path", equalTo("/" + bucket + "/landing/sub/"))
                .body("items.find { it.name == 'people.csv' }.size", equalTo(69))
                .body("items.find { it.name == 'people.csv' }.canPreview", equalTo(true))
                .body("items.name", not(hasItem("secret.csv")));
        api.request().when().get(explore("objectType=folder&object=/" + bucket + "/landing/sub/")).then().statusCode(200)
                .body("items.name", contains("deep.txt"));
        api.request().when().get(explore("objectType=folder&object=/" + bucket + "/outside/")).then().statusCode(400);
        api.request().when().get(explore("objectType=folder&object=/other-bucket/landing/")).then().statusCode(400);
        api.request().when().get(explore("objectType=folder&object=/" + bucket + "/landing/../outside/")).then().statusCode(400);
    }

    @Test
    void foldersPage() {
        String token = api.request().when().get(explore("objectType=root&limit=2")).then().statusCode(200)
                .extract().path("continuationToken");
        api.request().queryParam("continuationToken", token).when().get(explore("objectType=root&limit=100")).then()
                .statusCode(200).body("continuationToken", nullValue());
    }

    @Test
    void previewsInferTypes() {
        api.request().when().get(explore("objectType=file&object=/" + bucket + "/landing/people.csv&fileType=delimited&preview=true"))
                .then().statusCode(200)
                .body("schema.name", contains("id", "name", "score", "joined"))
                .body("schema.type", contains("integer", "string", "number", "date"))
                .body("data[0].name", equalTo("Doe, Jane"));
        api.request().when().get(explore("objectType=file&object=/" + bucket + "/landing/people.csv.gz&fileType=delimited&compressionType=gzip"))
                .then().statusCode(200).body("schema.type", contains("integer", "boolean"));
        api.request().when().get(explore("objectType=file&object=/" + bucket + "/landing/events.jsonl&fileType=json"))
                .then().statusCode(200).body("schema.name", contains("type", "n")).body("data[1].type", equalTo("click"));
        api.request().when().get(explore("objectType=file&object=/" + bucket + "/landing/big.csv&fileType=delimited&previewRows=5"))
                .then().statusCode(200).body("data.size()", equalTo(5)).body("schema.type", contains("integer", "string"));
    }

    @Test
    void missingAndUnparseableFiles() {
        api.request().when().get(explore("objectType=file&object=/" + bucket + "/landing/none.csv")).then().statusCode(404)
                .contentType(startsWith("application/problem+json"));
        api.request().when().get(explore("objectType=file&object=/" + bucket + "/landing/broken.csv")).then().statusCode(422)
                .body("detail", startsWith("Line 3"));
        api.request().when().get(explore("objectType=file&object=/" + bucket + "/landing/people.csv&fileType=xml")).then().statusCode(400);
    }

    private void put(S3Client s3, String key, byte[] bytes) {
        s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(bytes));
    }

    private static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }
}
