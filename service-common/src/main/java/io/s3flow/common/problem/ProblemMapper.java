package io.s3flow.common.problem;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.s3flow.common.trace.RequestId;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.eclipse.microprofile.faulttolerance.exceptions.FaultToleranceException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The one place where exceptions become answers. Clients get problem+json with a status that says whose fault it
 * was; they never see a stack trace, an exception class or a message that could carry a secret.
 */
public class ProblemMapper {

    public static final String UNAUTHENTICATED = "UNAUTHENTICATED";
    public static final String FORBIDDEN = "FORBIDDEN";
    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        return respond(e.problem());
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            return unexpected(e);
        }
        // JSON bodies that cannot be read arrive wrapped by the JSON reader.
        if (e.getCause() instanceof JsonProcessingException json) {
            return unreadableJson(json);
        }
        return respond(forStatus(status));
    }

    /** No token, or one that failed verification: 401 with the Bearer challenge (RFC 6750) and a problem body. */
    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
    public Response unauthenticated(RuntimeException e) {
        String challenge = e instanceof AuthenticationFailedException ? "Bearer error=\"invalid_token\"" : "Bearer";
        return Response.fromResponse(respond(Problem.of(401, "Unauthorized",
                        "A valid bearer token is required: it is missing, expired, or not one s3flow accepts.", UNAUTHENTICATED)))
                .header(HttpHeaders.WWW_AUTHENTICATE, challenge).build();
    }

    /** The token lacks the group the endpoint needs: the answer names it. */
    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, ResourceInfo resource) {
        String[] groups = requiredGroups(resource);
        String detail = groups.length == 0 ? "The token does not allow this call."
                : "The token lacks the group this call needs: " + (groups.length == 1 ? groups[0] : "one of " + Arrays.toString(groups)) + ".";
        return respond(Problem.of(403, "Forbidden", detail, FORBIDDEN));
    }

    @ServerExceptionMapper
    public Response constraintViolation(ConstraintViolationException e) {
        List<Problem.Violation> violations = Problem.Violation.allOf(e.getConstraintViolations());
        String detail = violations.stream().map(v -> v.field() + ": " + v.message()).collect(Collectors.joining("; "));
        return respond(Problem.withViolations(detail, violations));
    }

    @ServerExceptionMapper({JsonProcessingException.class, MismatchedInputException.class, JsonParseException.class,
            UnrecognizedPropertyException.class, InvalidFormatException.class})
    public Response unreadableJson(JsonProcessingException e) {
        if (e instanceof StreamConstraintsException) {
            return respond(Problem.of(400, "Bad Request", "The body is nested deeper than " + JsonLimits.MAX_NESTING_DEPTH
                    + " levels, or exceeds another JSON limit.", JsonLimits.TOO_DEEP));
        }
        if (e instanceof JsonParseException || !(e instanceof JsonMappingException mapping) || mapping.getPath().isEmpty()) {
            var where = e.getLocation();
            String at = where == null ? "" : " at line " + where.getLineNr() + ", column " + where.getColumnNr();
            return respond(Problem.of(400, "Bad Request", "The body is not valid JSON" + at + ".", "MALFORMED_JSON"));
        }
        String field = jsonPath(mapping);
        String message = e instanceof UnrecognizedPropertyException ? "unknown field" : "wrong type or format";
        return respond(Problem.withViolations(field + ": " + message, List.of(new Problem.Violation(field, message))));
    }

    /** A dependency timed out or its circuit is open: the client may retry later. */
    @ServerExceptionMapper
    public Response dependencyUnavailable(FaultToleranceException e) {
        LOG.warnf("A dependency is unavailable: %s", e.getClass().getSimpleName());
        return respond(Problem.of(503, "Service Unavailable", "A service s3flow depends on is unavailable; try again later.",
                "DEPENDENCY_UNAVAILABLE"));
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        String incident = UUID.randomUUID().toString();
        LOG.errorf(e, "Unexpected error, incident %s", incident);
        return respond(Problem.of(500, "Internal Server Error",
                "The server failed to handle the request; incident " + incident + ".", "INTERNAL"));
    }

    public static Response respond(Problem problem) {
        Problem answered = RequestId.current().map(problem::forRequest).orElse(problem);
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(answered).build();
    }

    /** The problem for a bare HTTP status the framework raised (no route, wrong method, media types, sizes). */
    public static Problem forStatus(int status) {
        Response.Status known = Response.Status.fromStatusCode(status);
        String title = known != null ? known.getReasonPhrase() : "HTTP " + status;
        return switch (status) {
            case 400 -> Problem.of(status, title, "The request is malformed.", "BAD_REQUEST");
            case 401 -> Problem.of(status, title, "A valid bearer token is required.", UNAUTHENTICATED);
            case 403 -> Problem.of(status, title, "The token does not allow this call.", FORBIDDEN);
            case 404 -> Problem.of(status, title, "No resource at this path.", "NOT_FOUND");
            case 405 -> Problem.of(status, title, "This method is not allowed on this resource.", "METHOD_NOT_ALLOWED");
            case 406 -> Problem.of(status, title, "This resource cannot answer in the requested media type; accept application/json.",
                    "NOT_ACCEPTABLE");
            case 413 -> Problem.of(status, title, "The request body is larger than this endpoint accepts.", "BODY_TOO_LARGE");
            case 414 -> Problem.of(status, title, "The request URI is longer than this service accepts.", "URI_TOO_LONG");
            case 415 -> Problem.of(status, title, "This Content-Type is not accepted here; send application/json.",
                    "UNSUPPORTED_MEDIA_TYPE");
            default -> Problem.of(status, title, title + ".", "HTTP_" + status);
        };
    }

    /** The groups of the endpoint's {@code @RolesAllowed} (method first, then class). */
    private static String[] requiredGroups(ResourceInfo resource) {
        Method method = resource == null ? null : resource.getResourceMethod();
        RolesAllowed allowed = method == null ? null : method.getAnnotation(RolesAllowed.class);
        if (allowed == null && resource != null && resource.getResourceClass() != null) {
            allowed = resource.getResourceClass().getAnnotation(RolesAllowed.class);
        }
        return allowed == null ? new String[0] : allowed.value();
    }

    private static String jsonPath(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    /** Drops the method and parameter nodes of a bean-validation path: {@code create.body.name} becomes {@code name}. */
}
