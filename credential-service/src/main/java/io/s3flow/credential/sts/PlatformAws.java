package io.s3flow.credential.sts;

import io.s3flow.common.aws.AwsConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * s3flow's own AWS identity and the STS client that assumes roles with it: customers' roles, and the platform role
 * for each org. Its credentials never leave this class.
 */
@ApplicationScoped
public class PlatformAws {

    private final StsClient sts;

    PlatformAws(StsConfig config, AwsConfig aws) {
        AwsCredentialsProvider credentials = config.platformAccessKeyId().isPresent() && config.platformSecretAccessKey().isPresent()
                ? StaticCredentialsProvider.create(AwsBasicCredentials.create(config.platformAccessKeyId().get(),
                        config.platformSecretAccessKey().get()))
                : DefaultCredentialsProvider.builder().build();
        var builder = StsClient.builder().httpClient(UrlConnectionHttpClient.create()).region(Region.of(aws.region()))
                .credentialsProvider(credentials);
        aws.endpointOverride().ifPresent(builder::endpointOverride);
        this.sts = builder.build();
    }

    public StsClient sts() {
        return sts;
    }

    @PreDestroy
    void close() {
        sts.close();
    }
}
