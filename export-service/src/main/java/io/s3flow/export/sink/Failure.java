package io.s3flow.export.delivery;

import io.s3flow.common.net.ForbiddenAddressException;
import io.s3flow.common.problem.ProblemException;
import io.s3flow.export.connection.ConnectionService;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.jboss.logging.Logger;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * Why a delivery attempt failed, and what that means: a failure the user must fix pauses the stream at once (with a
 * hint); anything else is retried with exponential backoff and jitter while the stream shows FAILING.
 */
public record Failure(boolean needsUser, String errorCode, String reason, String hint) {

    private static final Logger LOG = Logger.getLogger(Failure.class);

    private static final Set<String> USER_FIXABLE_S3 = Set.of("AccessDenied", "ExpiredToken", "InvalidAccessKeyId",
            "SignatureDoesNotMatch", "NoSuchBucket", "InvalidToken", "AllAccessDisabled", "KMS.DisabledException",
            "KMS.NotFoundException", "KMS.KMSInvalidStateException", "AccountProblem");

    public static Failure of(Throwable error, String bucket, String keyPrefix) {
        if (error instanceof ConnectionService.Refused refused) {
            String code = refused.errorCode() != null ? refused.errorCode() : "CONNECTION_REFUSED";
            return new Failure(true, code, refused.problem().detail(),
                    "Fix the connection (PATCH /connections/{id}); the stream resumes by itself when it changes.");
        }
        if (error instanceof StreamDelivery.DestinationChanged moved) {
            return new Failure(true, "CONNECTION_DESTINATION_CHANGED", moved.getMessage(),
                    "Point the connection back at the stream's bucket and folder (it resumes by itself), or create a new stream.");
        }
        if (error instanceof AwsServiceException aws) {
            String code = aws.awsErrorDetails() != null && aws.awsErrorDetails().errorCode() != null
                    ? aws.awsErrorDetails().errorCode() : "HTTP_" + aws.statusCode();
            boolean needsUser = USER_FIXABLE_S3.contains(code) || aws.statusCode() == 403;
            String message = aws.awsErrorDetails() != null && aws.awsErrorDetails().errorMessage() != null
                    ? aws.awsErrorDetails().errorMessage() : "";
            return new Failure(needsUser, code, "S3 answered " + aws.statusCode() + " " + code + ".",
                    needsUser ? hintFor(code, message, bucket, keyPrefix) : null);
        }
        var forbidden = ForbiddenAddressException.in(error);
        if (forbidden.isPresent()) {
            return new Failure(true, ForbiddenAddressException.ERROR_CODE, forbidden.get().getMessage() + ".",
                    "Point the connection's serviceUrl at a public S3 endpoint (PATCH /connections/{id}).");
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

    private static String hintFor(String code, String message, String bucket, String keyPrefix) {
        if (message.contains("kms:") || code.startsWith("KMS.")) {
            // S3 passes KMS's refusal on: the key, not the bucket, is what needs fixing
            return "S3 could not use the KMS key of serverSideEncryption (or of the bucket's default encryption): the key must exist in "
                    + "the bucket's region and allow kms:GenerateDataKey and kms:Decrypt to s3flow's credentials (IAM policy and key "
                    + "policy); then POST /streams/{id}/resume (or update the connection).";
        }
        return switch (code) {
            case "ExpiredToken", "InvalidToken" ->
                    "The session token expired: PATCH the connection with a new s3SessionToken; delivery resumes by itself.";
            case "InvalidAccessKeyId", "SignatureDoesNotMatch" ->
                    "The access key is not valid: PATCH the connection with working keys; delivery resumes by itself.";
            case "NoSuchBucket" -> "The bucket " + bucket + " does not exist: create it or point the connection at another.";
            default -> "Allow s3:PutObject, s3:AbortMultipartUpload and s3:ListMultipartUploadParts on arn:aws:s3:::"
                    + bucket + "/" + keyPrefix + "*, then POST /streams/{id}/resume (or update the connection).";
        };
    }

    /** base × 2^attempts, capped, then scaled by a random factor in [0.5, 1) so failing streams do not retry in step. */
    public static Duration backoff(int attempts, Duration base, Duration cap) {
        long capMillis = cap.toMillis();
        long exponential = base.toMillis() << Math.min(attempts, 20);
        long delay = Math.min(capMillis, exponential <= 0 ? capMillis : exponential);
        return Duration.ofMillis((long) (delay * (0.5 + ThreadLocalRandom.current().nextDouble() / 2)));
    }
}
