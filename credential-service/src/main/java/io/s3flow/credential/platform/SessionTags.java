package io.s3flow.credential.platform;

import io.s3flow.common.tenant.Tenant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The session tags on every session of the platform role: a bucket policy conditioned on
 * {@code aws:PrincipalTag/s3flow-org} admits the sessions s3flow takes for that org, and no other org's.
 */
public final class SessionTags {

    public static final String ORG = "s3flow-org";
    public static final String SANDBOX = "s3flow-sandbox";
    private static final int MAX_VALUE = 256;

    private SessionTags() {
    }

    public static Map<String, String> of(Tenant tenant) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put(ORG, value(tenant.org()));
        tags.put(SANDBOX, value(tenant.sandbox()));
        return tags;
    }

    /** In the characters STS allows in a tag value. */
    static String value(String text) {
        String value = text.replaceAll("[^\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]", "_");
        return value.length() > MAX_VALUE ? value.substring(0, MAX_VALUE) : value;
    }
}
