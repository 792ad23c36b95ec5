package io.s3flow.credential.resolve;

import io.s3flow.credential.grant.ResolvedCredentials;
import io.s3flow.credential.grant.Scope;
import io.s3flow.common.problem.Problem;
import io.s3flow.common.problem.ProblemException;
import io.s3flow.common.tenant.Tenant;
import io.s3flow.credential.externalid.ExternalIds;
import io.s3flow.credential.platform.BucketOwnership;
import io.s3flow.credential.platform.PlatformConfig;
import io.s3flow.credential.platform.SessionTags;
import io.s3flow.credential.sts.RoleAssumer;
import io.s3flow.credential.sts.SessionPolicy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

/** Turns a connection's auth into credentials, by auth spec. */
@ApplicationScoped
public class CredentialResolver {

    static final String ACCESS_KEY = "Access Key";
    static final String IAM_ROLE = "IAMRole Based";
    static final String ROLE_ARN = "Role ARN";
    static final String PLATFORM_ROLE_AS_ROLE_ARN = "ROLE_ARN_IS_PLATFORM_ROLE";
    private static final int MAX_SESSION_NAME = 64;

    @Inject
    RoleAssumer roles;
    @Inject
    ExternalIds externalIds;
    @Inject
    PlatformConfig platform;
    @Inject
    BucketOwnership ownership;

    public ResolvedCredentials resolve(Tenant tenant, ResolveRequest request) {
        ResolveRequest.Auth auth = request.auth();
        return switch (auth.specName()) {
            case ACCESS_KEY -> accessKey(auth);
            case ROLE_ARN -> customerRole(tenant, request);
            case IAM_ROLE -> platformSession(tenant, request);
            default -> throw ProblemException.invalid("auth.specName", "must be one of " + ACCESS_KEY + ", " + IAM_ROLE + ", " + ROLE_ARN);
        };
    }

    private static ResolvedCredentials accessKey(ResolveRequest.Auth auth) {
        String token = auth.param("s3SessionToken");
        return new ResolvedCredentials(required(auth, "s3AccessKey"), required(auth, "s3SecretKey"), token, null,
                token == null ? ResolvedCredentials.STATIC : ResolvedCredentials.SESSION);
    }

    /**
     * {@code Role ARN}: a role in the customer's account, assumed with the org's external id. Never the platform role,
     * which every org's configs name: assumed as a Role ARN it would carry no org tag and need no ownership proof.
     */
    private ResolvedCredentials customerRole(Tenant tenant, ResolveRequest request) {
        String roleArn = required(request.auth(), "roleArn");
        if (platform.isPlatformRole(roleArn)) {
            throw new ProblemException(Problem.of(403, "Forbidden", "This is s3flow's own platform role, which is never a Role ARN "
                    + "connection's role: name a role in your account, or use IAMRole Based.", PLATFORM_ROLE_AS_ROLE_ARN));
        }
        return roles.assume(roleArn, externalIds.of(tenant.org()), sessionName(tenant, request.connectionId()),
                SessionPolicy.of(request.scope()), request.scope().region());
    }

    /**
     * {@code IAMRole Based}: never the platform's own keys, but a session of the platform role for this org and
     * connection (tagged with the org, narrowed like a Role ARN session to the bucket, folder and access), handed out
     * only once the bucket proved it belongs to the org.
     */
    private ResolvedCredentials platformSession(Tenant tenant, ResolveRequest request) {
        Scope scope = request.scope();
        if (scope.bucket() == null) {
            throw ProblemException.invalid("scope.bucket", "is required for " + IAM_ROLE);
        }
        ResolvedCredentials session = roles.assumeTagged(platform.roleArn(), sessionName(tenant, request.connectionId()),
                SessionPolicy.of(scope), SessionTags.of(tenant), scope.region());
        ownership.require(AwsSessionCredentials.create(session.accessKeyId(), session.secretAccessKey(), session.sessionToken()),
                scope.bucket(), scope.prefixOrEmpty(), scope.region(), externalIds.ownershipToken(tenant.org()));
        return new ResolvedCredentials(session.accessKeyId(), session.secretAccessKey(), session.sessionToken(), session.expiration(),
                ResolvedCredentials.PLATFORM_SESSION);
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
