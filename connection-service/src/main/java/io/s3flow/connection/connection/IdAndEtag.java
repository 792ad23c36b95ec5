package io.s3flow.connection.connection;

import java.util.UUID;

/** What Flow Service answers to a create or a patch. */
public record IdAndEtag(UUID id, String etag) {
}
