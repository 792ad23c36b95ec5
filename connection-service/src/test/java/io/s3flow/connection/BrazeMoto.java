package io.s3flow.connection;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.s3flow.common.testing.IamMoto;
import java.util.Map;

/**
 * An IAM-enforcing moto with the users of the Braze pages: one with exactly the Currents policy, one with the data
 * export policy, one that may only list the bucket. connection-service may name it as a serviceUrl.
 */
public class BrazeMoto implements QuarkusTestResourceLifecycleManager {

    public static final String BUCKET = "braze-bucket";
    public static IamMoto moto;
    public static IamMoto.Keys currents;
    public static IamMoto.Keys dataExport;
    public static IamMoto.Keys listOnly;

    @Override
    public Map<String, String> start() {
        moto = IamMoto.start();
        moto.createBucket(BUCKET);
        currents = moto.createUser("currents", IamMoto.policy("iam/braze-currents-policy.json", BUCKET));
        dataExport = moto.createUser("data-export", IamMoto.policy("iam/braze-data-export-policy.json", BUCKET));
        listOnly = moto.createUser("list-only", """
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::%s"}]}"""
                .formatted(BUCKET));
        moto.enforce();
        return Map.of("s3flow.service-urls.allow-list", moto.url());
    }

    @Override
    public void stop() {
        if (moto != null) {
            moto.close();
        }
    }
}
