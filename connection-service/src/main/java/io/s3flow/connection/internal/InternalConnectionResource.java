package io.s3flow.connection.internal;

import io.s3flow.common.auth.Groups;
import io.s3flow.common.problem.Problem;
import io.s3flow.common.problem.ProblemException;
import io.s3flow.common.tenant.CurrentTenant;
import io.s3flow.common.tenant.Tenant;
import io.s3flow.connection.access.BucketAccess;
import io.s3flow.connection.access.BucketAccess.OpenBucket;
import io.s3flow.connection.bucket.BucketLocation;
import io.s3flow.connection.registry.Connection;
import io.s3flow.connection.registry.ConnectionService;
import io.s3flow.connection.credential.CredentialRestClient.ResolvedCredentials;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
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

    /**
     * Where a connection writes, and the etag it was read at (a changed etag means the user fixed something).
     * {@code region} is the one to sign for: named by the connection or found out (null when not known yet).
     */
    public record ConnectionTarget(UUID connectionId, String name, String etag, String bucket, String prefix,
            @Schema(nullable = true) String serviceUrl, @Schema(nullable = true) String region) {
    }

    /** A target and credentials for it, narrowed to its bucket and prefix. */
    public record ConnectionAccess(ConnectionTarget target, String accessKeyId, String secretAccessKey,
            @Schema(nullable = true) String sessionToken, @Schema(nullable = true) Instant expiration) {
        @Override
        public String toString() {
            return "ConnectionAccess[" + target + ", expiration=" + expiration + "]";
        }
    }

    @Inject
    ConnectionService connections;
    @Inject
    BucketAccess buckets;
    @Inject
    CurrentTenant tenant;

    @GET
    @Path("/{id}")
    @Operation(summary = "Where a connection writes")
    @APIResponse(responseCode = "200", description = "The connection's bucket and folder",
            content = @Content(schema = @Schema(implementation = ConnectionTarget.class)))
    @APIResponse(responseCode = "409", ref = "Problem409")
    public ConnectionTarget target(@PathParam("id") String id) {
        Connection connection = connections.get(tenant.get(), id);
        Map<String, String> params = connections.params(connection);
        return targetOf(connection, params, buckets.knownRegion(BucketAccess.Subject.of(connection, params)));
    }

    /**
     * Credentials for {@code access} ({@code read} or {@code write}), allowed to use {@code kmsKeyId} through S3 when
     * the writes are encrypted with it; the bucket's region is found out first if it is not known. A refusal keeps
     * credential-service's error code.
     */
    @POST
    @Path("/{id}/access")
    @Operation(summary = "Credentials narrowed to a connection's bucket and folder")
    @APIResponse(responseCode = "200", description = "The target and credentials for it",
            content = @Content(schema = @Schema(implementation = ConnectionAccess.class)))
    @APIResponse(responseCode = "409", ref = "Problem409")
    public ConnectionAccess access(@PathParam("id") String id,
            @QueryParam("access") @Parameter(required = true, schema = @Schema(enumeration = {"read", "write"})) String access,
            @QueryParam("kmsKeyId") @Parameter(description = "the KMS key the writes are encrypted with, if any") String kmsKeyId) {
        if (!"read".equals(access) && !"write".equals(access)) {
            throw new ProblemException(Problem.of(400, "Bad Request", "access must be read or write.", "INVALID_ACCESS"));
        }
        Tenant current = tenant.get();
        Connection connection = connections.get(current, id);
        Map<String, String> params = connections.params(connection);
        requireBucket(params);
        try (OpenBucket bucket = buckets.open(current, BucketAccess.Subject.of(connection, params), access, kmsKeyId)) {
            ResolvedCredentials resolved = bucket.credentials();
            return new ConnectionAccess(targetOf(connection, params, bucket.region()), resolved.accessKeyId(), resolved.secretAccessKey(),
                    resolved.sessionToken(), resolved.expiration());
        }
    }

    /**
     * S3 redirected export-service's writes to another region ({@code observed}): the bucket's region is found out
     * again (with the connection's own read credentials, asking there first: S3's word, not the caller's) and
     * remembered; the new target comes back.
     */
    @POST
    @Path("/{id}/region")
    public ConnectionTarget rediscoverRegion(@PathParam("id") String id, @QueryParam("observed") String observed) {
        Tenant current = tenant.get();
        Connection connection = connections.get(current, id);
        Map<String, String> params = connections.params(connection);
        requireBucket(params);
        try (OpenBucket bucket = buckets.rediscover(current, BucketAccess.Subject.of(connection, params), observed)) {
            return targetOf(connection, params, bucket.region());
        }
    }

    private static void requireBucket(Map<String, String> params) {
        if (BucketLocation.of(params).bucket().isEmpty()) {
            throw new ProblemException(Problem.of(409, "Conflict",
                    "The connection names no bucket; set its bucketName to deliver into it.", "CONNECTION_HAS_NO_BUCKET"));
        }
    }

    private static ConnectionTarget targetOf(Connection connection, Map<String, String> params, String region) {
        requireBucket(params);
        BucketLocation location = BucketLocation.of(params);
        return new ConnectionTarget(connection.id, connection.name, connection.etag(), location.bucket().get(), location.prefix(),
                params.get("serviceUrl"), region);
    }
}
