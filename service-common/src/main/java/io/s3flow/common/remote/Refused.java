package io.s3flow.common.remote;

import io.s3flow.common.problem.Problem;
import io.s3flow.common.problem.ProblemException;

/**
 * The service called refused (a 4xx, for example credential-service's {@code ASSUME_ROLE_DENIED}): its problem, status
 * and error code kept, is passed on.
 */
public class Refused extends ProblemException {

    public Refused(Problem problem) {
        super(problem);
    }

    public String errorCode() {
        return problem().errorCode();
    }
}
