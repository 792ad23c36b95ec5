package io.s3flow.credential.grant;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/** Usable AWS credentials. {@code toString} leaves the secrets out, so a log line can never carry them. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ResolvedCredentials(String accessKeyId, String secretAccessKey, String sessionToken, Instant expiration, String source) {

    public static final String STATIC = "static";
    public static final String SESSION = "session";
    public static final String ASSUMED_ROLE = "assumed-role";
    /** A session of the platform role for one org and connection (IAMRole Based). */
    public static final String PLATFORM_SESSION = "platform-session";

    @Override
    public String toString() {
        return "ResolvedCredentials[source=" + source + ", expiration=" + expiration + "]";
    }
}
