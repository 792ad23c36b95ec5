package io.s3flow.credential.platform;

import io.s3flow.common.aws.AwsConfig;
import io.s3flow.common.aws.RegionFollowingS3Client;
import io.s3flow.common.problem.Problem;
import io.s3flow.common.problem.ProblemException;
import io.s3flow.credential.cache.ExpiringCache;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Proof that a bucket belongs to the org an {@code IAMRole Based} connection is made for, which holds even where no
 * bucket policy is evaluated (an S3-compatible server, an emulator, a bucket policy too broad): the connection's
 * folder must hold an object named after the org's ownership token, which only the bucket's owner can put there and
 * only s3flow can compute. Checked with the org's own session before its credentials are handed out; a proof is
 * trusted for a few minutes, then looked at again.
 */
@ApplicationScoped
public class BucketOwnership {

    public static final String UNPROVEN = "BUCKET_OWNERSHIP_UNPROVEN";
    static final String OBJECT_PREFIX = ".s3flow-ownership-";
    private static final Duration TRUSTED_FOR = Duration.ofMinutes(5);

    private record Proof(String token, String bucket, String prefix) {
    }

    @Inject
    AwsConfig aws;
    private final SdkHttpClient http = UrlConnectionHttpClient.builder()
            .connectionTimeout(Duration.ofSeconds(5)).socketTimeout(Duration.ofSeconds(10)).build();
    /** Proofs seen, until when they are trusted; one look at a time per proof, however many resolves ask at once. */
    private final ExpiringCache<Proof, Instant> proven = new ExpiringCache<>(until -> until, Duration.ZERO, Clock.systemUTC());

    /** The name of the object an org puts into its connection's folder. */
    public static String objectName(String token) {
        return OBJECT_PREFIX + token;
    }

    /**
     * Returns if {@code bucket/prefix} holds the org's proof (looked for with the org's session, in the bucket's region
     * when known); 403 otherwise.
     */
    public void require(AwsSessionCredentials session, String bucket, String prefix, String bucketRegion, String token) {
        proven.get(new Proof(token, bucket, prefix), () -> {
            String key = prefix + objectName(token);
            try (S3Client s3 = client(session, bucketRegion)) {
                s3.headObject(b -> b.bucket(bucket).key(key));
            } catch (S3Exception e) {
                if (e.statusCode() == 403 || e.statusCode() == 404) {
                    throw unproven(bucket, key);
                }
                throw unavailable();
            } catch (SdkClientException e) {
                throw unavailable();
            }
            return Instant.now().plus(TRUSTED_FOR);
        });
    }

    private static ProblemException unproven(String bucket, String key) {
        return new ProblemException(Problem.of(403, "Forbidden", "s3flow cannot tell that s3://" + bucket + " belongs to your org: "
                + "put an empty object at s3://" + bucket + "/" + key + " (its name comes from GET /connectionSpecs/{id}/configs"
                + "?authType=IamBasedAuthentication) and allow the platform role in the bucket policy, then try again.", UNPROVEN));
    }

    private static ProblemException unavailable() {
        return new ProblemException(Problem.of(503, "Service Unavailable",
                "S3 could not be reached to check the bucket's ownership; try again later.", "S3_UNAVAILABLE"));
    }

    /** The bucket's region may not be known yet, or be another one by now: the client follows S3's redirect. */
    private S3Client client(AwsSessionCredentials session, String bucketRegion) {
        Region region = Region.of(bucketRegion == null ? aws.region() : bucketRegion);
        var builder = S3Client.builder().httpClient(http).region(region).credentialsProvider(StaticCredentialsProvider.create(session));
        aws.endpointOverride().ifPresent(endpoint -> builder.endpointOverride(endpoint).forcePathStyle(true));
        return new RegionFollowingS3Client(builder.build(), region, found -> {
        });
    }

    @PreDestroy
    void close() {
        http.close();
    }
}
