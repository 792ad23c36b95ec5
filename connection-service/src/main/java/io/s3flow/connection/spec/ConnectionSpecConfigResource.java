package io.s3flow.connection.spec;

import io.s3flow.common.auth.Groups;
import io.s3flow.common.problem.ProblemException;
import io.s3flow.common.tenant.CurrentTenant;
import io.s3flow.common.tenant.Tenant;
import io.s3flow.connection.credential.CredentialClient;
import io.s3flow.connection.credential.CredentialRestClient.PlatformIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * What a customer puts in their AWS account before connecting. {@code RoleArn}: the platform role to trust and the
 * org's external id for the role's trust policy. {@code IamBasedAuthentication}: the bucket-policy statement that
 * admits the platform role only in sessions tagged with the caller's org, and the object whose presence in the
 * connection's folder proves the bucket is the org's (s3flow refuses the connection until it is there), and for a
 * bucket encrypted with a customer-managed KMS key the key-policy statement that lets those sessions use it.
 */
@Path("/connectionSpecs/{id}/configs")
@Tag(name = "Connection specs")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Groups.CONNECTIONS_READ)
public class ConnectionSpecConfigResource {

    static final String IAM_BASED = "IamBasedAuthentication";
    static final String ROLE_ARN = "RoleArn";
    static final String BUCKET_PLACEHOLDER = "YOUR_BUCKET_NAME";
    /** What s3flow does in a bucket: read for explore and preview, write for streams and exports. */
    static final List<String> BUCKET_ACTIONS = List.of("s3:ListBucket", "s3:GetBucketLocation", "s3:ListBucketMultipartUploads",
            "s3:GetEncryptionConfiguration", "s3:GetBucketObjectLockConfiguration",
            "s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts");
    /** What writing and reading SSE-KMS objects takes of the key (a multipart upload decrypts its data key per part). */
    static final List<String> KMS_ACTIONS = List.of("kms:GenerateDataKey", "kms:Decrypt");

    public record Configs(Map<String, Object> configParams) {
    }

    @Inject
    ConnectionSpecCatalog catalog;
    @Inject
    CredentialClient credentials;
    @Inject
    CurrentTenant tenant;

    @GET
    @Operation(summary = "What to set up in AWS before connecting with a role")
    public Configs configs(@PathParam("id") @Parameter(example = ConnectionSpecCatalog.AMAZON_S3_ID) String id,
            @QueryParam("authType") @Parameter(required = true, schema = @Schema(enumeration = {IAM_BASED, ROLE_ARN})) String authType,
            @QueryParam("bucketName") @Parameter(description = "fills the bucket into the policy statement", example = "my-bucket")
            String bucketName) {
        ConnectionSpecResource.find(catalog, id);
        if (!IAM_BASED.equals(authType) && !ROLE_ARN.equals(authType)) {
            throw ProblemException.invalid("authType", "must be " + IAM_BASED + " or " + ROLE_ARN);
        }
        if (bucketName != null) {
            Formats.BUCKET_NAME.check(bucketName).ifPresent(message -> {
                throw ProblemException.invalid("bucketName", message);
            });
        }
        Tenant t = tenant.get();
        PlatformIdentity platform = credentials.platformIdentity(t);
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("IAMRole", platform.roleArn());
        if (ROLE_ARN.equals(authType)) {
            params.put("externalId", credentials.externalId(t));
        } else {
            params.put("ownershipObject", platform.ownershipObject());
            params.put("bucketPolicyStatement", statement(platform, bucketName == null ? BUCKET_PLACEHOLDER : bucketName));
            params.put("kmsKeyPolicyStatement", kmsStatement(platform));
        }
        return new Configs(params);
    }

    /** Conditioned on the org's tag as STS carries it: an org id may hold characters a tag value cannot. */
    private static Map<String, Object> statement(PlatformIdentity platform, String bucket) {
        Map<String, Object> statement = new LinkedHashMap<>();
        statement.put("Sid", "S3flowAccessForOrg");
        statement.put("Effect", "Allow");
        statement.put("Principal", Map.of("AWS", platform.roleArn()));
        statement.put("Action", BUCKET_ACTIONS);
        statement.put("Resource", List.of("arn:aws:s3:::" + bucket, "arn:aws:s3:::" + bucket + "/*"));
        statement.put("Condition", Map.of("StringEquals", Map.of("aws:PrincipalTag/" + platform.orgTagKey(), platform.orgTagValue())));
        return statement;
    }

    /**
     * For a bucket encrypted with a customer-managed KMS key: the key policy lets the org's sessions (tagged as in
     * {@link #statement}) use it, through S3 only.
     */
    private static Map<String, Object> kmsStatement(PlatformIdentity platform) {
        Map<String, Object> statement = new LinkedHashMap<>();
        statement.put("Sid", "S3flowUseThroughS3ForOrg");
        statement.put("Effect", "Allow");
        statement.put("Principal", Map.of("AWS", platform.roleArn()));
        statement.put("Action", KMS_ACTIONS);
        statement.put("Resource", "*");
        statement.put("Condition", Map.of("StringEquals", Map.of("aws:PrincipalTag/" + platform.orgTagKey(), platform.orgTagValue()),
                "StringLike", Map.of("kms:ViaService", "s3.*.amazonaws.com")));
        return statement;
    }
}
