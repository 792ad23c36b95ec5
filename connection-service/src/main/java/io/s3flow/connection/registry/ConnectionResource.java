package io.s3flow.connection.registry;

import io.s3flow.common.patch.PatchOperation;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.s3flow.common.auth.Groups;
import io.s3flow.common.etag.EtagResponses;
import io.s3flow.common.etag.IdAndEtag;
import io.s3flow.common.tenant.CurrentTenant;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
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
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Flow Service's base-connection API: {@code /connections}. */
@Path("/connections")
@Tag(name = "Connections", description = "Base connections to S3 buckets, as Flow Service's API has them (etags, JSON Patch with If-Match).")
@Produces(MediaType.APPLICATION_JSON)
public class ConnectionResource {

    static final String JSON_PATCH = "application/json-patch+json";
    static final String ID_EXAMPLE = "9a1b6c3e-2f4d-4e5a-8b7c-0d1e2f3a4b5c";
    static final String IF_MATCH = "The etag the connection must still have (a 400 1403-400 without it, a 412 1404-412 when stale)";

    public record ItemList(List<ConnectionItem> items) {
    }

    public record Link(String href) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ItemPage(List<ConnectionItem> items, @JsonProperty("_links") Map<String, Link> links, Long count) {
    }

    @Inject
    ConnectionService connections;
    @Inject
    CurrentTenant tenant;
    @Inject
    JsonWebToken jwt;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Groups.CONNECTIONS_WRITE)
    @Operation(summary = "Create a base connection")
    @APIResponse(responseCode = "201", description = "Created", headers = {@Header(name = "Location", ref = "Location"),
            @Header(name = "ETag", ref = "ETag")}, content = @Content(schema = @Schema(implementation = IdAndEtag.class)))
    public Response create(@NotNull @Valid CreateConnectionRequest request) {
        Connection created = connections.create(tenant.get(), caller(), request);
        return EtagResponses.created("connections", created.id, created.etag());
    }

    @GET
    @Path("/{id}")
    @RolesAllowed(Groups.CONNECTIONS_READ)
    @Operation(summary = "Read a connection")
    @APIResponse(responseCode = "200", description = "The connection, as the only item", headers = @Header(name = "ETag", ref = "ETag"),
            content = @Content(schema = @Schema(implementation = ItemList.class)))
    public Response get(@PathParam("id") @Parameter(example = ID_EXAMPLE) String id) {
        ConnectionItem item = ConnectionViews.item(connections.get(tenant.get(), id));
        return EtagResponses.read(new ItemList(List.of(item)), item.etag());
    }

    @GET
    @RolesAllowed(Groups.CONNECTIONS_READ)
    @Operation(summary = "List connections (keyset pages, filters, count)")
    public ItemPage list(@QueryParam("limit") String limit, @QueryParam("continuationToken") String continuationToken,
            @QueryParam("orderby") String orderBy, @QueryParam("property") List<String> properties,
            @QueryParam("count") boolean count, @Context UriInfo uriInfo) {
        ConnectionQuery query = continuationToken != null && !continuationToken.isBlank()
                ? ConnectionQuery.fromToken(continuationToken, limit)
                : ConnectionQuery.of(properties, orderBy, limit);
        ConnectionService.Page page = connections.list(tenant.get(), query, count);
        Map<String, Link> links = page.nextToken()
                .map(token -> Map.of("next", new Link(uriInfo.getBaseUriBuilder().path("connections")
                        .queryParam("continuationToken", token).build().toString()))).orElse(null);
        return new ItemPage(page.items().stream().map(ConnectionViews::item).toList(), links, page.count().orElse(null));
    }

    @PATCH
    @Path("/{id}")
    @Consumes({MediaType.APPLICATION_JSON, JSON_PATCH})
    @RolesAllowed(Groups.CONNECTIONS_WRITE)
    @Operation(summary = "Change a connection with JSON Patch, under If-Match")
    @APIResponse(responseCode = "200", description = "Changed", headers = @Header(name = "ETag", ref = "ETag"),
            content = @Content(schema = @Schema(implementation = IdAndEtag.class)))
    @APIResponse(responseCode = "412", ref = "Problem412")
    public Response patch(@PathParam("id") @Parameter(example = ID_EXAMPLE) String id,
            @HeaderParam(HttpHeaders.IF_MATCH) @Parameter(required = true, description = IF_MATCH) String ifMatch,
            @NotEmpty @Valid List<PatchOperation> operations) {
        Connection patched = connections.patch(tenant.get(), caller(), id, ifMatch, operations);
        return EtagResponses.changed(patched.id, patched.etag());
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed(Groups.CONNECTIONS_WRITE)
    @Operation(summary = "Delete a connection")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "412", ref = "Problem412")
    public Response delete(@PathParam("id") @Parameter(example = ID_EXAMPLE) String id,
            @HeaderParam(HttpHeaders.IF_MATCH) @Parameter(description = "When present, the etag the connection must still have") String ifMatch) {
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
