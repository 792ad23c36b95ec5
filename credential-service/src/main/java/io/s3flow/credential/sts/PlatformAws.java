package io.s3flow.credential.sts;

import io.s3flow.common.aws.AwsConfig;
import io.s3flow.common.aws.S3Endpoint;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * s3flow's own AWS identity and the STS clients that assume roles with it: customers' roles, and the platform role
 * for each org. One client per region, each at that region's own STS endpoint ({@code sts.<region>.amazonaws.com},
 * the SDK's default for a region): its session tokens are valid in every region, the global endpoint's are not in
 * opt-in ones. Its credentials never leave this class.
 */
@ApplicationScoped
public class PlatformAws {

    static final int MAX_REGIONS = 64;

    private final AwsConfig aws;
    private final AwsCredentialsProvider credentials;
    private final SdkHttpClient http = UrlConnectionHttpClient.create();
    private final Map<String, StsClient> clients = new ConcurrentHashMap<>();

    PlatformAws(StsConfig config, AwsConfig aws) {
        this.aws = aws;
        this.credentials = config.platformAccessKeyId().isPresent() && config.platformSecretAccessKey().isPresent()
                ? StaticCredentialsProvider.create(AwsBasicCredentials.create(config.platformAccessKeyId().get(),
                        config.platformSecretAccessKey().get()))
                : DefaultCredentialsProvider.builder().build();
    }

    /** The region s3flow itself runs in: where STS is called when a bucket's region is not known. */
    public String homeRegion() {
        return aws.region();
    }

    /**
     * STS in {@code region}; the home region for none, for a name that is not an AWS region, and beyond
     * {@link #MAX_REGIONS} (a region comes from a connection's params: it must not grow this map without end).
     */
    public StsClient sts(String region) {
        String r = region == null || !S3Endpoint.AWS_REGION.matcher(region).matches()
                || clients.size() >= MAX_REGIONS && !clients.containsKey(region) ? aws.region() : region;
        return clients.computeIfAbsent(r, name -> {
            var builder = StsClient.builder().httpClient(http).region(Region.of(name)).credentialsProvider(credentials);
            aws.endpointOverride().ifPresent(builder::endpointOverride);
            return builder.build();
        });
    }

    @PreDestroy
    void close() {
        clients.values().forEach(StsClient::close);
        http.close();
    }
}
