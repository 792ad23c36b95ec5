package io.s3flow.common.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.configuration.MemorySize;
import io.s3flow.common.text.CleanText;
import io.s3flow.common.trace.RequestId;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Checks what can be checked before anything reads the request, and answers with problem+json (left to itself, the
 * HTTP layer answers some of these with an empty body): a body announced larger than the limit (413), a URI longer
 * than {@link #MAX_URI_LENGTH} (414), a path or query value that is not valid percent-encoding or holds control
 * characters (400 naming the query parameter, or {@code path}).
 */
@ApplicationScoped
public class RequestLimits {

    /** Far above any s3flow URL; the HTTP layer itself refuses request lines over 64 KiB (without a body). */
    public static final int MAX_URI_LENGTH = 8192;
    private static final int MAX_QUERY_VALUE = 4096;

    private final long maxBodyBytes;
    private final ObjectMapper json;

    RequestLimits(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBodySize, ObjectMapper json) {
        this.maxBodyBytes = maxBodySize.asLongValue();
        this.json = json;
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE + 1).handler(ctx -> {
            Optional<Problem> problem = check(ctx);
            if (problem.isPresent()) {
                send(ctx, problem.get());
                return;
            }
            ctx.next();
        });
    }

    private Optional<Problem> check(RoutingContext ctx) {
        String length = ctx.request().getHeader("Content-Length");
        if (length != null && exceeds(length)) {
            return Optional.of(Problem.of(413, "Payload Too Large",
                    "The request body is larger than this endpoint accepts (" + maxBodyBytes + " bytes).", "BODY_TOO_LARGE"));
        }
        String uri = ctx.request().uri();
        if (uri.length() > MAX_URI_LENGTH) {
            return Optional.of(ProblemMapper.forStatus(414));
        }
        return target(uri);
    }

    /** The decoded path and each decoded query name and value must be clean text. */
    static Optional<Problem> target(String uri) {
        int question = uri.indexOf('?');
        Optional<String> path = decoded(question < 0 ? uri : uri.substring(0, question), false);
        if (path.isEmpty()) {
            return Optional.of(invalid("path", "is not valid percent-encoded UTF-8"));
        }
        Optional<String> pathProblem = CleanText.problem(path.get(), MAX_URI_LENGTH);
        if (pathProblem.isPresent()) {
            return Optional.of(invalid("path", pathProblem.get()));
        }
        if (question < 0) {
            return Optional.empty();
        }
        for (String pair : uri.substring(question + 1).split("&")) {
            int eq = pair.indexOf('=');
            Optional<String> name = decoded(eq < 0 ? pair : pair.substring(0, eq), true);
            Optional<String> value = decoded(eq < 0 ? "" : pair.substring(eq + 1), true);
            if (name.isEmpty() || value.isEmpty()) {
                return Optional.of(invalid("query", "is not valid percent-encoded UTF-8"));
            }
            Optional<String> nameProblem = CleanText.problem(name.get(), MAX_QUERY_VALUE);
            if (nameProblem.isPresent()) {
                return Optional.of(invalid("query", nameProblem.get()));
            }
            Optional<String> valueProblem = CleanText.problem(value.get(), MAX_QUERY_VALUE);
            if (valueProblem.isPresent()) {
                return Optional.of(invalid(name.get(), valueProblem.get()));
            }
        }
        return Optional.empty();
    }

    private static Problem invalid(String field, String message) {
        return Problem.withViolations("INVALID_CHARACTER", field + ": " + message, List.of(new Problem.Violation(field, message)));
    }

    /** Percent-decoding as a server does ({@code +} is a space in a query); empty when malformed or not UTF-8. */
    static Optional<String> decoded(String raw, boolean query) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                int hi = i + 2 < raw.length() ? Character.digit(raw.charAt(i + 1), 16) : -1;
                int lo = i + 2 < raw.length() ? Character.digit(raw.charAt(i + 2), 16) : -1;
                if (hi < 0 || lo < 0) {
                    return Optional.empty();
                }
                out.write(hi * 16 + lo);
                i += 2;
            } else if (c > 0x7f) {
                out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            } else {
                out.write(query && c == '+' ? ' ' : c);
            }
        }
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(out.toByteArray())).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    private void send(RoutingContext ctx, Problem problem) {
        String body;
        try {
            body = json.writeValueAsString(RequestId.current().map(problem::forRequest).orElse(problem));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        var response = ctx.response().setStatusCode(problem.status()).putHeader("Content-Type", Problem.MEDIA_TYPE);
        if (problem.status() == 413) {
            response.putHeader("Connection", "close");
        }
        response.end(body);
    }

    private boolean exceeds(String length) {
        try {
            return Long.parseLong(length.trim()) > maxBodyBytes;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
