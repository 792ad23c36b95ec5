package io.s3flow.connection.spec;

import io.s3flow.common.aws.ServiceUrlConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;

/** The connection specs s3flow supports: Amazon S3, under Flow Service's id for it. */
@ApplicationScoped
public class ConnectionSpecCatalog {

    public static final String AMAZON_S3_ID = "ecadc60c-7455-4d87-84dc-2a0e293d997b";
    public static final String ACCESS_KEY = "Access Key";
    public static final String IAM_ROLE = "IAMRole Based";
    public static final String ROLE_ARN = "Role ARN";

    private final List<ConnectionSpec> specs;

    ConnectionSpecCatalog(ServiceUrlConfig serviceUrls) {
        this.specs = List.of(amazonS3(new ServiceUrlPolicy(serviceUrls.allowed())));
    }

    public List<ConnectionSpec> all() {
        return specs;
    }

    public Optional<ConnectionSpec> find(String id) {
        return specs.stream().filter(spec -> spec.id().equals(id)).findFirst();
    }

    public List<String> ids() {
        return specs.stream().map(ConnectionSpec::id).toList();
    }

    private static ConnectionSpec amazonS3(ServiceUrlPolicy serviceUrls) {
        ParamSpec bucket = ParamSpec.optional("bucketName", "The bucket s3flow reads and writes.", Formats.BUCKET_NAME);
        ParamSpec folder = ParamSpec.optional("folderPath", "The folder inside the bucket s3flow is confined to.", Formats.FOLDER_PATH);
        ParamSpec requiredBucket = ParamSpec.required(bucket.name(), bucket.description(), bucket.format());
        ParamSpec region = ParamSpec.optional("region", "The bucket's region, when it should not be found out "
                + "(from an AWS serviceUrl or by asking S3); for an S3-compatible serviceUrl, what it signs for (default us-east-1).",
                Formats.REGION);
        return new ConnectionSpec(AMAZON_S3_ID, "amazon-s3", "0ed90a81-07f4-4586-8190-b40eccef1c5a", "1.0",
                "Amazon S3 buckets, reached with access keys, a session token or a role.",
                List.of(new AuthSpecDefinition(ACCESS_KEY, "AccessKeyAuthentication",
                                "An IAM user's access key pair, or temporary credentials with their session token.",
                                List.of(ParamSpec.required("s3AccessKey", "Access key id (AKIA... or ASIA...).", Formats.ACCESS_KEY_ID),
                                        ParamSpec.required("s3SecretKey", "Secret access key.", Formats.SECRET_ACCESS_KEY).asSecret(),
                                        ParamSpec.optional("s3SessionToken", "Session token of temporary credentials.", Formats.SESSION_TOKEN).asSecret(),
                                        ParamSpec.optional("serviceUrl", "S3 endpoint, when not the AWS default: an https origin "
                                                + "(https://host[:port]) whose host is a public name or address, or an origin the operator "
                                                + "allow-lists (s3flow.service-urls.allow-list).", serviceUrls),
                                        bucket, folder, region)),
                        new AuthSpecDefinition(IAM_ROLE, "IamBasedAuthentication",
                                "s3flow's own platform identity, allow-listed by the bucket policy.",
                                List.of(requiredBucket, folder, region)),
                        new AuthSpecDefinition(ROLE_ARN, "RoleArn",
                                "A role in the customer's account that s3flow assumes with the org's external id.",
                                List.of(ParamSpec.required("roleArn", "ARN of the role to assume.", Formats.ROLE_ARN),
                                        requiredBucket, folder, region))));
    }
}
