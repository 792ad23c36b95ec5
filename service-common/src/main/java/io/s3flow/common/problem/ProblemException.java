package io.s3flow.common.problem;

import jakarta.ws.rs.core.Response.Status;
import java.util.List;

/** Thrown by domain code to answer with a given problem; the mapper turns it into problem+json. */
public class ProblemException extends RuntimeException {

    private final transient Problem problem;

    public ProblemException(Problem problem) {
        super(problem.detail(), null, false, false);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }

    public static ProblemException of(Status status, String errorCode, String detail) {
        return new ProblemException(Problem.of(status.getStatusCode(), status.getReasonPhrase(), detail, errorCode));
    }

    public static ProblemException badRequest(String errorCode, String detail) {
        return of(Status.BAD_REQUEST, errorCode, detail);
    }

    public static ProblemException notFound(String detail) {
        return of(Status.NOT_FOUND, "NOT_FOUND", detail);
    }

    public static ProblemException invalid(String field, String message) {
        return new ProblemException(Problem.withViolations(field + ": " + message, List.of(new Problem.Violation(field, message))));
    }
}
