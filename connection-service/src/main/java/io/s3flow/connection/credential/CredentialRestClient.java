package io.s3flow.connection.credential;

import io.s3flow.common.tenant.TenantHeaders;
import io.s3flow.connection.bucket.BucketLocation;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.Map;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** credential-service's internal API; only ever called through {@link CredentialClient}. */
@RegisterRestClient(configKey = "credential-service")
@Path("/credentials")
@Produces(MediaType.APPLICATION_JSON)
public interface CredentialRestClient {

    /** The platform role, the session tag naming the org (key and value), and the object that proves a bucket is the org's. */
    record PlatformIdentity(String roleArn, String orgTagKey, String orgTagValue, String ownershipObject) {
    }

    record ExternalId(String externalId) {
    }

    /**
     * The part of the bucket the credentials are for, whether they may write, the bucket's region when known, and the
     * KMS key writes are encrypted with when one is named.
     */
    record Scope(String bucket, String prefix, String access, String region, String kmsKeyId) {
    }

    record Auth(String specName, Map<String, String> params) {
    }

    record ResolveRequest(Auth auth, Scope scope, String connectionId) {
        /** The request for a connection's auth, scoped to its bucket and folder (in {@code region}, when known). */
        public static ResolveRequest of(String specName, Map<String, String> params, BucketLocation location,
                String access, String connectionId, String region, String kmsKeyId) {
            return new ResolveRequest(new Auth(specName, params),
                    new Scope(location.bucket().orElse(null), location.prefix(), access, region, kmsKeyId), connectionId);
        }
    }

    /** Usable AWS credentials; {@code sessionToken} and {@code expiration} only for temporary ones. */
    record ResolvedCredentials(String accessKeyId, String secretAccessKey, String sessionToken, Instant expiration, String source) {
        @Override
        public String toString() {
            return "ResolvedCredentials[source=" + source + ", expiration=" + expiration + "]";
        }
    }

    @POST
    @Path("/resolve")
    @Consumes(MediaType.APPLICATION_JSON)
    ResolvedCredentials resolve(@HeaderParam("Authorization") String bearer, @HeaderParam(TenantHeaders.ORG) String org,
            @HeaderParam(TenantHeaders.SANDBOX) String sandbox, ResolveRequest request);

    @GET
    @Path("/platform-identity")
    PlatformIdentity platformIdentity(@HeaderParam("Authorization") String bearer, @HeaderParam(TenantHeaders.ORG) String org,
            @HeaderParam(TenantHeaders.SANDBOX) String sandbox);

    @GET
    @Path("/external-id")
    ExternalId externalId(@HeaderParam("Authorization") String bearer, @HeaderParam(TenantHeaders.ORG) String org,
            @HeaderParam(TenantHeaders.SANDBOX) String sandbox);
}
