package io.s3flow.export.connection;

import com.fasterxml.jackson.databind.JsonNode;
import io.s3flow.common.tenant.TenantHeaders;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** connection-service, as export-service uses it; only ever called through {@link ConnectionClient}. */
@RegisterRestClient(configKey = "connection-service")
@Produces(MediaType.APPLICATION_JSON)
public interface ConnectionRestClient {

    /**
     * Where a connection writes; its etag changes whenever the user edits it. {@code region}: the bucket's, to sign
     * for (null while connection-service does not know it).
     */
    record Target(UUID connectionId, String name, String etag, String bucket, String prefix, String serviceUrl, String region) {
    }

    /** A target and credentials narrowed to it. */
    record Access(Target target, String accessKeyId, String secretAccessKey, String sessionToken, Instant expiration) {
        @Override
        public String toString() {
            return "Access[" + target + ", expiration=" + expiration + "]";
        }
    }

    record Check(String permission, boolean ok, String errorCode, String hint) {
    }

    record TestReport(boolean result, List<Check> checks) {
    }

    /** How the stream or export will write, so that the test writes the same way. */
    record TestOptions(JsonNode serverSideEncryption) {
    }

    @POST
    @Path("/connections/{id}/test")
    @Consumes(MediaType.APPLICATION_JSON)
    TestReport test(@HeaderParam("Authorization") String bearer, @HeaderParam(TenantHeaders.ORG) String org,
            @HeaderParam(TenantHeaders.SANDBOX) String sandbox, @PathParam("id") UUID id, @QueryParam("purpose") String purpose,
            TestOptions options);

    @GET
    @Path("/internal/connections/{id}")
    Target target(@HeaderParam("Authorization") String bearer, @HeaderParam(TenantHeaders.ORG) String org,
            @HeaderParam(TenantHeaders.SANDBOX) String sandbox, @PathParam("id") UUID id);

    @POST
    @Path("/internal/connections/{id}/access")
    Access access(@HeaderParam("Authorization") String bearer, @HeaderParam(TenantHeaders.ORG) String org,
            @HeaderParam(TenantHeaders.SANDBOX) String sandbox, @PathParam("id") UUID id, @QueryParam("access") String access,
            @QueryParam("kmsKeyId") String kmsKeyId);

    /** S3 redirected a write to {@code observed}: connection-service finds the bucket's region out again and remembers it. */
    @POST
    @Path("/internal/connections/{id}/region")
    Target rediscoverRegion(@HeaderParam("Authorization") String bearer, @HeaderParam(TenantHeaders.ORG) String org,
            @HeaderParam(TenantHeaders.SANDBOX) String sandbox, @PathParam("id") UUID id, @QueryParam("observed") String observed);
}
