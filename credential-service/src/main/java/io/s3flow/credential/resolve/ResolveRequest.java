package io.s3flow.credential.resolve;

import io.s3flow.credential.grant.Scope;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.util.Map;

/** A connection's auth (as connection-service stores it, decrypted) and the scope the credentials are for. */
public record ResolveRequest(@NotNull @Valid Auth auth, @NotNull @Valid Scope scope, String connectionId) {

    public record Auth(@NotBlank String specName, Map<String, String> params) {

        public String param(String name) {
            return params == null ? null : params.get(name);
        }
    }
}
