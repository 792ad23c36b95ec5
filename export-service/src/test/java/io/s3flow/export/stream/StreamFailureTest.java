package io.s3flow.export.stream;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.s3flow.common.aws.AwsConfig;
import io.s3flow.common.aws.ServiceUrlConfig;
import io.s3flow.export.ConnectionStack;
import io.s3flow.export.S3ProxyServer;
import io.s3flow.export.connection.ConnectionServiceClient.Access;
import io.s3flow.export.storage.StorageConfig;
import io.s3flow.export.storage.StorageFactory;
import jakarta.inject.Inject;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.S3Client;

/** What delivery does when S3 refuses the keys, disappears, or the delivery dies half-way through a batch. */
@QuarkusTest
@QuarkusTestResource(ConnectionStack.class)
class StreamFailureTest {

    @Inject
    AwsConfig aws;
    @Inject
    StorageConfig storageConfig;
    @Inject
    ServiceUrlConfig serviceUrls;

    final StreamsApi streams = new StreamsApi();

    @Test
    void rejectedKeysPauseTheStreamAndNothingIsLostOnceTheConnectionIsFixed() throws Exception {
        S3ProxyServer s3proxy = ConnectionStack.s3proxy;
        S3Client admin = StreamsApi.s3(s3proxy.url(), S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY);
        String bucket = "keys-" + UUID.randomUUID().toString().substring(0, 8);
        admin.createBucket(b -> b.bucket(bucket));
        String connection = streams.connection(Map.of("s3AccessKey", S3ProxyServer.ACCESS_KEY, "s3SecretKey", S3ProxyServer.SECRET_KEY,
                "bucketName", bucket, "folderPath", "landing", "serviceUrl", s3proxy.url()));
        String streamId = streams.createStream(connection, "keys", Map.of("maxSeconds", 1));
        streams.postEvents("keys-a", 10);
        streams.awaitDelivered(streamId, 10, Duration.ofSeconds(20));

        // the key is revoked (here: the connection now holds a key S3 does not know)
        patchAccessKey(connection, "AKIAREVOKEDKEY000001");
        streams.postEvents("keys-b", 10);
        streams.await(streamId, Duration.ofSeconds(20), s -> "PAUSED".equals(s.path("status.state")))
                .then().body("status.errorCode", equalTo("InvalidAccessKeyId")).body("status.hint", notNullValue())
                .body("status.backlog", equalTo(10));
        StreamsApi.sleep(2500);
        streams.status(streamId).then().body("status.state", equalTo("PAUSED")).body("status.deliveredEvents", equalTo(10));

        // the user fixes the connection: its new etag resumes the stream by itself, and the backlog goes out
        patchAccessKey(connection, S3ProxyServer.ACCESS_KEY);
        streams.awaitDelivered(streamId, 20, Duration.ofSeconds(30)).then().body("status.state", equalTo("ACTIVE"));

        // a user's pause holds events back until the user resumes
        streams.api().post("/streams/" + streamId + "/pause").then().statusCode(200).body("status.state", equalTo("PAUSED"));
        streams.postEvents("keys-c", 5);
        StreamsApi.sleep(2500);
        streams.status(streamId).then().body("status.backlog", equalTo(5)).body("status.deliveredEvents", equalTo(20));
        streams.api().post("/streams/" + streamId + "/resume").then().statusCode(200);
        streams.awaitDelivered(streamId, 25, Duration.ofSeconds(30));

        Map<String, Integer> seen = StreamsApi.readBack(admin, bucket, streamId);
        StreamsApi.assertExactlyOnce(seen, "keys-a", 10);
        StreamsApi.assertExactlyOnce(seen, "keys-b", 10);
        StreamsApi.assertExactlyOnce(seen, "keys-c", 5);
    }

    private void patchAccessKey(String connection, String accessKey) {
        String etag = streams.connections().get("/connections/" + connection).then().extract().path("items[0].etag");
        streams.connections().contentType(ContentType.JSON).header("If-Match", etag)
                .body(List.of(Map.of("op", "replace", "path", "/auth/params/s3AccessKey", "value", accessKey)))
                .patch("/connections/" + connection).then().statusCode(200);
    }

    @Test
    void s3DownMeansFailingThenEverythingArrivesWhenItIsBack() throws Exception {
        String bucket = StreamsApi.newBucket();
        String connection = streams.connection(Map.of("s3AccessKey", "AKIAIOSFODNN7EXAMPLE", "s3SecretKey", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
                "bucketName", bucket, "serviceUrl", ConnectionStack.flakyMoto.url()));
        String streamId = streams.createStream(connection, "outage", Map.of("maxSeconds", 1));
        ConnectionStack.flakyMoto.cut();
        try {
            streams.postEvents("outage", 300);
            streams.await(streamId, Duration.ofSeconds(20), s -> "FAILING".equals(s.path("status.state")))
                    .then().body("status.reason", notNullValue()).body("status.backlog", equalTo(300));
        } finally {
            ConnectionStack.flakyMoto.restore();
        }
        streams.awaitDelivered(streamId, 300, Duration.ofSeconds(30)).then().body("status.state", equalTo("ACTIVE"));
        StreamsApi.assertExactlyOnce(StreamsApi.readBack(StreamsApi.MOTO, bucket, streamId), "outage", 300);
    }

    @Test
    void aDeliveryThatDiesAfterItsFirstFileIsRedoneWithoutDuplicates() throws Exception {
        AtomicBoolean dying = new AtomicBoolean(true);
        AtomicInteger puts = new AtomicInteger();
        // the first PutObject of the batch succeeds, every later S3 call fails until the test lets it live
        QuarkusMock.installMockForType(new StorageFactory(aws, storageConfig, serviceUrls) {
            @Override
            protected S3Client client(Access access) {
                S3Client real = super.client(access);
                return (S3Client) Proxy.newProxyInstance(S3Client.class.getClassLoader(), new Class<?>[] {S3Client.class},
                        (proxy, method, args) -> {
                            if (dying.get() && method.getName().equals("putObject") && puts.incrementAndGet() > 1) {
                                throw SdkClientException.create("simulated crash after the first file");
                            }
                            try {
                                return method.invoke(real, args);
                            } catch (InvocationTargetException e) {
                                throw e.getCause();
                            }
                        });
            }
        }, StorageFactory.class);
        String bucket = StreamsApi.newBucket();
        String streamId = streams.createStream(streams.connection(bucket), "crash", Map.of("maxSeconds", 1));
        streams.postEvents("crash", 3_000); // three types: three files in the batch
        streams.await(streamId, Duration.ofSeconds(20), s -> "FAILING".equals(s.path("status.state")));
        StreamsApi.sleep(1500);
        streams.status(streamId).then().body("status.deliveredEvents", equalTo(0)).body("status.backlog", equalTo(3000));
        dying.set(false);
        streams.awaitDelivered(streamId, 3_000, Duration.ofSeconds(30));
        StreamsApi.assertExactlyOnce(StreamsApi.readBack(StreamsApi.MOTO, bucket, streamId), "crash", 3_000);
    }
}
