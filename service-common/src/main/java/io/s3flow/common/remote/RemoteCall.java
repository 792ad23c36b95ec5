package io.s3flow.common.remote;

import io.s3flow.common.problem.Problem;
import io.s3flow.common.problem.ProblemException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One call through a REST client to another s3flow service, its failures translated: a refusal (4xx with a problem
 * and an error code) becomes the caller's exception, so the code reaches the user; anything else is
 * {@link ServiceUnavailable} - never the other service's body or a stack trace.
 */
public final class RemoteCall {

    private RemoteCall() {
    }

    /** @param refusal turns the other service's problem into an exception; null treats refusals as unavailability */
    public static <T> T call(String service, Supplier<T> call, Function<Problem, ? extends ProblemException> refusal) {
        try {
            return call.get();
        } catch (WebApplicationException e) {
            int status = e.getResponse().getStatus();
            Problem problem = problemOf(e);
            if (refusal != null && status >= 400 && status < 500 && problem != null && problem.errorCode() != null) {
                throw refusal.apply(problem);
            }
            throw new ServiceUnavailable(service, service + " answered " + status + "; try again later.");
        } catch (ProcessingException e) {
            throw new ServiceUnavailable(service, service + " cannot be reached; try again later.");
        }
    }

    private static Problem problemOf(WebApplicationException e) {
        try {
            return e.getResponse().readEntity(Problem.class);
        } catch (RuntimeException unreadable) {
            return null;
        }
    }
}
