package io.s3flow.common.net;

import java.net.UnknownHostException;
import java.util.Optional;

/**
 * A connection's endpoint resolved to an address s3flow may not call. An {@link UnknownHostException}, because that
 * is what an HTTP client's resolver may throw: the client gives up on the host without connecting anywhere.
 */
public class ForbiddenAddressException extends UnknownHostException {

    public static final String ERROR_CODE = "SERVICE_URL_FORBIDDEN";

    public ForbiddenAddressException(String host, String why) {
        super(host + " resolves to " + why + "; s3flow only calls endpoints on the public internet");
    }

    /** This exception somewhere in {@code error}'s causes. */
    public static Optional<ForbiddenAddressException> in(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof ForbiddenAddressException forbidden) {
                return Optional.of(forbidden);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return Optional.empty();
    }
}
