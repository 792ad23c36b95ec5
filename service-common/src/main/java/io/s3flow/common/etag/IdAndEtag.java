package io.s3flow.common.etag;

import java.util.UUID;

/** What a create or a change answers with: the resource's id and its new etag (also in the {@code ETag} header). */
public record IdAndEtag(UUID id, String etag) {
}
