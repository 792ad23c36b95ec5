package io.s3flow.export.stream;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.s3flow.common.testing.AwsFront;
import io.s3flow.export.AwsFrontStack;
import io.s3flow.export.readback.PostedEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * Streams and exports into buckets as customers have them on AWS, through a front that answers as AWS does (regions,
 * a bucket policy requiring encryption, KMS key and session policies) in front of the test moto, with Role ARN
 * connections (whose session policy s3flow writes).
 */
@QuarkusTest
@TestProfile(AwsFrontStack.Profile.class)
class AwsBucketsTest {

    private static final String CUSTOMER_ROLE = "arn:aws:iam::111122223333:role/s3flow-delivery";

    private final StreamsApi streams = new StreamsApi();

    private static String bucketIn(String region) {
        String bucket = "aws-" + region + "-" + UUID.randomUUID().toString().substring(0, 8);
        AwsFrontStack.front.createBucket(bucket, region, false);
        return bucket;
    }

    private String roleArnConnection(String bucket) {
        return streams.connection("Role ARN", Map.of("roleArn", CUSTOMER_ROLE, "bucketName", bucket, "folderPath", "landing"));
    }

    private String createStream(String connectionId, Object serverSideEncryption) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("name", "aws", "connectionId", connectionId, "folderPath", "currents",
                "flush", Map.of("maxSeconds", 1)));
        body.put("serverSideEncryption", serverSideEncryption);
        return streams.api().contentType(ContentType.JSON).body(body).post("/streams").then().statusCode(201).extract().path("id");
    }

    /** Creates a CSV export with a manifest, runs it once and waits for the run; returns the run's view. */
    private JsonPath exportOnce(String connectionId, Object serverSideEncryption) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("name", "aws export", "connectionId", connectionId,
                "select", Map.of("fields", List.of("id", "type", "properties.n", "properties.pad")), "format", "csv", "manifest", true,
                "folderPath", "exports"));
        body.put("serverSideEncryption", serverSideEncryption);
        String exportId = streams.api().contentType(ContentType.JSON).body(body).post("/exports").then().statusCode(201).extract().path("id");
        String runId = streams.api().post("/exports/" + exportId + "/runs").then().statusCode(202).extract().path("runId");
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        JsonPath run;
        do {
            StreamsApi.sleep(200);
            run = streams.api().get("/exports/" + exportId + "/runs/" + runId).then().statusCode(200).extract().jsonPath();
        } while (List.of("QUEUED", "IN_PROGRESS").contains(run.getString("status")) && Instant.now().isBefore(deadline));
        assertEquals("SUCCESS", run.getString("status"), run.prettify());
        return run;
    }

    private static HeadObjectResponse head(String bucket, String key) {
        return StreamsApi.MOTO.headObject(b -> b.bucket(bucket).key(key).checksumMode(ChecksumMode.ENABLED));
    }

    @ParameterizedTest
    @ValueSource(strings = {"eu-west-1", "ap-southeast-2"})
    void streamsAndExportsDeliverIntoBucketsOfAnyRegionAfterOneRedirect(String region) throws Exception {
        String bucket = bucketIn(region);
        String connectionId = roleArnConnection(bucket);
        String streamId = createStream(connectionId, null);
        Map<String, PostedEvent> posted = streams.postEvents("region", 30);
        streams.awaitDelivered(streamId, 30, Duration.ofSeconds(30));
        StreamsApi.assertExactlyOnce(posted, StreamsApi.readBack(StreamsApi.MOTO, bucket, "currents", streamId));
        JsonPath run = exportOnce(connectionId, null);
        assertEquals(30, run.getInt("metrics.records.output"));

        streams.connections().get("/connections/" + connectionId).then().body("items[0].region", equalTo(region));
        assertEquals(1, AwsFrontStack.front.redirects(bucket),
                "the stream test found the region; every later call signed for it: " + AwsFrontStack.front.redirected(bucket));
        for (S3Object object : StreamsApi.MOTO.listObjectsV2Paginator(b -> b.bucket(bucket)).contents()) {
            assertNotNull(head(bucket, object.key()).checksumCRC32(), "every object s3flow writes carries a CRC32: " + object.key());
        }
        assertEquals(List.of(), AwsFrontStack.front.uploadsWithoutChecksum(bucket), "every upload carried a checksum S3 verifies");
    }

    @Test
    void anSseKmsStreamWritesWithItsKeyUnderASessionPolicyThatAllowsIt() throws Exception {
        String bucket = bucketIn("eu-west-1");
        AwsFront.KmsKey key = AwsFrontStack.front.createKmsKey("eu-west-1");
        String streamId = createStream(roleArnConnection(bucket), Map.of("kms", key.arn()));
        streams.postEvents("kms", 9);
        streams.awaitDelivered(streamId, 9, Duration.ofSeconds(30));
        List<S3Object> objects = StreamsApi.MOTO.listObjectsV2(b -> b.bucket(bucket).prefix("landing/currents/")).contents();
        assertEquals(3, objects.size(), "a file per event type");
        for (S3Object object : objects) {
            HeadObjectResponse head = head(bucket, object.key());
            assertEquals(ServerSideEncryption.AWS_KMS, head.serverSideEncryption());
            assertEquals(key.arn(), head.ssekmsKeyId());
        }
    }

    @Test
    void aBucketPolicyRequiringEncryptionRefusesAStreamWithoutItAndAcceptsAnSseKmsExportInParts() throws Exception {
        String bucket = bucketIn("ap-southeast-2");
        AwsFrontStack.front.requireEncryption(bucket);
        String connectionId = roleArnConnection(bucket);
        streams.api().contentType(ContentType.JSON).body(Map.of("name", "plain", "connectionId", connectionId, "folderPath", "plain"))
                .post("/streams").then().statusCode(422).body("errorCode", equalTo("CONNECTION_TEST_FAILED"))
                .body("violations.field", hasItem("s3:PutObject"));

        // a little over one part of CSV: the export goes up as a multipart upload, SSE-KMS, with part checksums
        String pad = "x".repeat(600);
        for (int request = 0; request < 2; request++) {
            List<PostedEvent> events = new ArrayList<>();
            for (int i = 0; i < 5_000; i++) {
                int n = request * 5_000 + i;
                events.add(new PostedEvent("big-" + n, StreamsApi.TYPES.get(n % 3), Instant.now(), null,
                        PostedEvent.JSON.createObjectNode().put("n", n).put("pad", pad)));
            }
            streams.post(events);
        }
        AwsFront.KmsKey key = AwsFrontStack.front.createKmsKey("ap-southeast-2");
        JsonPath run = exportOnce(connectionId, Map.of("kms", key.id()));
        String csv = run.getString("files[0].key");
        assertTrue(run.getLong("files[0].bytes") > AwsFrontStack.PART_SIZE, "more than one part: " + run.prettify());
        HeadObjectResponse head = head(bucket, csv);
        assertEquals(ServerSideEncryption.AWS_KMS, head.serverSideEncryption());
        assertNotNull(head.checksumCRC32(), "S3's checksum of the parts' checksums");
        assertEquals(List.of(), AwsFrontStack.front.uploadsWithoutChecksum(bucket), "every part and PUT carried a checksum");
        assertEquals(1, AwsFrontStack.front.redirects(bucket), AwsFrontStack.front.redirected(bucket).toString());
    }

    @Test
    void aKeyS3flowMayNotUseIsNamedWhenTheStreamIsCreated() {
        String bucket = bucketIn("eu-west-1");
        AwsFront.KmsKey key = AwsFrontStack.front.createKmsKey("eu-west-1");
        AwsFrontStack.front.keyPolicyDeniesAll(key);
        streams.api().contentType(ContentType.JSON).body(Map.of("name", "kms", "connectionId", roleArnConnection(bucket),
                        "serverSideEncryption", Map.of("kms", key.arn())))
                .post("/streams").then().statusCode(422).body("violations.field", hasItem("kms:GenerateDataKey"));
    }

    @Test
    void aStreamFollowsItsBucketToAnotherRegionAndTheConnectionRemembersIt() throws Exception {
        String bucket = bucketIn("eu-west-1");
        String connectionId = roleArnConnection(bucket);
        String streamId = createStream(connectionId, "AES256");
        streams.postEvents("before", 3);
        streams.awaitDelivered(streamId, 3, Duration.ofSeconds(30));
        StreamsApi.MOTO.listObjectsV2Paginator(b -> b.bucket(bucket)).contents()
                .forEach(o -> StreamsApi.MOTO.deleteObject(b -> b.bucket(bucket).key(o.key())));
        StreamsApi.MOTO.deleteBucket(b -> b.bucket(bucket));
        AwsFrontStack.front.createBucket(bucket, "ap-southeast-2", false);

        Map<String, PostedEvent> after = streams.postEvents("after", 3);
        streams.awaitDelivered(streamId, 6, Duration.ofSeconds(30));
        StreamsApi.assertExactlyOnce(after, StreamsApi.readBack(StreamsApi.MOTO, bucket, "currents", streamId));
        streams.connections().get("/connections/" + connectionId).then().body("items[0].region", equalTo("ap-southeast-2"));
        int redirects = AwsFrontStack.front.redirects(bucket);
        streams.postEvents("later", 3);
        streams.awaitDelivered(streamId, 9, Duration.ofSeconds(30));
        assertEquals(redirects, AwsFrontStack.front.redirects(bucket), "remembered: " + AwsFrontStack.front.redirected(bucket));
        assertEquals(2, redirects, "found out once; when it moved, one write redirected (the others waited for it), and "
                + "connection-service asked where S3 sent it: " + AwsFrontStack.front.redirected(bucket));
    }
}
