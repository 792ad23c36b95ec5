package io.s3flow.common.auth;

/**
 * The JWT groups s3flow knows. User tokens carry the first five. {@link #SERVICE} is what service tokens carry; a
 * verified service token is given the role {@code service:<calling service>} instead (see {@link TokenVerification}),
 * so each internal endpoint names the services it serves, and no user token can ever hold either.
 */
public final class Groups {

    public static final String CONNECTIONS_READ = "connections:read";
    public static final String CONNECTIONS_WRITE = "connections:write";
    public static final String EXPORTS_READ = "exports:read";
    public static final String EXPORTS_WRITE = "exports:write";
    public static final String EVENTS_WRITE = "events:write";
    /** The group service tokens are minted with; never a role by itself. */
    public static final String SERVICE = "service";
    /** Prefix of the role a verified service token gets: {@code service:} and the calling service's name. */
    public static final String CALLER_PREFIX = "service:";
    public static final String CALLER_CONNECTION_SERVICE = CALLER_PREFIX + "connection-service";
    public static final String CALLER_EXPORT_SERVICE = CALLER_PREFIX + "export-service";

    private Groups() {
    }

    /** Whether a group is the services' own: never honoured in a user token. */
    public static boolean isServiceGroup(String group) {
        return group.equals(SERVICE) || group.startsWith(CALLER_PREFIX);
    }
}
