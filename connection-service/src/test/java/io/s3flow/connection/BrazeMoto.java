package io.s3flow.connection;

import io.s3flow.common.testing.IamMoto;

/**
 * An IAM-enforcing moto with the users of the Braze pages: one with exactly the Currents policy, one with the data
 * export policy, one that may only list the bucket. Part of {@link AwsFrontStack}, which allow-lists it as a
 * serviceUrl.
 */
public final class BrazeMoto {

    public static final String BUCKET = "braze-bucket";
    public static IamMoto moto;
    public static IamMoto.Keys currents;
    public static IamMoto.Keys dataExport;
    public static IamMoto.Keys listOnly;

    private BrazeMoto() {
    }

    /** Starts it with its bucket and users, enforcing IAM from then on; returns its URL. */
    static String start() {
        moto = IamMoto.start();
        moto.createBucket(BUCKET);
        currents = moto.createUser("currents", IamMoto.policy("iam/braze-currents-policy.json", BUCKET));
        dataExport = moto.createUser("data-export", IamMoto.policy("iam/braze-data-export-policy.json", BUCKET));
        listOnly = moto.createUser("list-only", """
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::%s"}]}"""
                .formatted(BUCKET));
        moto.enforce();
        return moto.url();
    }

    static void stop() {
        if (moto != null) {
            moto.close();
        }
    }
}
