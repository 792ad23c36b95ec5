package io.s3flow.credential.externalid;

import io.s3flow.common.auth.Groups;
import io.s3flow.common.tenant.CurrentTenant;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

@Path("/credentials/external-id")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Groups.CALLER_CONNECTION_SERVICE)
public class ExternalIdResource {

    /** What a customer puts in the {@code sts:ExternalId} condition of the role s3flow assumes. */
    public record ExternalId(String externalId) {
    }

    @Inject
    ExternalIds externalIds;
    @Inject
    CurrentTenant tenant;

    @GET
    public ExternalId get() {
        return new ExternalId(externalIds.of(tenant.get().org()));
    }
}
