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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Test credentials before data moves: Flow Service's {@code /test}, and a per-permission report. */
@Path("/connections")
@Tag(name = "Connection tests", description = "Each permission a purpose needs, tried for real in the connection's folder.")
@Produces(MediaType.APPLICATION_JSON)
public class ConnectionTestResource {

    private static final String PURPOSE = "What the connection is for (default source); stream and export write, so they need connections:write";

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
    @Operation(summary = "Whether the connection passes its test (Flow Service's answer)")
    public TestResult quick(@PathParam("id") @Parameter(example = "9a1b6c3e-2f4d-4e5a-8b7c-0d1e2f3a4b5c") String id,
            @QueryParam("purpose") @Parameter(description = PURPOSE, schema = @Schema(enumeration = {"source", "stream", "export"})) String purpose) {
        return new TestResult(testSaved(id, Purpose.parse(purpose)).result());
    }

    @POST
    @Path("/{id}/test")
    @RolesAllowed(Groups.CONNECTIONS_READ)
    @Operation(summary = "Test a saved connection, permission by permission")
    public TestReport report(@PathParam("id") @Parameter(example = "9a1b6c3e-2f4d-4e5a-8b7c-0d1e2f3a4b5c") String id,
            @QueryParam("purpose") @Parameter(description = PURPOSE, schema = @Schema(enumeration = {"source", "stream", "export"})) String purpose) {
        return testSaved(id, Purpose.parse(purpose));
    }

    /** Test before save: the body of a create, validated the same way, nothing stored. */
    @POST
    @Path("/test")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Groups.CONNECTIONS_WRITE)
    @Operation(summary = "Test a connection before saving it (nothing is stored)")
    public TestReport unsaved(@QueryParam("purpose") @Parameter(description = PURPOSE,
            schema = @Schema(enumeration = {"source", "stream", "export"})) String purpose, @NotNull @Valid CreateConnectionRequest request) {
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
