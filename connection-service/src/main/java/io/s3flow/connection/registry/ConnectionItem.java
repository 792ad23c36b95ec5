package io.s3flow.connection.registry;

import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A connection as clients read it: secrets left out, the access key masked but for its last four characters.
 * {@code region} (read-only) is the region s3flow signs the bucket's requests for: the {@code region} param, the one an
 * AWS {@code serviceUrl} names, or the one S3 told (null until the first test, explore or delivery finds it out).
 */
public record ConnectionItem(UUID id, String name, @Schema(nullable = true) String description, Auth auth, SpecRef connectionSpec,
        String state, String etag, long version, long createdAt, long updatedAt, @Schema(nullable = true) String createdBy,
        @Schema(nullable = true) String updatedBy, @Schema(nullable = true) String createdClient,
        @Schema(nullable = true) String updatedClient, String sandboxName, String imsOrgId,
        @Schema(nullable = true, readOnly = true) String region) {

    public record Auth(String specName, Map<String, String> params) {
    }

    public record SpecRef(String id, String version) {
    }
}
