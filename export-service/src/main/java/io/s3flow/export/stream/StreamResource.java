package io.s3flow.export.stream;

import io.s3flow.common.auth.Groups;
import io.s3flow.common.tenant.CurrentTenant;
import io.s3flow.common.tenant.Tenant;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.UUID;

@Path("/streams")
@Produces(MediaType.APPLICATION_JSON)
public class StreamResource {

    public record StreamItem(UUID id, String name, UUID connectionId, String folderPath, String state) {
        static StreamItem of(Stream s) {
            return new StreamItem(s.id, s.name, s.connectionId, s.folderPath, s.state);
        }
    }

    public record StreamList(List<StreamItem> items) {
    }

    private final CurrentTenant tenant;

    StreamResource(CurrentTenant tenant) {
        this.tenant = tenant;
    }

    @GET
    @RolesAllowed(Groups.EXPORTS_READ)
    public StreamList list() {
        Tenant t = tenant.get();
        List<Stream> streams = Stream.list("orgId = ?1 and sandboxName = ?2 order by createdAt, id", t.org(), t.sandbox());
        return new StreamList(streams.stream().map(StreamItem::of).toList());
    }
}
