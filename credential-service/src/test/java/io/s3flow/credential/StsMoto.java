package io.s3flow.credential;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.s3flow.common.testing.IamMoto;
import java.util.Map;

/**
 * An IAM-enforcing moto for credential-service: a customer bucket, a platform user that may assume only
 * {@code customer-*} roles, and a customer role that trusts it. The service runs as that platform user.
 */
public class StsMoto implements QuarkusTestResourceLifecycleManager {

    public static final String BUCKET = "customer-bucket";
    public static IamMoto moto;
    public static String writerRole;
    public static String foreignRole;

    @Override
    public Map<String, String> start() {
        moto = IamMoto.start();
        moto.createBucket(BUCKET);
        IamMoto.Keys platform = moto.createUser("s3flow-platform", """
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole",
                 "Resource":"arn:aws:iam::123456789012:role/customer-*"}]}""");
        String everythingInBucket = """
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*",
                 "Resource":["arn:aws:s3:::%s","arn:aws:s3:::%s/*"]}]}""".formatted(BUCKET, BUCKET);
        writerRole = moto.createRole("customer-writer", platform.arn(), everythingInBucket);
        foreignRole = moto.createRole("other-team", platform.arn(), everythingInBucket);
        moto.enforce();
        return Map.of("s3flow.aws.endpoint-override", moto.url(),
                "s3flow.credentials.platform-access-key-id", platform.accessKeyId(),
                "s3flow.credentials.platform-secret-access-key", platform.secretAccessKey(),
                "s3flow.credentials.assume-role-duration", "PT15M");
    }

    @Override
    public void stop() {
        if (moto != null) {
            moto.close();
        }
    }
}
