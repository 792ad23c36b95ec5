package io.s3flow.common.trace;

import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientRequestFilter;
import jakarta.ws.rs.ext.Provider;

/** Every REST client call to another s3flow service carries the id of the request that caused it. */
@Provider
public class RequestIdPropagation implements ClientRequestFilter {

    @Override
    public void filter(ClientRequestContext request) {
        if (request.getHeaderString(RequestId.HEADER) == null) {
            RequestId.current().ifPresent(id -> request.getHeaders().putSingle(RequestId.HEADER, id));
        }
    }
}
