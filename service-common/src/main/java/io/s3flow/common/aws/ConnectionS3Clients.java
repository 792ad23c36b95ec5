package io.s3flow.common.aws;

import java.time.Duration;
import java.util.function.Consumer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * S3 clients for connections, the same in every service: at the connection's {@link S3Endpoint}, signed for the
 * bucket's region and following it when S3 says it is elsewhere ({@link RegionFollowingS3Client}), with a CRC32
 * checksum on every upload (S3 verifies it, and buckets with Object Lock refuse uploads without one). The HTTP clients
 * are shared; a connection's own S3-compatible {@code serviceUrl} is reached only through the one that refuses
 * non-public addresses ({@link EndpointHttpClients}). Each S3 client is cheap and closed by its user.
 */
public final class ConnectionS3Clients implements AutoCloseable {

    private final AwsConfig aws;
    private final EndpointHttpClients http;

    public ConnectionS3Clients(AwsConfig aws, ServiceUrlConfig serviceUrls, Duration connectTimeout, Duration socketTimeout) {
        this.aws = aws;
        this.http = new EndpointHttpClients(serviceUrls.allowed(), connectTimeout, socketTimeout);
    }

    /** Where a connection with this {@code serviceUrl} and {@code region} param is reached. */
    public S3Endpoint endpoint(String serviceUrl, String regionParam) {
        return S3Endpoint.of(serviceUrl, regionParam, aws.endpointOverride());
    }

    /** The region to sign for at first: named, else remembered with the connection, else this service's own. */
    public String region(S3Endpoint endpoint, String remembered) {
        return endpoint.region(remembered, aws.region());
    }

    /**
     * A client at {@code endpoint} signed for {@code region}; {@code onRegion} hears of the bucket's real region when
     * S3 redirects.
     */
    public RegionFollowingS3Client create(S3Endpoint endpoint, String region, AwsCredentials credentials,
            ClientOverrideConfiguration overrides, Consumer<String> onRegion) {
        var builder = S3Client.builder()
                .httpClient(http.forEndpoint(endpoint.aws() ? null : endpoint.override()))
                .region(Region.of(region))
                .credentialsProvider(StaticCredentialsProvider.create(credentials))
                .overrideConfiguration(overrides)
                // stated, not left to the SDK's default (or an AWS_REQUEST_CHECKSUM_CALCULATION in the environment)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_SUPPORTED);
        if (endpoint.override() != null) {
            // custom endpoints (moto, MinIO, S3Proxy) rarely resolve virtual-hosted bucket names
            builder.endpointOverride(endpoint.override()).forcePathStyle(endpoint.pathStyle());
        } else {
            builder.fipsEnabled(endpoint.fips()).dualstackEnabled(endpoint.dualstack());
        }
        return new RegionFollowingS3Client(builder.build(), Region.of(region), onRegion);
    }

    /** Static keys, or temporary ones with their session token. */
    public static AwsCredentials credentials(String accessKeyId, String secretAccessKey, String sessionToken) {
        return sessionToken == null ? AwsBasicCredentials.create(accessKeyId, secretAccessKey)
                : AwsSessionCredentials.create(accessKeyId, secretAccessKey, sessionToken);
    }

    @Override
    public void close() {
        http.close();
    }
}
