package io.s3flow.common.remote;

import io.s3flow.common.problem.Problem;
import io.s3flow.common.problem.ProblemException;
import java.util.Locale;

/** Another s3flow service could not be reached or failed on its side: 503 to our caller, worth another try. */
public class ServiceUnavailable extends ProblemException {

    public ServiceUnavailable(String service, String detail) {
        super(Problem.of(503, "Service Unavailable", detail, errorCodeOf(service)));
    }

    /** {@code credential-service} → {@code CREDENTIAL_SERVICE_UNAVAILABLE}. */
    public static String errorCodeOf(String service) {
        return service.toUpperCase(Locale.ROOT).replace('-', '_') + "_UNAVAILABLE";
    }
}
