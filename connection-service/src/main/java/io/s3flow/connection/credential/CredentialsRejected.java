package io.s3flow.connection.credential;

import io.s3flow.common.problem.Problem;
import io.s3flow.common.problem.ProblemException;

/** credential-service refused to produce credentials (for example {@code ASSUME_ROLE_DENIED}); its problem is passed on. */
public class CredentialsRejected extends ProblemException {

    public CredentialsRejected(Problem problem) {
        super(problem);
    }

    public String errorCode() {
        return problem().errorCode();
    }
}
