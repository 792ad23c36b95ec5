package io.s3flow.export.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.s3flow.export.sink.Failure;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.model.S3Exception;

class FailureTest {

    static S3Exception s3(int status, String code) {
        return (S3Exception) S3Exception.builder().statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).build()).build();
    }

    @Test
    void whatOnlyTheUserCanFixPausesWithAHint() {
        Failure denied = Failure.of(s3(403, "AccessDenied"), new StreamHints("bucket", "landing/currents/"));
        assertTrue(denied.needsUser());
        assertEquals("AccessDenied", denied.errorCode());
        assertTrue(denied.hint().contains("s3:PutObject") && denied.hint().contains("arn:aws:s3:::bucket/landing/currents/*"), denied.hint());
        assertTrue(Failure.of(s3(400, "ExpiredToken"), new StreamHints("b", "")).hint().contains("s3SessionToken"));
        assertTrue(Failure.of(s3(403, "InvalidAccessKeyId"), new StreamHints("b", "")).needsUser());
    }

    @Test
    void serverTroubleAndTimeoutsAreRetried() {
        assertFalse(Failure.of(s3(503, "SlowDown"), new StreamHints("b", "")).needsUser());
        assertFalse(Failure.of(s3(500, "InternalError"), new StreamHints("b", "")).needsUser());
        assertFalse(Failure.of(SdkClientException.create("connect timed out"), new StreamHints("b", "")).needsUser());
    }

    @Test
    void backoffDoublesWithJitterUpToTheCap() {
        Duration base = Duration.ofSeconds(1);
        Duration cap = Duration.ofMinutes(5);
        for (int attempt = 0; attempt < 30; attempt++) {
            long expected = Math.min(cap.toMillis(), base.toMillis() << Math.min(attempt, 20));
            long delay = Failure.backoff(attempt, base, cap).toMillis();
            assertTrue(delay >= expected / 2 && delay <= expected, attempt + ": " + delay);
        }
    }
}
