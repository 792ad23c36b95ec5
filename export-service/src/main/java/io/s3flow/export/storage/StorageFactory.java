package io.s3flow.export.storage;

import io.s3flow.common.aws.AwsConfig;
import io.s3flow.common.aws.ConnectionS3Clients;
import io.s3flow.common.aws.Encryption;
import io.s3flow.common.aws.S3Endpoint;
import io.s3flow.common.aws.ServiceUrlConfig;
import io.s3flow.export.connection.ConnectionRestClient.Access;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Opens {@link BucketStorage} for a connection's access: at the connection's endpoint, signed for its bucket's region
 * and following the bucket when S3 redirects (see {@link ConnectionS3Clients}). The HTTP clients (and their
 * connection pools) are shared.
 */
@ApplicationScoped
public class StorageFactory {

    private final ConnectionS3Clients clients;
    private final S3Upload.Parts parts;
    private final ExecutorService partUploads;

    protected StorageFactory(AwsConfig aws, StorageConfig config, ServiceUrlConfig serviceUrls) {
        this.clients = new ConnectionS3Clients(aws, serviceUrls, Duration.ofSeconds(5), Duration.ofSeconds(60));
        this.partUploads = Executors.newFixedThreadPool(config.partUploadThreads(), r -> {
            Thread thread = new Thread(r, "s3-part-upload");
            thread.setDaemon(true);
            return thread;
        });
        // two parts' worth of free chunks kept for the next parts; a burst beyond that is the garbage collector's
        this.parts = new S3Upload.Parts(config.partSizeBytes(), config.partsInFlight(), partUploads,
                new PartChunks(2 * ((config.partSizeBytes() + PartChunks.SIZE - 1) / PartChunks.SIZE)));
    }

    /** {@code onRegionMoved} hears the bucket's region when S3 redirects the writes there (at most once per storage). */
    public BucketStorage open(Access access, Encryption encryption, Consumer<String> onRegionMoved) {
        return new BucketStorage(client(access, onRegionMoved), access.target().bucket(), encryption, parts);
    }

    /** Parts already queued still go (or fail): an upload waiting for them to abort must not wait forever. */
    @PreDestroy
    void stopPartUploads() {
        partUploads.shutdown();
        clients.close();
    }

    /** An S3 client with the access's credentials, at the connection's endpoint, signed for its bucket's region. */
    protected S3Client client(Access access, Consumer<String> onRegionMoved) {
        S3Endpoint endpoint = clients.endpoint(access.target().serviceUrl(), access.target().region());
        return clients.create(endpoint, clients.region(endpoint, null),
                ConnectionS3Clients.credentials(access.accessKeyId(), access.secretAccessKey(), access.sessionToken()),
                // the delivery loop owns retries (backoff up to minutes, state FAILING); the SDK only smooths blips
                ClientOverrideConfiguration.builder().retryStrategy(RetryMode.STANDARD).apiCallTimeout(Duration.ofMinutes(2)).build(),
                onRegionMoved);
    }
}
