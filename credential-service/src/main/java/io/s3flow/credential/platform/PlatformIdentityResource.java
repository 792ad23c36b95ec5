package io.s3flow.credential.platform;

import io.s3flow.common.auth.Groups;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

@Path("/credentials/platform-identity")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Groups.CALLER_CONNECTION_SERVICE)
public class PlatformIdentityResource {

    /** The platform identity as connection-service shows it to customers. */
    public record PlatformIdentity(String roleArn) {
    }

    private final PlatformConfig config;

    PlatformIdentityResource(PlatformConfig config) {
        this.config = config;
    }

    @GET
    public PlatformIdentity get() {
        return new PlatformIdentity(config.roleArn());
    }
}
