package io.s3flow.common.problem;

import io.quarkus.runtime.annotations.RegisterForReflection;
import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * The body of every error answer, as RFC 9457 (problem+json) describes it. {@code errorCode} is the stable,
 * machine-readable code clients switch on (Flow Service codes such as {@code 1404-412}, or s3flow's own);
 * {@code requestId} is the request's {@code x-request-id}, the key to its log lines in every service it passed.
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String errorCode, List<Violation> violations,
        String requestId) {

    public static final String MEDIA_TYPE = "application/problem+json";

    /** One field that failed validation, named by its JSON path (for example {@code auth.params.bucketName}). */
    @RegisterForReflection
    public record Violation(String field, String message) {

        /** Bean Validation's violations by field (a body's, or a resource method's arguments'), each once. */
        public static List<Violation> allOf(Set<? extends ConstraintViolation<?>> violations) {
            return violations.stream().map(v -> new Violation(fieldOf(v), v.getMessage())).distinct()
                    .sorted(Comparator.comparing(Violation::field).thenComparing(Violation::message)).toList();
        }

        /** The JSON path of the value, without the method and parameter a resource's arguments start with. */
        private static String fieldOf(ConstraintViolation<?> violation) {
            List<String> names = new ArrayList<>();
            for (Path.Node node : violation.getPropertyPath()) {
                switch (node.getKind()) {
                    case METHOD, PARAMETER, CONSTRUCTOR, CROSS_PARAMETER, RETURN_VALUE -> names.clear();
                    default -> names.add(node.getName() + (node.getIndex() != null ? "[" + node.getIndex() + "]" : ""));
                }
            }
            return String.join(".", names);
        }
    }

    public static Problem of(int status, String title, String detail, String errorCode) {
        return new Problem(typeFor(errorCode, status), title, status, detail, errorCode, null, null);
    }

    public static Problem withViolations(String detail, List<Violation> violations) {
        return new Problem(typeFor("VALIDATION_FAILED", 400), "Bad Request", 400, detail, "VALIDATION_FAILED", violations, null);
    }

    public static Problem withViolations(String errorCode, String detail, List<Violation> violations) {
        return new Problem(typeFor(errorCode, 400), "Bad Request", 400, detail, errorCode, violations, null);
    }

    /** The same problem, told which request it answers. */
    public Problem forRequest(String id) {
        return new Problem(type, title, status, detail, errorCode, violations, id);
    }

    private static String typeFor(String errorCode, int status) {
        return "urn:s3flow:problem:" + (errorCode != null ? errorCode : String.valueOf(status));
    }
}
