package io.s3flow.connection.check;

import io.s3flow.common.problem.ProblemException;
import java.util.Arrays;
import java.util.Locale;

/** What a connection is about to be used for, and so which permissions its test checks. */
public enum Purpose {
    /** Reading files: ListBucket, GetObject. */
    SOURCE("read"),
    /** A Currents-style stream: also GetBucketLocation and PutObject. */
    STREAM("write"),
    /** Scheduled exports: also DeleteObject and multipart uploads. */
    EXPORT("write");

    private final String access;

    Purpose(String access) {
        this.access = access;
    }

    /** The access credential-service scopes the credentials to: {@code read} or {@code write}. */
    public String access() {
        return access;
    }

    /** Whether its test writes into the bucket. */
    public boolean writes() {
        return "write".equals(access);
    }

    public static Purpose parse(String value) {
        if (value == null || value.isBlank()) {
            return SOURCE;
        }
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid("purpose", "must be one of " + Arrays.toString(values()).toLowerCase(Locale.ROOT));
        }
    }
}
