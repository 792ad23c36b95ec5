package io.s3flow.connection.spec;

import java.util.List;
import java.util.Optional;

/** The connection specs s3flow supports: Amazon S3, with Flow Service's id for it. */
public final class ConnectionSpecs {

    public static final String AMAZON_S3_ID = "ecadc60c-7455-4d87-84dc-2a0e293d997b";

    public static final ConnectionSpec AMAZON_S3 = new ConnectionSpec(AMAZON_S3_ID, "amazon-s3",
            "0ed90a81-07f4-4586-8190-b40eccef1c5a", "1.0", "Amazon S3 buckets, reached with access keys, a session token or a role.",
            List.of(new ConnectionSpec.AuthSpec("Access Key", "AccessKeyAuthentication"),
                    new ConnectionSpec.AuthSpec("IAMRole Based", "IamBasedAuthentication"),
                    new ConnectionSpec.AuthSpec("Role ARN", "RoleArn")));

    public static final List<ConnectionSpec> ALL = List.of(AMAZON_S3);

    private ConnectionSpecs() {
    }

    public static Optional<ConnectionSpec> find(String id) {
        return ALL.stream().filter(spec -> spec.id().equals(id)).findFirst();
    }
}
