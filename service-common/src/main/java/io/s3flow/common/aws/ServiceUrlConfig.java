package io.s3flow.common.aws;

import io.s3flow.common.net.AllowList;
import io.smallrye.config.ConfigMapping;
import java.util.List;
import java.util.Optional;

/** The S3 endpoints ({@code serviceUrl}) connections may name beyond the public internet. */
@ConfigMapping(prefix = "s3flow.service-urls")
public interface ServiceUrlConfig {

    /** Origins ({@code http://127.0.0.1:5000}) allowed although plain http, loopback or private. */
    Optional<List<String>> allowList();

    default AllowList allowed() {
        return new AllowList(allowList().orElse(List.of()));
    }
}
