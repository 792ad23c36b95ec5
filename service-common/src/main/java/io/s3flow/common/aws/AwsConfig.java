package io.s3flow.common.aws;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.util.Optional;

/** Where s3flow reaches AWS: the region, and an endpoint override for S3-compatible servers (moto, S3Proxy). */
@ConfigMapping(prefix = "s3flow.aws")
public interface AwsConfig {

    @WithDefault("us-east-1")
    String region();

    /** Unset in production (the region's AWS endpoints); the local stack and the tests point it at moto. */
    Optional<URI> endpointOverride();

    /** The endpoint of an AWS service in this configuration, for example {@code sts} or {@code s3}. */
    default URI endpointOf(String service) {
        return endpointOverride().orElseGet(() -> URI.create("https://" + service + "." + region() + ".amazonaws.com"));
    }
}
