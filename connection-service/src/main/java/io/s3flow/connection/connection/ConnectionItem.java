package io.s3flow.connection.connection;

import java.util.Map;
import java.util.UUID;

/**
 * A connection as clients read it: secrets left out, the access key masked but for its last four characters.
 * {@code region} (read-only) is the region s3flow signs the bucket's requests for: the {@code region} param, the one an
 * AWS {@code serviceUrl} names, or the one S3 told (null until the first test, explore or delivery finds it out).
 */
public record ConnectionItem(UUID id, String name, String description, Auth auth, SpecRef connectionSpec, String state,
        String etag, long version, long createdAt, long updatedAt, String createdBy, String updatedBy,
        String createdClient, String updatedClient, String sandboxName, String imsOrgId, String region) {

    public record Auth(String specName, Map<String, String> params) {
    }

    public record SpecRef(String id, String version) {
    }
}
