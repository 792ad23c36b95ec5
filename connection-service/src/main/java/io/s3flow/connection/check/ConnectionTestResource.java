package io.s3flow.connection.check;

import io.quarkus.security.identity.SecurityIdentity;
import io.s3flow.common.auth.Groups;
import io.s3flow.common.problem.ProblemException;
import io.s3flow.common.problem.ProblemMapper;
import io.s3flow.common.tenant.CurrentTenant;
import io.s3flow.connection.connection.Connection;
import io.s3flow.connection.connection.ConnectionService;
import io.s3flow.connection.connection.CreateConnectionRequest;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Locale;

/** Test credentials before data moves: Flow Service's {@code /test}, and a per-permission report. */
@Path("/connections")
@Produces(MediaType.APPLICATION_JSON)
public class ConnectionTestResource {

    /** Flow Service's answer to {@code GET /connections/{id}/test}. */
    public record TestResult(boolean result) {
    }

    private final ConnectionService connections;
    private final ConnectionTester tester;
    private final CurrentTenant tenant;
    private final SecurityIdentity identity;

    ConnectionTestResource(ConnectionService connections, ConnectionTester tester, CurrentTenant tenant, SecurityIdentity identity) {
        this.connections = connections;
        this.tester = tester;
        this.tenant = tenant;
        this.identity = identity;
    }

    @GET
    @Path("/{id}/test")
    @RolesAllowed(Groups.CONNECTIONS_READ)
    public TestResult quick(@PathParam("id") String id, @QueryParam("purpose") String purpose) {
        return new TestResult(testSaved(id, Purpose.parse(purpose)).result());
    }

    @POST
    @Path("/{id}/test")
    @RolesAllowed(Groups.CONNECTIONS_READ)
    public TestReport report(@PathParam("id") String id, @QueryParam("purpose") String purpose) {
        return testSaved(id, Purpose.parse(purpose));
    }

    /** Test before save: the body of a create, validated the same way, nothing stored. */
    @POST
    @Path("/test")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Groups.CONNECTIONS_WRITE)
    public TestReport unsaved(@QueryParam("purpose") String purpose, @NotNull @Valid CreateConnectionRequest request) {
        Purpose parsed = Purpose.parse(purpose);
        ConnectionService.ValidAuth valid = connections.validate(request);
        return tester.test(tenant.get(), null, valid.authSpec().name(), valid.params(), parsed);
    }

    private TestReport testSaved(String id, Purpose purpose) {
        // the stream and export tests write, delete and upload in the bucket: reading the connection is not enough
        if (purpose.writes() && !identity.hasRole(Groups.CONNECTIONS_WRITE)) {
            throw ProblemException.of(Response.Status.FORBIDDEN, ProblemMapper.FORBIDDEN, "The " + purpose.name().toLowerCase(Locale.ROOT)
                    + " test writes into the bucket: the token lacks the group this call needs: " + Groups.CONNECTIONS_WRITE + ".");
        }
        Connection connection = connections.get(tenant.get(), id);
        return tester.test(tenant.get(), connection.id.toString(), connection.authSpecName, connections.params(connection), purpose);
    }
}
