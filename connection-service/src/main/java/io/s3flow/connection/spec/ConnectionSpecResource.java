package io.s3flow.connection.spec;

import io.s3flow.common.auth.Groups;
import io.s3flow.common.problem.ProblemException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

@Path("/connectionSpecs")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Groups.CONNECTIONS_READ, Groups.SERVICE})
public class ConnectionSpecResource {

    public record SpecList(List<ConnectionSpec> items) {
    }

    @GET
    public SpecList list() {
        return new SpecList(ConnectionSpecs.ALL);
    }

    @GET
    @Path("/{id}")
    public SpecList get(@PathParam("id") String id) {
        return new SpecList(List.of(ConnectionSpecs.find(id)
                .orElseThrow(() -> ProblemException.notFound("No connection spec " + id + "."))));
    }
}
