package io.s3flow.connection.connection;

import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A connection as clients read it: secrets left out, the access key masked but for its last four characters. */
public record ConnectionItem(UUID id, String name, @Schema(nullable = true) String description, Auth auth, SpecRef connectionSpec,
        String state, String etag, long version, long createdAt, long updatedAt, @Schema(nullable = true) String createdBy,
        @Schema(nullable = true) String updatedBy, @Schema(nullable = true) String createdClient,
        @Schema(nullable = true) String updatedClient, String sandboxName, String imsOrgId) {

    public record Auth(String specName, Map<String, String> params) {
    }

    public record SpecRef(String id, String version) {
    }
}
