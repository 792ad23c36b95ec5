package io.s3flow.connection.connection;

import java.util.Map;
import java.util.UUID;

/** A connection as clients read it: secrets left out, the access key masked but for its last four characters. */
public record ConnectionItem(UUID id, String name, String description, Auth auth, SpecRef connectionSpec, String state,
        String etag, long version, long createdAt, long updatedAt, String createdBy, String updatedBy,
        String createdClient, String updatedClient, String sandboxName, String imsOrgId) {

    public record Auth(String specName, Map<String, String> params) {
    }

    public record SpecRef(String id, String version) {
    }
}
