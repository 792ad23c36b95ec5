package io.s3flow.common.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.s3flow.common.testing.AwsFront;
import io.s3flow.common.testing.ServiceJar;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/** Clients of a connection, through a front that answers like AWS, against the test moto. */
class RegionFollowingS3ClientTest {

    static AwsFront front;
    static ConnectionS3Clients clients;

    @BeforeAll
    static void start() {
        front = AwsFront.start(ServiceJar.MOTO_URL);
        AwsConfig aws = new AwsConfig() {
            @Override
            public String region() {
                return "us-east-1";
            }

            @Override
            public Optional<URI> endpointOverride() {
                return Optional.of(URI.create(front.url()));
            }
        };
        clients = new ConnectionS3Clients(aws, () -> Optional.of(List.of(front.url())), Duration.ofSeconds(2), Duration.ofSeconds(10));
    }

    @AfterAll
    static void stop() {
        clients.close();
        front.close();
    }

    private static String bucketIn(String region) {
        String bucket = "region-" + UUID.randomUUID().toString().substring(0, 8);
        front.createBucket(bucket, region, false);
        return bucket;
    }

    private static RegionFollowingS3Client client(String region, List<String> heard) {
        return clients.create(clients.endpoint(null, null), region, ConnectionS3Clients.credentials("AKIAIOSFODNN7EXAMPLE", "secret", null),
                ClientOverrideConfiguration.builder().build(), heard::add);
    }

    @Test
    void aBucketInAnotherRegionIsFollowedAfterOneRedirect() {
        String bucket = bucketIn("eu-west-1");
        List<String> heard = new CopyOnWriteArrayList<>();
        try (RegionFollowingS3Client s3 = client("us-east-1", heard)) {
            s3.putObject(b -> b.bucket(bucket).key("a/one.txt"), RequestBody.fromString("one"));
            assertEquals(List.of("eu-west-1"), heard);
            assertEquals("eu-west-1", s3.region());
            s3.putObject(b -> b.bucket(bucket).key("a/two.txt"), RequestBody.fromString("two"));
            assertEquals(2, s3.listObjectsV2(b -> b.bucket(bucket).prefix("a/")).keyCount());
            assertEquals("two", s3.getObjectAsBytes(b -> b.bucket(bucket).key("a/two.txt")).asUtf8String());
        }
        assertEquals(1, front.redirects(bucket), "one redirect, then the client signs for the bucket's region");
        try (RegionFollowingS3Client s3 = client("eu-west-1", heard)) {
            s3.headBucket(b -> b.bucket(bucket));
        }
        assertEquals(1, front.redirects(bucket), "a client made for the remembered region is never redirected");
    }

    @Test
    void aHeadRequestWhoseRedirectHasNoBodyIsFollowedByItsHeader() {
        String bucket = bucketIn("eu-west-1");
        List<String> heard = new CopyOnWriteArrayList<>();
        try (RegionFollowingS3Client s3 = client("eu-west-1", heard)) {
            s3.putObject(b -> b.bucket(bucket).key("proof"), RequestBody.empty());
        }
        try (RegionFollowingS3Client s3 = client("us-east-1", heard)) {
            assertEquals(0L, s3.headObject(b -> b.bucket(bucket).key("proof")).contentLength());
        }
        assertEquals(List.of("eu-west-1"), heard);
        assertEquals(1, front.redirects(bucket), front.redirected(bucket).toString());
    }

    @Test
    void theRegionOfAnAuthorizationHeaderMalformedIsFollowedToo() {
        String bucket = bucketIn("ap-southeast-2");
        front.answerWrongRegionWith(AwsFront.WrongRegion.AUTHORIZATION_HEADER_MALFORMED);
        List<String> heard = new CopyOnWriteArrayList<>();
        try (RegionFollowingS3Client s3 = client("us-east-1", heard)) {
            assertEquals(0, s3.listObjectsV2(b -> b.bucket(bucket)).keyCount());
        } finally {
            front.answerWrongRegionWith(AwsFront.WrongRegion.PERMANENT_REDIRECT);
        }
        assertEquals(List.of("ap-southeast-2"), heard);
        assertEquals(1, front.redirects(bucket));
    }

