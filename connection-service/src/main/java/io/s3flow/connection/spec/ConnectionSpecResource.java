package io.s3flow.connection.spec;

import io.s3flow.common.auth.Groups;
import io.s3flow.common.problem.ProblemException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/connectionSpecs")
@Tag(name = "Connection specs", description = "The Amazon S3 connection spec and the JSON Schema of each of its auth specs.")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Groups.CONNECTIONS_READ)
public class ConnectionSpecResource {

    public record AuthSpecView(String name, String type, Map<String, Object> spec) {
    }

    public record SpecView(String id, String name, String providerId, String version, String description,
            List<AuthSpecView> authSpec) {
        static SpecView of(ConnectionSpec spec) {
            return new SpecView(spec.id(), spec.name(), spec.providerId(), spec.version(), spec.description(),
                    spec.authSpecs().stream().map(a -> new AuthSpecView(a.name(), a.type(), a.schema())).toList());
        }
    }

    public record SpecList(List<SpecView> items) {
    }

    @Inject
    ConnectionSpecCatalog catalog;

    @GET
    @Operation(summary = "List the connection specs")
    public SpecList list() {
        return new SpecList(catalog.all().stream().map(SpecView::of).toList());
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "Read a connection spec")
    public SpecList get(@PathParam("id") @Parameter(example = ConnectionSpecCatalog.AMAZON_S3_ID) String id) {
        return new SpecList(List.of(SpecView.of(find(catalog, id))));
    }

    static ConnectionSpec find(ConnectionSpecCatalog catalog, String id) {
        return catalog.find(id).orElseThrow(() -> ProblemException.notFound("No connection spec " + id + "."));
    }
}
