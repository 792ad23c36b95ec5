package io.s3flow.connection.internal;

import io.s3flow.common.auth.Groups;
import io.s3flow.common.tenant.CurrentTenant;
import io.s3flow.connection.connection.Connection;
import io.s3flow.connection.connection.ConnectionService;
import io.s3flow.connection.connection.Etags;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import java.util.UUID;

/** For the other s3flow services only (group {@code service}); the gateway never routes {@code /internal}. */
@Path("/internal/connections")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Groups.SERVICE)
public class InternalConnectionResource {

    /** A connection's auth with every param decrypted, and the etag it was read at. */
    public record ConnectionAuth(UUID connectionId, String etag, String specName, Map<String, String> params) {
    }

    private final ConnectionService connections;
    private final CurrentTenant tenant;

    InternalConnectionResource(ConnectionService connections, CurrentTenant tenant) {
        this.connections = connections;
        this.tenant = tenant;
    }

    @GET
    @Path("/{id}/auth")
    public ConnectionAuth auth(@PathParam("id") String id) {
        Connection connection = connections.get(tenant.get(), id);
        return new ConnectionAuth(connection.id, Etags.of(connection),
                connection.authSpecName, connections.params(connection));
    }
}
