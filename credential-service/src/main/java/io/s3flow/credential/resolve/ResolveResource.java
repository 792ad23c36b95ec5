package io.s3flow.credential.resolve;

import io.s3flow.credential.grant.ResolvedCredentials;
import io.s3flow.common.auth.Groups;
import io.s3flow.common.tenant.CurrentTenant;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

@Path("/credentials/resolve")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Groups.CALLER_CONNECTION_SERVICE)
public class ResolveResource {

    @Inject
    CredentialResolver resolver;
    @Inject
    CurrentTenant tenant;

    @POST
    public ResolvedCredentials resolve(@NotNull @Valid ResolveRequest request) {
        return resolver.resolve(tenant.get(), request);
    }
}
