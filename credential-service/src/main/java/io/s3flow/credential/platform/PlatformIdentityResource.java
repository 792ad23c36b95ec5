package io.s3flow.credential.platform;

import io.s3flow.common.auth.Groups;
import io.s3flow.common.tenant.CurrentTenant;
import io.s3flow.common.tenant.Tenant;
import io.s3flow.credential.externalid.ExternalIds;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

@Path("/credentials/platform-identity")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Groups.CALLER_CONNECTION_SERVICE)
public class PlatformIdentityResource {

    /**
     * The platform identity as connection-service shows it to customers: the role, the session tag that names the
     * caller's org on every session s3flow takes for it (key, and the value as STS carries it), and the name of the
     * object that proves a bucket is the org's.
     */
    public record PlatformIdentity(String roleArn, String orgTagKey, String orgTagValue, String ownershipObject) {
    }

    @Inject
    PlatformConfig config;
    @Inject
    ExternalIds secrets;
    @Inject
    CurrentTenant tenant;

    @GET
    public PlatformIdentity get() {
        Tenant caller = tenant.get();
        return new PlatformIdentity(config.roleArn(), SessionTags.ORG, SessionTags.of(caller).get(SessionTags.ORG),
                BucketOwnership.objectName(secrets.ownershipToken(caller.org())));
    }
}
