package io.s3flow.connection.internal;

import io.s3flow.common.auth.Groups;
import io.s3flow.common.problem.Problem;
import io.s3flow.common.problem.ProblemException;
import io.s3flow.common.tenant.CurrentTenant;
import io.s3flow.common.tenant.Tenant;
import io.s3flow.connection.bucket.BucketLocation;
import io.s3flow.connection.connection.Connection;
import io.s3flow.connection.connection.ConnectionService;
import io.s3flow.connection.credential.CredentialService;
import io.s3flow.connection.credential.CredentialServiceClient.ResolveRequest;
import io.s3flow.connection.credential.CredentialServiceClient.ResolvedCredentials;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import java.util.UUID;

/**
 * For export-service only (a service token from it: role {@code service:export-service}); the gateway never routes
 * {@code /internal}.
 * export-service learns here where a connection writes and gets credentials for it, so that calls keep going one
 * way (export → connection → credential) and decrypted secrets never leave this service.
 */
@Path("/internal/connections")
@Tag(name = "Internal", description = "For export-service only; never routed by the gateway.")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Groups.CALLER_EXPORT_SERVICE)
public class InternalConnectionResource {

    /** Where a connection writes, and the etag it was read at (a changed etag means the user fixed something). */
    public record ConnectionTarget(UUID connectionId, String name, String etag, String bucket, String prefix,
            @Schema(nullable = true) String serviceUrl) {
    }

    /** A target and credentials for it, narrowed to its bucket and prefix. */
    public record ConnectionAccess(ConnectionTarget target, String accessKeyId, String secretAccessKey,
            @Schema(nullable = true) String sessionToken, @Schema(nullable = true) Instant expiration) {
        @Override
        public String toString() {
            return "ConnectionAccess[" + target + ", expiration=" + expiration + "]";
        }
    }

    private final ConnectionService connections;
    private final CredentialService credentials;
    private final CurrentTenant tenant;

    InternalConnectionResource(ConnectionService connections, CredentialService credentials, CurrentTenant tenant) {
        this.connections = connections;
        this.credentials = credentials;
        this.tenant = tenant;
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "Where a connection writes")
    @APIResponse(responseCode = "200", description = "The connection's bucket and folder",
            content = @Content(schema = @Schema(implementation = ConnectionTarget.class)))
    @APIResponse(responseCode = "409", ref = "Problem409")
    public ConnectionTarget target(@PathParam("id") String id) {
        Connection connection = connections.get(tenant.get(), id);
        return targetOf(connection, connections.params(connection));
    }

    /** Credentials for {@code access} ({@code read} or {@code write}); a refusal keeps credential-service's error code. */
    @POST
    @Path("/{id}/access")
    @Operation(summary = "Credentials narrowed to a connection's bucket and folder")
    @APIResponse(responseCode = "200", description = "The target and credentials for it",
            content = @Content(schema = @Schema(implementation = ConnectionAccess.class)))
    @APIResponse(responseCode = "409", ref = "Problem409")
    public ConnectionAccess access(@PathParam("id") String id,
            @QueryParam("access") @Parameter(required = true, schema = @Schema(enumeration = {"read", "write"})) String access) {
        if (!"read".equals(access) && !"write".equals(access)) {
            throw new ProblemException(Problem.of(400, "Bad Request", "access must be read or write.", "INVALID_ACCESS"));
        }
        Tenant current = tenant.get();
        Connection connection = connections.get(current, id);
        Map<String, String> params = connections.params(connection);
        ConnectionTarget target = targetOf(connection, params);
        ResolvedCredentials resolved = credentials.resolve(current,
                ResolveRequest.of(connection.authSpecName, params, BucketLocation.of(params), access, id));
        return new ConnectionAccess(target, resolved.accessKeyId(), resolved.secretAccessKey(), resolved.sessionToken(),
                resolved.expiration());
    }

    private static ConnectionTarget targetOf(Connection connection, Map<String, String> params) {
        BucketLocation location = BucketLocation.of(params);
        String bucket = location.bucket().orElseThrow(() -> new ProblemException(Problem.of(409, "Conflict",
                "The connection names no bucket; set its bucketName to deliver into it.", "CONNECTION_HAS_NO_BUCKET")));
        return new ConnectionTarget(connection.id, connection.name, connection.etag(), bucket, location.prefix(), params.get("serviceUrl"));
    }
}
