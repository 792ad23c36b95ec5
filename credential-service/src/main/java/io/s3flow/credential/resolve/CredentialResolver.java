package io.s3flow.credential.resolve;

import io.s3flow.common.problem.ProblemException;
import io.s3flow.common.tenant.Tenant;
import io.s3flow.credential.externalid.ExternalIds;
import io.s3flow.credential.sts.PlatformAws;
import io.s3flow.credential.sts.RoleAssumer;
import io.s3flow.credential.sts.SessionPolicy;
import jakarta.enterprise.context.ApplicationScoped;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.core.exception.SdkClientException;

/** Turns a connection's auth into credentials, by auth spec. */
@ApplicationScoped
public class CredentialResolver {

    static final String ACCESS_KEY = "Access Key";
    static final String IAM_ROLE = "IAMRole Based";
    static final String ROLE_ARN = "Role ARN";
    private static final int MAX_SESSION_NAME = 64;

    private final RoleAssumer roles;
    private final ExternalIds externalIds;
    private final PlatformAws platform;

    CredentialResolver(RoleAssumer roles, ExternalIds externalIds, PlatformAws platform) {
        this.roles = roles;
        this.externalIds = externalIds;
        this.platform = platform;
    }

    public ResolvedCredentials resolve(Tenant tenant, ResolveRequest request) {
        ResolveRequest.Auth auth = request.auth();
        return switch (auth.specName()) {
            case ACCESS_KEY -> accessKey(auth);
            case ROLE_ARN -> roles.assume(required(auth, "roleArn"), externalIds.of(tenant.org()),
                    sessionName(tenant, request.connectionId()), SessionPolicy.of(request.scope()));
            case IAM_ROLE -> platformCredentials();
            default -> throw ProblemException.invalid("auth.specName", "must be one of " + ACCESS_KEY + ", " + IAM_ROLE + ", " + ROLE_ARN);
        };
    }

    private static ResolvedCredentials accessKey(ResolveRequest.Auth auth) {
        String token = auth.param("s3SessionToken");
        return new ResolvedCredentials(required(auth, "s3AccessKey"), required(auth, "s3SecretKey"), token, null,
                token == null ? ResolvedCredentials.STATIC : ResolvedCredentials.SESSION);
    }

    private ResolvedCredentials platformCredentials() {
        try {
            AwsCredentials c = platform.credentials().resolveCredentials();
            String token = c instanceof AwsSessionCredentials s ? s.sessionToken() : null;
            return new ResolvedCredentials(c.accessKeyId(), c.secretAccessKey(), token, c.expirationTime().orElse(null),
                    ResolvedCredentials.PLATFORM);
        } catch (SdkClientException e) {
            throw ProblemException.of(jakarta.ws.rs.core.Response.Status.SERVICE_UNAVAILABLE, "PLATFORM_CREDENTIALS_UNAVAILABLE",
                    "s3flow's platform credentials could not be loaded.");
        }
    }

    private static String required(ResolveRequest.Auth auth, String param) {
        String value = auth.param(param);
        if (value == null || value.isBlank()) {
            throw ProblemException.invalid("auth.params." + param, "is required for " + auth.specName());
        }
        return value;
    }

    /** {@code s3flow-<org>-<connection>}, in the characters STS allows, at most 64 of them. */
    static String sessionName(Tenant tenant, String connectionId) {
        String name = ("s3flow-" + tenant.org() + (connectionId == null ? "" : "-" + connectionId)).replaceAll("[^\\w+=,.@-]", "_");
        return name.length() > MAX_SESSION_NAME ? name.substring(0, MAX_SESSION_NAME) : name;
    }
}
