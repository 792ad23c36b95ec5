package io.s3flow.export.stream;

import io.s3flow.common.auth.Groups;
import io.s3flow.common.etag.EtagResponses;
import io.s3flow.common.etag.IdAndEtag;
import io.s3flow.common.patch.PatchOperation;
import io.s3flow.common.tenant.CurrentTenant;
import io.s3flow.common.tenant.Tenant;
import io.s3flow.export.storage.StoredObject;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Validator;
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

@Path("/streams")
@Tag(name = "Streams", description = "Continuous delivery of events into a bucket as Avro or JSON Lines files, exactly once.")
@Produces(MediaType.APPLICATION_JSON)
public class StreamResource {

    static final String ID_EXAMPLE = "5c0e8a4f-1d2b-4c3a-9e8f-7a6b5c4d3e2f";
    static final String IF_MATCH = "The etag the stream must still have (a 400 1403-400 without it, a 412 1404-412 when stale)";

    public record StreamList(List<StreamItem> items) {
    }

    public record TestEventsResult(List<StoredObject> files) {
    }

    @Inject
    StreamService streams;
    @Inject
    StreamDeliveryRows deliveryRows;
    @Inject
    TestEvents testEvents;
    @Inject
    CurrentTenant tenant;
    @Inject
    JsonWebToken token;
    @Inject
    Validator validator;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Groups.EXPORTS_WRITE)
    @Operation(summary = "Create a stream (its connection must pass the stream test)")
    @APIResponse(responseCode = "201", description = "Created", headers = {@Header(name = "Location", ref = "Location"),
            @Header(name = "ETag", ref = "ETag")}, content = @Content(schema = @Schema(implementation = IdAndEtag.class)))
    @APIResponse(responseCode = "409", ref = "Problem409")
    @APIResponse(responseCode = "422", ref = "Problem422")
    public Response create(StreamRequest request) {
        Tenant t = tenant.get();
        StreamSettings settings = StreamSettings.validate(request, validator);
        Stream created = streams.create(t, settings, streams.checkConnection(token.getRawToken(), t, settings));
        return EtagResponses.created("streams", created.id, created.etag());
    }

    @GET
    @RolesAllowed(Groups.EXPORTS_READ)
    @Operation(summary = "List streams with their status")
    public StreamList list() {
        return new StreamList(streams.list(tenant.get()).stream().map(this::view).toList());
    }

    @GET
    @Path("/{id}")
    @RolesAllowed(Groups.EXPORTS_READ)
    @Operation(summary = "Read a stream and its status")
    @APIResponse(responseCode = "200", description = "The stream", headers = @Header(name = "ETag", ref = "ETag"),
            content = @Content(schema = @Schema(implementation = StreamItem.class)))
    public Response get(@PathParam("id") @Parameter(example = ID_EXAMPLE) String id) {
        Stream stream = streams.get(tenant.get(), id);
        return EtagResponses.read(view(stream), stream.etag());
    }

    @PATCH
    @Path("/{id}")
    @Consumes({MediaType.APPLICATION_JSON, "application/json-patch+json"})
    @RolesAllowed(Groups.EXPORTS_WRITE)
    @Operation(summary = "Change a stream with JSON Patch, under If-Match")
    @APIResponse(responseCode = "200", description = "Changed", headers = @Header(name = "ETag", ref = "ETag"),
            content = @Content(schema = @Schema(implementation = IdAndEtag.class)))
    @APIResponse(responseCode = "412", ref = "Problem412")
    public Response patch(@PathParam("id") @Parameter(example = ID_EXAMPLE) String id,
            @HeaderParam("If-Match") @Parameter(required = true, description = IF_MATCH) String ifMatch, List<PatchOperation> operations) {
        Stream patched = streams.patch(tenant.get(), id, ifMatch, operations);
        return EtagResponses.changed(patched.id, patched.etag());
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed(Groups.EXPORTS_WRITE)
    @Operation(summary = "Delete a stream")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "412", ref = "Problem412")
    public Response delete(@PathParam("id") @Parameter(example = ID_EXAMPLE) String id,
            @HeaderParam("If-Match") @Parameter(description = "When present, the etag the stream must still have") String ifMatch) {
        streams.delete(tenant.get(), id, ifMatch);
        return Response.noContent().build();
    }

    @POST
    @Path("/{id}/pause")
    @RolesAllowed(Groups.EXPORTS_WRITE)
    @Operation(summary = "Pause a stream: events wait until it is resumed")
    public StreamItem pause(@PathParam("id") @Parameter(example = ID_EXAMPLE) String id) {
        streams.pause(tenant.get(), id);
        return view(streams.get(tenant.get(), id));
    }

    @POST
    @Path("/{id}/resume")
    @RolesAllowed(Groups.EXPORTS_WRITE)
    @Operation(summary = "Resume a paused stream")
    public StreamItem resume(@PathParam("id") @Parameter(example = ID_EXAMPLE) String id) {
        streams.resume(tenant.get(), id);
        return view(streams.get(tenant.get(), id));
    }

    @POST
    @Path("/{id}/test-events")
    @RolesAllowed(Groups.EXPORTS_WRITE)
    @Operation(summary = "Write one sample file per selected event type, at once")
    public TestEventsResult testEvents(@PathParam("id") @Parameter(example = ID_EXAMPLE) String id) {
        Tenant t = tenant.get();
        return new TestEventsResult(testEvents.send(t, streams.get(t, id)));
    }

    private StreamItem view(Stream stream) {
        return StreamItem.of(stream, stream.etag(), deliveryRows.statusOf(stream));
    }
}
