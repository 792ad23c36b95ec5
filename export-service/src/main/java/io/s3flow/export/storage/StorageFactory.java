package io.s3flow.export.storage;

import io.s3flow.common.aws.AwsConfig;
import io.s3flow.common.aws.EndpointHttpClients;
import io.s3flow.common.aws.ServiceUrlConfig;
import io.s3flow.export.connection.ConnectionServiceClient.Access;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Opens {@link BucketStorage} for a connection's access; the HTTP clients (and their connection pools) are shared, and
 * a connection's own {@code serviceUrl} is reached only through the one whose resolver refuses non-public addresses.
 */
@ApplicationScoped
public class StorageFactory {

    private final AwsConfig aws;
    private final S3Upload.Parts parts;
    private final ExecutorService partUploads;
    private final EndpointHttpClients http;

    protected StorageFactory(AwsConfig aws, StorageConfig config, ServiceUrlConfig serviceUrls) {
        this.aws = aws;
        this.http = new EndpointHttpClients(serviceUrls.allowed(), Duration.ofSeconds(5), Duration.ofSeconds(60));
        this.partUploads = Executors.newFixedThreadPool(config.partUploadThreads(), r -> {
            Thread thread = new Thread(r, "s3-part-upload");
            thread.setDaemon(true);
            return thread;
        });
        this.parts = new S3Upload.Parts(config.partSizeBytes(), config.partsInFlight(), partUploads);
    }

    public BucketStorage open(Access access, Encryption encryption) {
        return new BucketStorage(client(access), access.target().bucket(), encryption, parts);
    }

    /** Parts already queued still go (or fail): an upload waiting for them to abort must not wait forever. */
    @PreDestroy
    void stopPartUploads() {
        partUploads.shutdown();
        http.close();
    }

    /** An S3 client with the access's credentials, at the connection's endpoint (or this configuration's). */
    protected S3Client client(Access access) {
        AwsCredentials credentials = access.sessionToken() == null
                ? AwsBasicCredentials.create(access.accessKeyId(), access.secretAccessKey())
                : AwsSessionCredentials.create(access.accessKeyId(), access.secretAccessKey(), access.sessionToken());
        String serviceUrl = access.target().serviceUrl();
        URI connectionEndpoint = serviceUrl != null ? URI.create(serviceUrl) : null;
        var builder = S3Client.builder()
                .httpClient(http.forEndpoint(connectionEndpoint))
                .region(Region.of(aws.region()))
                .credentialsProvider(StaticCredentialsProvider.create(credentials))
                // the delivery loop owns retries (backoff up to minutes, state FAILING); the SDK only smooths blips
                .overrideConfiguration(ClientOverrideConfiguration.builder().retryStrategy(RetryMode.STANDARD)
                        .apiCallTimeout(Duration.ofMinutes(2)).build());
        URI endpoint = connectionEndpoint != null ? connectionEndpoint : aws.endpointOverride().orElse(null);
        if (endpoint != null) {
            builder.endpointOverride(endpoint).forcePathStyle(true);
        }
        return builder.build();
    }
}
