package io.s3flow.connection.bucket;

import io.s3flow.common.aws.AwsConfig;
import io.s3flow.common.aws.ConnectionS3Clients;
import io.s3flow.common.aws.RegionFollowingS3Client;
import io.s3flow.common.aws.S3Endpoint;
import io.s3flow.common.aws.ServiceUrlConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;

/** connection-service's S3 clients: a few calls each (a test, a listing, a preview), so short timeouts. */
@ApplicationScoped
public class S3ClientFactory {

    private final ConnectionS3Clients clients;

    S3ClientFactory(AwsConfig aws, ServiceUrlConfig serviceUrls) {
        this.clients = new ConnectionS3Clients(aws, serviceUrls, Duration.ofSeconds(5), Duration.ofSeconds(30));
    }

    /** Where a connection with these params is reached. */
    public S3Endpoint endpoint(Map<String, String> params) {
        return clients.endpoint(params.get("serviceUrl"), params.get("region"));
    }

    /** The region to sign for at first: named, else {@code remembered}, else this service's own. */
    public String region(S3Endpoint endpoint, String remembered) {
        return clients.region(endpoint, remembered);
    }

    public RegionFollowingS3Client create(S3Endpoint endpoint, String region, AwsCredentials credentials, Consumer<String> onRegion) {
        return clients.create(endpoint, region, credentials,
                ClientOverrideConfiguration.builder().apiCallTimeout(Duration.ofSeconds(30)).build(), onRegion);
    }

    @PreDestroy
    void close() {
        clients.close();
    }
}
