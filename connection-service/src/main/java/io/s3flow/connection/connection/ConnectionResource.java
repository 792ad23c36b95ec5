package io.s3flow.connection.connection;

import io.s3flow.common.patch.PatchOperation;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.s3flow.common.auth.Groups;
import io.s3flow.common.tenant.CurrentTenant;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** Flow Service's base-connection API: {@code /connections}. */
@Path("/connections")
@Produces(MediaType.APPLICATION_JSON)
public class ConnectionResource {

    static final String JSON_PATCH = "application/json-patch+json";

    public record ItemList(List<ConnectionItem> items) {
    }

    public record Link(String href) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ItemPage(List<ConnectionItem> items, @JsonProperty("_links") Map<String, Link> links, Long count) {
    }

    private final ConnectionService connections;
    private final CurrentTenant tenant;
    private final JsonWebToken jwt;

    ConnectionResource(ConnectionService connections, CurrentTenant tenant, JsonWebToken jwt) {
        this.connections = connections;
        this.tenant = tenant;
        this.jwt = jwt;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Groups.CONNECTIONS_WRITE)
    public Response create(@NotNull @Valid CreateConnectionRequest request) {
        Connection created = connections.create(tenant.get(), caller(), request);
        String etag = created.etag();
        return Response.created(URI.create("/connections/" + created.id)).header(HttpHeaders.ETAG, etag)
                .entity(new IdAndEtag(created.id, etag)).build();
    }

    @GET
    @Path("/{id}")
    @RolesAllowed(Groups.CONNECTIONS_READ)
    public Response get(@PathParam("id") String id) {
        ConnectionItem item = ConnectionViews.item(connections.get(tenant.get(), id));
        return Response.ok(new ItemList(List.of(item))).header(HttpHeaders.ETAG, item.etag()).build();
    }

    @GET
    @RolesAllowed(Groups.CONNECTIONS_READ)
    public ItemPage list(@QueryParam("limit") String limit, @QueryParam("continuationToken") String continuationToken,
            @QueryParam("orderby") String orderBy, @QueryParam("property") List<String> properties,
            @QueryParam("count") boolean count) {
        ConnectionQuery query = continuationToken != null && !continuationToken.isBlank()
                ? ConnectionQuery.fromToken(continuationToken, limit)
                : ConnectionQuery.of(properties, orderBy, limit);
        ConnectionService.Page page = connections.list(tenant.get(), query, count);
        Map<String, Link> links = page.nextToken()
                .map(token -> Map.of("next", new Link("/connections?continuationToken=" + token))).orElse(null);
        return new ItemPage(page.items().stream().map(ConnectionViews::item).toList(), links, page.count().orElse(null));
    }

    @PATCH
    @Path("/{id}")
    @Consumes({MediaType.APPLICATION_JSON, JSON_PATCH})
    @RolesAllowed(Groups.CONNECTIONS_WRITE)
    public Response patch(@PathParam("id") String id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            @NotEmpty @Valid List<PatchOperation> operations) {
        Connection patched = connections.patch(tenant.get(), caller(), id, ifMatch, operations);
        String etag = patched.etag();
        return Response.ok(new IdAndEtag(patched.id, etag)).header(HttpHeaders.ETAG, etag).build();
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed(Groups.CONNECTIONS_WRITE)
    public Response delete(@PathParam("id") String id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        connections.delete(tenant.get(), id, ifMatch);
        return Response.noContent().build();
    }

    private Caller caller() {
        Object client = jwt.getClaim("client_id");
        if (client == null) {
            client = jwt.getClaim("azp");
        }
        return new Caller(jwt.getSubject(), client == null ? null : client.toString());
    }
}
