package io.s3flow.export.stream;

import io.s3flow.common.auth.Groups;
import io.s3flow.common.patch.PatchOperation;
import io.s3flow.common.tenant.CurrentTenant;
import io.s3flow.common.tenant.Tenant;
import io.s3flow.export.storage.StoredObject;
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
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;

@Path("/streams")
@Produces(MediaType.APPLICATION_JSON)
public class StreamResource {

    public record IdAndEtag(UUID id, String etag) {
    }

    public record StreamList(List<StreamItem> items) {
    }

    public record TestEventsResult(List<StoredObject> files) {
    }

    private final StreamService streams;
    private final StreamDeliveryRows deliveryRows;
    private final TestEvents testEvents;
    private final CurrentTenant tenant;
    private final JsonWebToken token;

    StreamResource(StreamService streams, StreamDeliveryRows deliveryRows, TestEvents testEvents, CurrentTenant tenant,
            JsonWebToken token) {
        this.streams = streams;
        this.deliveryRows = deliveryRows;
        this.testEvents = testEvents;
        this.tenant = tenant;
        this.token = token;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Groups.EXPORTS_WRITE)
    public Response create(StreamRequest request) {
        Tenant t = tenant.get();
        StreamSettings settings = StreamSettings.validate(request);
        Stream created = streams.create(t, settings, streams.checkConnection(token.getRawToken(), t, settings));
        String etag = created.etag();
        return Response.created(URI.create("/streams/" + created.id)).header("ETag", etag)
                .entity(new IdAndEtag(created.id, etag)).build();
    }

    @GET
    @RolesAllowed(Groups.EXPORTS_READ)
    public StreamList list() {
        return new StreamList(streams.list(tenant.get()).stream().map(this::view).toList());
    }

    @GET
    @Path("/{id}")
    @RolesAllowed(Groups.EXPORTS_READ)
    public Response get(@PathParam("id") String id) {
        Stream stream = streams.get(tenant.get(), id);
        return Response.ok(view(stream)).header("ETag", stream.etag()).build();
    }

    @PATCH
    @Path("/{id}")
    @Consumes({MediaType.APPLICATION_JSON, "application/json-patch+json"})
    @RolesAllowed(Groups.EXPORTS_WRITE)
    public Response patch(@PathParam("id") String id, @HeaderParam("If-Match") String ifMatch, List<PatchOperation> operations) {
        Stream patched = streams.patch(tenant.get(), id, ifMatch, operations);
        String etag = patched.etag();
        return Response.ok(new IdAndEtag(patched.id, etag)).header("ETag", etag).build();
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed(Groups.EXPORTS_WRITE)
    public Response delete(@PathParam("id") String id, @HeaderParam("If-Match") String ifMatch) {
        streams.delete(tenant.get(), id, ifMatch);
        return Response.noContent().build();
    }

    @POST
    @Path("/{id}/pause")
    @RolesAllowed(Groups.EXPORTS_WRITE)
    public StreamItem pause(@PathParam("id") String id) throws SQLException {
        streams.pause(tenant.get(), id);
        return view(streams.get(tenant.get(), id));
    }

    @POST
    @Path("/{id}/resume")
    @RolesAllowed(Groups.EXPORTS_WRITE)
    public StreamItem resume(@PathParam("id") String id) throws SQLException {
        streams.resume(tenant.get(), id);
        return view(streams.get(tenant.get(), id));
    }

    @POST
    @Path("/{id}/test-events")
    @RolesAllowed(Groups.EXPORTS_WRITE)
    public TestEventsResult testEvents(@PathParam("id") String id) {
        Tenant t = tenant.get();
        return new TestEventsResult(testEvents.send(t, streams.get(t, id)));
    }

    private StreamItem view(Stream stream) {
        return StreamItem.of(stream, stream.etag(), deliveryRows.statusOf(stream));
    }
}
