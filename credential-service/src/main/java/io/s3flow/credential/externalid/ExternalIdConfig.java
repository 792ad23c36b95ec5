package io.s3flow.credential.externalid;

import io.smallrye.config.ConfigMapping;

@ConfigMapping(prefix = "s3flow.external-id")
public interface ExternalIdConfig {

    /** Key of the HMAC that derives each org's external id; changing it changes every org's id. */
    String secret();
}
