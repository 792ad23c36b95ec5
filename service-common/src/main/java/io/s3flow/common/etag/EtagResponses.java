package io.s3flow.common.etag;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.UUID;

/** The answers of a resource edited under an etag: its current etag always in the {@code ETag} header. */
public final class EtagResponses {

    private EtagResponses() {
    }

    /** 201 with {@code Location: /collection/id}. */
    public static Response created(String collection, UUID id, String etag) {
        return Response.created(URI.create("/" + collection + "/" + id)).header(HttpHeaders.ETAG, etag)
                .entity(new IdAndEtag(id, etag)).build();
    }

    /** 200 after a change. */
    public static Response changed(UUID id, String etag) {
        return Response.ok(new IdAndEtag(id, etag)).header(HttpHeaders.ETAG, etag).build();
    }

    /** 200 with the resource's view. */
    public static Response read(Object view, String etag) {
        return Response.ok(view).header(HttpHeaders.ETAG, etag).build();
    }
}
