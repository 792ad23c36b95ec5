package io.s3flow.connection.secret;

import io.smallrye.config.ConfigMapping;
import java.util.Map;

@ConfigMapping(prefix = "s3flow.secrets")
public interface SecretsConfig {

    /** Id of the master key that wraps the data keys of rows written from now on. */
    String activeKey();

    /**
     * Master keys by id, each a file holding 32 random bytes in base64 (a mounted Kubernetes Secret in production).
     * Keep retired keys listed until every row was rewritten under the active one.
     */
    Map<String, String> keyFiles();
}
