package io.s3flow.connection;

import static io.s3flow.common.testing.ServiceJar.MOTO_URL;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Connection tests that are right although the folder is odd or other tests run at the same time: an empty object
 * first in the folder (a ranged read of it is InvalidRange) and tests of one connection racing each other (each writes,
 * reads and deletes its own probe object) pass when every permission is there.
 */
@QuarkusTest
class ConcurrentCheckTest {

    private final ConnectionsApi api = ConnectionsApi.freshSandbox();
    private final String bucket = "checks-" + UUID.randomUUID().toString().substring(0, 8);
    private String id;
    private S3Client s3;

    @BeforeEach
    void connectionToAFolderThatStartsWithAnEmptyObject() {
        s3 = ConnectionsApi.moto(MOTO_URL);
        s3.createBucket(b -> b.bucket(bucket));
        s3.putObject(b -> b.bucket(bucket).key("landing/.0-empty-marker"), RequestBody.empty());
        s3.putObject(b -> b.bucket(bucket).key("landing/people.csv"), RequestBody.fromString("id\n1\n"));
        id = api.create(ConnectionsApi.body("checks", "Access Key", Map.of("s3AccessKey", ConnectionsApi.ACCESS_KEY,
                "s3SecretKey", ConnectionsApi.SECRET_KEY, "serviceUrl", MOTO_URL, "bucketName", bucket, "folderPath", "landing")))
                .then().statusCode(201).extract().path("id");
    }

    @AfterEach
    void close() {
        s3.close();
    }

    @Test
    void anEmptyFirstObjectIsReadableNotAPermissionFailure() {
        api.request().when().get("/connections/" + id + "/test").then().statusCode(200).body("result", equalTo(true));
        for (String purpose : List.of("source", "stream", "export")) {
            JsonPath report = api.request().when().post("/connections/" + id + "/test?purpose=" + purpose).then().statusCode(200)
                    .extract().jsonPath();
            assertTrue(report.getBoolean("result"), purpose + ": " + report.prettify());
        }
    }

    @Test
    void eightStreamTestsOfOneConnectionAtOnceAllPassAndLeaveNothingBehind() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<JsonPath>> tests = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                tests.add(() -> api.request().when().post("/connections/" + id + "/test?purpose=stream").then().statusCode(200)
                        .extract().jsonPath());
            }
            for (int round = 0; round < 3; round++) {
                for (Future<JsonPath> test : pool.invokeAll(tests)) {
                    JsonPath report = test.get();
                    assertTrue(report.getBoolean("result"), report.prettify());
                }
            }
        } finally {
            pool.shutdownNow();
        }
        List<String> keys = s3.listObjectsV2(b -> b.bucket(bucket).prefix("landing/")).contents().stream().map(o -> o.key()).toList();
        assertEquals(List.of("landing/.0-empty-marker", "landing/people.csv"), keys, "probe objects left behind");
    }
}
