package io.s3flow.connection.spec;

import io.s3flow.common.auth.Groups;
import io.s3flow.common.problem.ProblemException;
import io.s3flow.common.tenant.CurrentTenant;
import io.s3flow.connection.credential.CredentialService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a customer puts in their AWS account before connecting: the platform role to allow-list in the bucket policy
 * ({@code IamBasedAuthentication}), and for {@code RoleArn} also the org's external id for the role's trust policy.
 */
@Path("/connectionSpecs/{id}/configs")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Groups.CONNECTIONS_READ)
public class ConnectionSpecConfigResource {

    static final String IAM_BASED = "IamBasedAuthentication";
    static final String ROLE_ARN = "RoleArn";

    public record Configs(Map<String, String> configParams) {
    }

    private final ConnectionSpecCatalog catalog;
    private final CredentialService credentials;
    private final CurrentTenant tenant;

    ConnectionSpecConfigResource(ConnectionSpecCatalog catalog, CredentialService credentials, CurrentTenant tenant) {
        this.catalog = catalog;
        this.credentials = credentials;
        this.tenant = tenant;
    }

    @GET
    public Configs configs(@PathParam("id") String id, @QueryParam("authType") String authType) {
        ConnectionSpecResource.find(catalog, id);
        if (!IAM_BASED.equals(authType) && !ROLE_ARN.equals(authType)) {
            throw ProblemException.invalid("authType", "must be " + IAM_BASED + " or " + ROLE_ARN);
        }
        Map<String, String> params = new LinkedHashMap<>();
        params.put("IAMRole", credentials.platformRoleArn(tenant.get()));
        if (ROLE_ARN.equals(authType)) {
            params.put("externalId", credentials.externalId(tenant.get()));
        }
        return new Configs(params);
    }
}
