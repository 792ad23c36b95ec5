package io.s3flow.export.scheduled;

import io.s3flow.common.auth.Groups;
import io.s3flow.common.etag.EtagResponses;
import io.s3flow.common.etag.IdAndEtag;
import io.s3flow.common.patch.PatchOperation;
import io.s3flow.common.tenant.CurrentTenant;
import io.s3flow.common.tenant.Tenant;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
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
import java.util.List;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/exports")
@Tag(name = "Exports", description = "Scheduled CSV, TSV and JSON Lines exports of selected events into a bucket.")
@Produces(MediaType.APPLICATION_JSON)
public class ExportResource {

    static final String ID_EXAMPLE = "7d3f2a1b-6c5e-4b4a-8f9e-1a2b3c4d5e6f";
    static final String IF_MATCH = "The etag the export must still have (a 400 1403-400 without it, a 412 1404-412 when stale)";

    public record ExportList(List<ExportItem> items) {
    }

    @Inject
    ExportService exports;
    @Inject
    CurrentTenant tenant;
    @Inject
    JsonWebToken token;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Groups.EXPORTS_WRITE)
    @Operation(summary = "Create an export (its connection must pass the export test)")
    @APIResponse(responseCode = "201", description = "Created", headers = {@Header(name = "Location", ref = "Location"),
            @Header(name = "ETag", ref = "ETag")}, content = @Content(schema = @Schema(implementation = IdAndEtag.class)))
    @APIResponse(responseCode = "422", ref = "Problem422")
    public Response create(ExportRequest request) {
        Tenant t = tenant.get();
        Export created = exports.create(t, exports.check(token.getRawToken(), t, request));
        return EtagResponses.created("exports", created.id, created.etag());
    }

    @GET
    @RolesAllowed(Groups.EXPORTS_READ)
    @Operation(summary = "List exports")
    public ExportList list() {
        return new ExportList(exports.list(tenant.get()).stream().map(exports::view).toList());
    }

    @GET
    @Path("/{id}")
    @RolesAllowed(Groups.EXPORTS_READ)
    @Operation(summary = "Read an export")
    @APIResponse(responseCode = "200", description = "The export, its defaults filled in", headers = @Header(name = "ETag", ref = "ETag"),
            content = @Content(schema = @Schema(implementation = ExportItem.class)))
    public Response get(@PathParam("id") @Parameter(example = ID_EXAMPLE) String id) {
        Export export = exports.get(tenant.get(), id);
        return EtagResponses.read(exports.view(export), export.etag());
    }

    @PATCH
    @Path("/{id}")
    @Consumes({MediaType.APPLICATION_JSON, "application/json-patch+json"})
    @RolesAllowed(Groups.EXPORTS_WRITE)
    @Operation(summary = "Change an export with JSON Patch, under If-Match")
    @APIResponse(responseCode = "200", description = "Changed", headers = @Header(name = "ETag", ref = "ETag"),
            content = @Content(schema = @Schema(implementation = IdAndEtag.class)))
    @APIResponse(responseCode = "412", ref = "Problem412")
    public Response patch(@PathParam("id") @Parameter(example = ID_EXAMPLE) String id,
            @HeaderParam("If-Match") @Parameter(required = true, description = IF_MATCH) String ifMatch, List<PatchOperation> operations) {
        Export patched = exports.patch(tenant.get(), id, ifMatch, operations);
        return EtagResponses.changed(patched.id, patched.etag());
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed(Groups.EXPORTS_WRITE)
    @Operation(summary = "Delete an export and its runs")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "412", ref = "Problem412")
    public Response delete(@PathParam("id") @Parameter(example = ID_EXAMPLE) String id,
            @HeaderParam("If-Match") @Parameter(description = "When present, the etag the export must still have") String ifMatch) {
        exports.delete(tenant.get(), id, ifMatch);
        return Response.noContent().build();
    }
}
