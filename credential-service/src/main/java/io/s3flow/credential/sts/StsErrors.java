package io.s3flow.credential.sts;

import io.s3flow.common.problem.Problem;
import io.s3flow.common.problem.ProblemException;
import java.util.Locale;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sts.model.StsException;

/**
 * Turns STS failures into problems with stable error codes. AWS's own message is never passed on: it names
 * accounts and principals, and for some errors echoes request details.
 */
public final class StsErrors {

    public static final String ASSUME_ROLE_DENIED = "ASSUME_ROLE_DENIED";
    public static final String EXTERNAL_ID_MISMATCH = "EXTERNAL_ID_MISMATCH";
    public static final String CREDENTIALS_EXPIRED = "CREDENTIALS_EXPIRED";
    public static final String INVALID_CREDENTIALS = "INVALID_CREDENTIALS";
    public static final String STS_UNAVAILABLE = "STS_UNAVAILABLE";

    private StsErrors() {
    }

    public static ProblemException of(SdkException e, String roleArn, String platformRole) {
        if (e instanceof StsException sts && sts.awsErrorDetails() != null) {
            // an unparseable error body leaves no code: a 403 is then still a refusal to assume
            String code = sts.awsErrorDetails().errorCode() != null ? sts.awsErrorDetails().errorCode()
                    : sts.statusCode() == 403 ? "AccessDenied" : "HTTP_" + sts.statusCode();
            String message = sts.awsErrorDetails().errorMessage() == null ? "" : sts.awsErrorDetails().errorMessage().toLowerCase(Locale.ROOT);
            if ("AccessDenied".equals(code) && message.contains("externalid")) {
                return problem(403, EXTERNAL_ID_MISMATCH, "The role " + roleArn + " refused s3flow's external id: put the external id "
                        + "from GET /connectionSpecs/{id}/configs?authType=RoleArn in its trust policy's sts:ExternalId condition.");
            }
            if ("AccessDenied".equals(code)) {
                // AWS answers a wrong external id and an untrusted principal alike: the hint names both
                return problem(403, ASSUME_ROLE_DENIED, "s3flow may not assume " + roleArn + ": its trust policy must allow "
                        + platformRole + " with the condition sts:ExternalId equal to your org's external id.");
            }
            if ("ExpiredToken".equals(code) || "ExpiredTokenException".equals(code)) {
                return problem(403, CREDENTIALS_EXPIRED, "The credentials s3flow calls STS with have expired.");
            }
            if ("InvalidClientTokenId".equals(code) || "SignatureDoesNotMatch".equals(code)) {
                return problem(403, INVALID_CREDENTIALS, "The credentials s3flow calls STS with are not valid.");
            }
            if (sts.statusCode() < 500 && !"Throttling".equals(code)) {
                return problem(400, "STS_" + code, "STS refused the request (" + code + ").");
            }
        }
        if (e instanceof SdkClientException || e instanceof StsException) {
            return problem(503, STS_UNAVAILABLE, "STS is unavailable or throttling; try again later.");
        }
        return problem(503, STS_UNAVAILABLE, "STS failed; try again later.");
    }

    /**
     * Whether a failure may be the region's rather than the role's: STS unreachable there, or the platform's keys not
     * valid there (a region the account has not enabled). An access refusal is the role's anywhere.
     */
    public static boolean regionMayBeUnusable(SdkException e) {
        if (e instanceof StsException sts) {
            String code = sts.awsErrorDetails() == null ? null : sts.awsErrorDetails().errorCode();
            return "InvalidClientTokenId".equals(code) || "RegionDisabledException".equals(code) || sts.statusCode() >= 500;
        }
        return e instanceof SdkClientException;
    }

    private static ProblemException problem(int status, String code, String detail) {
        String title = switch (status) {
            case 403 -> "Forbidden";
            case 503 -> "Service Unavailable";
            default -> "Bad Request";
        };
        return new ProblemException(Problem.of(status, title, detail, code));
    }
}
