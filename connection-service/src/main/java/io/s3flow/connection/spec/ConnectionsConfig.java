package io.s3flow.connection.spec;

import io.smallrye.config.ConfigMapping;
import java.util.List;
import java.util.Optional;

@ConfigMapping(prefix = "s3flow.connections")
public interface ConnectionsConfig {

    /** Origins ({@code http://127.0.0.1:5000}) a {@code serviceUrl} may name although plain http, loopback or private. */
    Optional<List<String>> serviceUrlAllowList();
}
