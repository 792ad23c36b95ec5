package io.s3flow.export.scheduled;

import io.s3flow.common.auth.Groups;
import io.s3flow.common.patch.PatchOperation;
import io.s3flow.common.tenant.CurrentTenant;
import io.s3flow.common.tenant.Tenant;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;

@Path("/exports")
@Produces(MediaType.APPLICATION_JSON)
public class ExportResource {

    public record IdAndEtag(UUID id, String etag) {
    }

    public record ExportList(List<ExportItem> items) {
    }

    private final ExportService exports;
    private final CurrentTenant tenant;
    private final JsonWebToken token;

    ExportResource(ExportService exports, CurrentTenant tenant, JsonWebToken token) {
        this.exports = exports;
        this.tenant = tenant;
        this.token = token;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Groups.EXPORTS_WRITE)
    public Response create(ExportRequest request) {
        Tenant t = tenant.get();
        Export created = exports.create(t, exports.check(token.getRawToken(), t, request));
        return Response.created(URI.create("/exports/" + created.id)).header("ETag", created.etag())
                .entity(new IdAndEtag(created.id, created.etag())).build();
    }

    @GET
    @RolesAllowed(Groups.EXPORTS_READ)
    public ExportList list() {
        return new ExportList(exports.list(tenant.get()).stream().map(exports::view).toList());
    }

    @GET
    @Path("/{id}")
    @RolesAllowed(Groups.EXPORTS_READ)
    public Response get(@PathParam("id") String id) {
        Export export = exports.get(tenant.get(), id);
        return Response.ok(exports.view(export)).header("ETag", export.etag()).build();
    }

    @PATCH
    @Path("/{id}")
    @Consumes({MediaType.APPLICATION_JSON, "application/json-patch+json"})
    @RolesAllowed(Groups.EXPORTS_WRITE)
    public Response patch(@PathParam("id") String id, @HeaderParam("If-Match") String ifMatch, List<PatchOperation> operations) {
        Export patched = exports.patch(tenant.get(), id, ifMatch, operations);
        return Response.ok(new IdAndEtag(patched.id, patched.etag())).header("ETag", patched.etag()).build();
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed(Groups.EXPORTS_WRITE)
    public Response delete(@PathParam("id") String id, @HeaderParam("If-Match") String ifMatch) {
        exports.delete(tenant.get(), id, ifMatch);
        return Response.noContent().build();
    }
}
