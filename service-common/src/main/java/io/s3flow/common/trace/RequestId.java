package io.s3flow.common.trace;

import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * Every request has an id: the caller's {@code x-request-id} when it is a plain token, a new one otherwise. It is sent
 * back in the same header, is in the MDC (so in every log line written while the request is handled, on any thread of
 * its Vert.x context), in every problem body, and travels on with the calls to other s3flow services.
 */
@ApplicationScoped
public class RequestId {

    public static final String HEADER = "x-request-id";
    public static final String MDC_KEY = "requestId";
    /** What a caller's id may be: no spaces, quotes or control characters that could forge a log line or a header. */
    private static final Logger LOG = Logger.getLogger(RequestId.class);
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9._:@/+=-]{1,128}");

    void install(@Observes Router router) {
        // first of all handlers, so that even the answers of the request limits carry it; a reroute keeps the id
        router.route().order(Integer.MIN_VALUE).handler(ctx -> {
            String id = ctx.get(MDC_KEY);
            if (id == null) {
                id = accepted(ctx.request().getHeader(HEADER)).orElseGet(RequestId::generate);
                ctx.put(MDC_KEY, id);
            }
            MDC.put(MDC_KEY, id);
            ctx.response().putHeader(HEADER, id);
            LOG.debugf("%s %s", ctx.request().method(), ctx.request().path());
            ctx.next();
        });
    }

    /** The id of the request being handled on this context, if any. */
    public static Optional<String> current() {
        Object id = MDC.get(MDC_KEY);
        return id == null ? Optional.empty() : Optional.of(id.toString());
    }

    static Optional<String> accepted(String header) {
        return header != null && PLAIN.matcher(header).matches() ? Optional.of(header) : Optional.empty();
    }

    static String generate() {
        return UUID.randomUUID().toString();
    }
}
