package io.s3flow.common.remote;

import io.s3flow.common.problem.Problem;
import io.s3flow.common.problem.ProblemException;
import io.s3flow.common.problem.ProblemMapper;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One call through a REST client to another s3flow service, its failures translated: a refusal (any 4xx) becomes the
 * caller's exception with the other service's status and error code, so the code reaches the user as it was; a
 * failure on the other side (5xx, unreachable) is {@link ServiceUnavailable} - never the other service's body or a
 * stack trace.
 */
public final class RemoteCall {

    private RemoteCall() {
    }

    /** @param refusal turns the other service's problem (status and code kept) into the exception to throw */
    public static <T> T call(String service, Supplier<T> call, Function<Problem, ? extends ProblemException> refusal) {
        try {
            return call.get();
        } catch (WebApplicationException e) {
            int status = e.getResponse().getStatus();
            if (status >= 400 && status < 500) {
                throw refusal.apply(refusalOf(e, status));
            }
            throw new ServiceUnavailable(service, service + " answered " + status + "; try again later.");
        } catch (ProcessingException e) {
            throw new ServiceUnavailable(service, service + " cannot be reached; try again later.");
        }
    }

    /** The other service's problem as it sent it; one with its status and the standard code when the body is no problem. */
    private static Problem refusalOf(WebApplicationException e, int status) {
        Problem problem = null;
        try {
            problem = e.getResponse().readEntity(Problem.class);
        } catch (RuntimeException unreadable) {
            // no problem body: the status alone is passed on
        }
        if (problem == null || problem.errorCode() == null || problem.status() != status) {
            return ProblemMapper.forStatus(status);
        }
        return problem;
    }
}