    @Test
    void otherRefusalsAreNotRetriedAndEveryUploadCarriesAChecksum() {
        String bucket = bucketIn("eu-west-1");
        front.requireEncryption(bucket);
        List<String> heard = new CopyOnWriteArrayList<>();
        try (RegionFollowingS3Client s3 = client("eu-west-1", heard)) {
            S3Exception denied = assertThrows(S3Exception.class,
                    () -> s3.putObject(b -> b.bucket(bucket).key("plain"), RequestBody.fromString("x")));
            assertEquals(403, denied.statusCode());
            assertTrue(denied.awsErrorDetails().errorMessage().contains("explicit deny"), denied.getMessage());
            s3.putObject(Encryption.of("AES256", null).applyTo(software.amazon.awssdk.services.s3.model.PutObjectRequest.builder()
                    .bucket(bucket).key("sealed")).build(), RequestBody.fromString("x"));
            var head = s3.headObject(b -> b.bucket(bucket).key("sealed").checksumMode(ChecksumMode.ENABLED));
            assertEquals(ServerSideEncryption.AES256, head.serverSideEncryption());
            assertTrue(head.checksumCRC32() != null, "S3 holds the CRC32 the SDK sent: " + head);
            S3Exception corrupt = assertThrows(S3Exception.class, () -> s3.putObject(b -> b.bucket(bucket).key("corrupt")
                    .serverSideEncryption(ServerSideEncryption.AES256).checksumCRC32("AAAAAA=="), RequestBody.fromString("x")));
            assertEquals("BadDigest", corrupt.awsErrorDetails().errorCode(), "the front checks a checksum as S3 does");
        }
        assertEquals(List.of(), heard);
        assertEquals(0, front.redirects(bucket));
        assertEquals(List.of(), front.uploadsWithoutChecksum(bucket));
    }

    @Test
    void anUploadWithoutChecksumIsNoticed() {
        String bucket = bucketIn("us-east-1");
        try (S3Client plain = S3Client.builder().endpointOverride(URI.create(front.url())).forcePathStyle(true)
                .region(software.amazon.awssdk.regions.Region.US_EAST_1)
                .requestChecksumCalculation(software.amazon.awssdk.core.checksums.RequestChecksumCalculation.WHEN_REQUIRED)
                .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                        ConnectionS3Clients.credentials("AKIAIOSFODNN7EXAMPLE", "secret", null))).build()) {
            plain.putObject(b -> b.bucket(bucket).key("unchecked"), RequestBody.fromString("x"));
        }
        assertEquals(1, front.uploadsWithoutChecksum(bucket).size(), front.requests(bucket).toString());
    }

    @Test
    void kmsKeysMustExistAndAllowTheCaller() {
        String bucket = bucketIn("eu-west-1");
        AwsFront.KmsKey key = front.createKmsKey("eu-west-1");
        try (S3Client s3 = client("eu-west-1", new CopyOnWriteArrayList<>())) {
            s3.putObject(b -> b.bucket(bucket).key("kms").serverSideEncryption(ServerSideEncryption.AWS_KMS).ssekmsKeyId(key.arn()),
                    RequestBody.fromString("x"));
            var head = s3.headObject(b -> b.bucket(bucket).key("kms"));
            assertEquals(ServerSideEncryption.AWS_KMS, head.serverSideEncryption());
            assertEquals(key.arn(), head.ssekmsKeyId());
            S3Exception missing = assertThrows(S3Exception.class, () -> s3.putObject(b -> b.bucket(bucket).key("nokey")
                    .serverSideEncryption(ServerSideEncryption.AWS_KMS).ssekmsKeyId(UUID.randomUUID().toString()), RequestBody.fromString("x")));
            assertEquals("KMS.NotFoundException", missing.awsErrorDetails().errorCode());
            front.keyPolicyDeniesAll(key);
            S3Exception denied = assertThrows(S3Exception.class, () -> s3.putObject(b -> b.bucket(bucket).key("kms2")
                    .serverSideEncryption(ServerSideEncryption.AWS_KMS).ssekmsKeyId(key.id()), RequestBody.fromString("x")));
            assertTrue(denied.awsErrorDetails().errorMessage().contains("kms:GenerateDataKey"), denied.getMessage());
        }
    }
}
