package io.s3flow.credential.sts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.s3flow.common.problem.ProblemException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sts.model.StsException;

/** STS answers that moto cannot produce (it evaluates neither trust policies nor external ids), built by hand. */
class StsErrorsTest {

    private static ProblemException map(String code, String message, int status) {
        StsException e = (StsException) StsException.builder().statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message).build()).build();
        return StsErrors.of(e, "arn:aws:iam::210987654321:role/customer", "arn:aws:iam::123456789012:role/s3flow-platform");
    }

    @Test
    void deniedAssumptionsAndTheirHints() {
        ProblemException denied = map("AccessDenied", "User: arn:aws:iam::123456789012:user/p is not authorized to perform: sts:AssumeRole", 403);
        assertEquals("ASSUME_ROLE_DENIED", denied.problem().errorCode());
        assertEquals(403, denied.problem().status());
        assertFalse(denied.problem().detail().contains("User: arn"), "AWS's message is not passed on");
        assertEquals("EXTERNAL_ID_MISMATCH", map("AccessDenied", "The ExternalId does not match", 403).problem().errorCode());
        assertEquals("ASSUME_ROLE_DENIED", map(null, null, 403).problem().errorCode(), "a 403 without a parseable code");
    }

    @Test
    void credentialAndAvailabilityErrors() {
        assertEquals("CREDENTIALS_EXPIRED", map("ExpiredToken", "expired", 400).problem().errorCode());
        assertEquals("INVALID_CREDENTIALS", map("InvalidClientTokenId", "bad", 403).problem().errorCode());
        ProblemException throttled = map("Throttling", "slow down", 400);
        assertEquals("STS_UNAVAILABLE", throttled.problem().errorCode());
        assertEquals(503, throttled.problem().status());
        assertEquals(503, map("InternalFailure", "oops", 500).problem().status());
        assertEquals("STS_UNAVAILABLE", StsErrors.of(SdkClientException.create("connection refused"), "r", "p").problem().errorCode());
    }
}
