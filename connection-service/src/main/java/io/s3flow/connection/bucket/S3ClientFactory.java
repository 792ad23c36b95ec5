package io.s3flow.connection.bucket;

import io.s3flow.common.aws.AwsConfig;
import io.s3flow.common.aws.EndpointHttpClients;
import io.s3flow.common.aws.ServiceUrlConfig;
import io.s3flow.connection.credential.CredentialServiceClient.ResolvedCredentials;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * S3 clients for one connection's credentials. The HTTP clients are shared; a connection's own {@code serviceUrl} is
 * reached only through the one whose resolver refuses non-public addresses. Each S3 client is cheap and closed by
 * the caller after its few calls.
 */
@ApplicationScoped
public class S3ClientFactory {

    private final AwsConfig aws;
    private final EndpointHttpClients http;

    S3ClientFactory(AwsConfig aws, ServiceUrlConfig serviceUrls) {
        this.aws = aws;
        this.http = new EndpointHttpClients(serviceUrls.allowed(), Duration.ofSeconds(5), Duration.ofSeconds(30));
    }

    public S3Client create(Map<String, String> params, ResolvedCredentials credentials) {
        AwsCredentials awsCredentials = credentials.sessionToken() == null
                ? AwsBasicCredentials.create(credentials.accessKeyId(), credentials.secretAccessKey())
                : AwsSessionCredentials.create(credentials.accessKeyId(), credentials.secretAccessKey(), credentials.sessionToken());
        String serviceUrl = params.get("serviceUrl");
        URI connectionEndpoint = serviceUrl != null ? URI.create(serviceUrl) : null;
        var builder = S3Client.builder()
                .httpClient(http.forEndpoint(connectionEndpoint))
                .region(Region.of(aws.region()))
                .credentialsProvider(StaticCredentialsProvider.create(awsCredentials))
                .overrideConfiguration(ClientOverrideConfiguration.builder().apiCallTimeout(Duration.ofSeconds(30)).build());
        URI endpoint = connectionEndpoint != null ? connectionEndpoint : aws.endpointOverride().orElse(null);
        if (endpoint != null) {
            // custom endpoints (moto, MinIO, S3Proxy) rarely resolve virtual-hosted bucket names
            builder.endpointOverride(endpoint).forcePathStyle(true);
        }
        return builder.build();
    }

    @PreDestroy
    void close() {
        http.close();
    }
}
