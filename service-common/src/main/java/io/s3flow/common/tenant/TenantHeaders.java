package io.s3flow.common.tenant;

/** The gateway headers that name a tenant, as Experience Platform's APIs spell them, and the claims they must match. */
public final class TenantHeaders {

    public static final String ORG = "x-gw-ims-org-id";
    public static final String SANDBOX = "x-sandbox-name";
    /** The JWT claim that names the caller's org; it must equal the {@link #ORG} header. */
    public static final String ORG_CLAIM = "org";
    /** The JWT claim listing the sandboxes a token may use ({@code "*"} for any); absent, any sandbox of the org. */
    public static final String SANDBOXES_CLAIM = "sandboxes";
    public static final String ANY_SANDBOX = "*";

    private TenantHeaders() {
    }
}
