package io.s3flow.export.sink;

import io.s3flow.common.net.ForbiddenAddressException;
import io.s3flow.common.problem.ProblemException;
import io.s3flow.common.remote.Refused;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.jboss.logging.Logger;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * Why an attempt to write into a bucket failed, and what that means: a failure the user must fix stops the writer (a
 * stream pauses, a run fails) with a hint worded by the caller; anything else is retried with exponential backoff and
 * jitter.
 */
public record Failure(boolean needsUser, String errorCode, String reason, String hint) {

    private static final Logger LOG = Logger.getLogger(Failure.class);

    private static final Set<String> USER_FIXABLE_S3 = Set.of("AccessDenied", "ExpiredToken", "InvalidAccessKeyId",
            "SignatureDoesNotMatch", "NoSuchBucket", "InvalidToken", "AllAccessDisabled", "KMS.DisabledException",
            "KMS.NotFoundException", "KMS.KMSInvalidStateException", "AccountProblem");

    /**
     * What the user is told to do about a failure only they can fix: the caller's words, since what happens next
     * differs (a stream resumes by itself when its connection changes; a run does not, the next one starts from the same
     * mark).
     */
    public interface Hints {
        String connectionRefused();

        String destinationChanged();

        String forbiddenAddress();

        /** S3 refused with {@code code} (its {@code message} may name KMS). */
        String s3(String code, String message);
    }

    public static Failure of(Throwable error, Hints hints) {
        if (error instanceof Refused refused) {
            String code = refused.errorCode() != null ? refused.errorCode() : "CONNECTION_REFUSED";
            return new Failure(true, code, refused.problem().detail(), hints.connectionRefused());
        }
        if (error instanceof Destination.Changed moved) {
            return new Failure(true, "CONNECTION_DESTINATION_CHANGED", moved.getMessage(), hints.destinationChanged());
        }
        if (error instanceof AwsServiceException aws) {
            String code = aws.awsErrorDetails() != null && aws.awsErrorDetails().errorCode() != null
                    ? aws.awsErrorDetails().errorCode() : "HTTP_" + aws.statusCode();
            boolean needsUser = USER_FIXABLE_S3.contains(code) || aws.statusCode() == 403;
            String message = aws.awsErrorDetails() != null && aws.awsErrorDetails().errorMessage() != null
                    ? aws.awsErrorDetails().errorMessage() : "";
            return new Failure(needsUser, code, "S3 answered " + aws.statusCode() + " " + code + ".",
                    needsUser ? hints.s3(code, message) : null);
        }
        var forbidden = ForbiddenAddressException.in(error);
        if (forbidden.isPresent()) {
            return new Failure(true, ForbiddenAddressException.ERROR_CODE, forbidden.get().getMessage() + ".", hints.forbiddenAddress());
        }
        if (error instanceof ProblemException problem) {
            return new Failure(false, problem.problem().errorCode(), problem.problem().detail(), null);
        }
        if (error instanceof SdkClientException) {
            return new Failure(false, "S3_UNREACHABLE", "S3 could not be reached or did not answer in time.", null);
        }
        // the message of anything else (a database error, a bug) is for the log, never for the user
        String incident = UUID.randomUUID().toString();
        LOG.errorf(error, "delivery failure, incident %s", incident);
        return new Failure(false, "DELIVERY_FAILED", "An internal error stopped this attempt (incident " + incident + ").", null);
    }

    /** base × 2^attempts, capped, then scaled by a random factor in [0.5, 1) so failing streams do not retry in step. */
    public static Duration backoff(int attempts, Duration base, Duration cap) {
        long capMillis = cap.toMillis();
        long exponential = base.toMillis() << Math.min(attempts, 20);
        long delay = Math.min(capMillis, exponential <= 0 ? capMillis : exponential);
        return Duration.ofMillis((long) (delay * (0.5 + ThreadLocalRandom.current().nextDouble() / 2)));
    }
}
