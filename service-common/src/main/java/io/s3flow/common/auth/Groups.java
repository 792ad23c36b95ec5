package io.s3flow.common.auth;

/** The JWT groups s3flow knows. {@link #SERVICE} is only ever minted by the services themselves. */
public final class Groups {

    public static final String CONNECTIONS_READ = "connections:read";
    public static final String CONNECTIONS_WRITE = "connections:write";
    public static final String EXPORTS_READ = "exports:read";
    public static final String EXPORTS_WRITE = "exports:write";
    public static final String EVENTS_WRITE = "events:write";
    public static final String SERVICE = "service";

    private Groups() {
    }
}
