package io.s3flow.export.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.s3flow.common.problem.Problem;
import io.s3flow.common.problem.ProblemException;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.util.List;
import java.util.UUID;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;
import org.junit.jupiter.api.Test;

class StreamSettingsTest {

    private static final Validator VALIDATOR = Validation.byDefaultProvider().configure()
            .messageInterpolator(new ParameterMessageInterpolator()).buildValidatorFactory().getValidator();

    private static Problem refused(StreamRequest request) {
        return assertThrows(ProblemException.class, () -> StreamSettings.validate(request, VALIDATOR)).problem();
    }

    @Test
    void declaredAndCodedRulesAreReportedTogetherByField() {
        Problem problem = refused(new StreamRequest(" ", UUID.randomUUID().toString(), null, "csv", null, null,
                new StreamRequest.Flush(0, 10L, 86_401), null));
        assertEquals("VALIDATION_FAILED", problem.errorCode());
        assertEquals(400, problem.status());
        assertEquals(List.of("flush.maxBytes", "flush.maxEvents", "flush.maxSeconds", "format", "name"),
                problem.violations().stream().map(Problem.Violation::field).sorted().toList());
        assertEquals("must be between 1 KiB and 5 GiB", problem.violations().stream()
                .filter(v -> v.field().equals("flush.maxBytes")).findFirst().orElseThrow().message());
    }

    @Test
    void aBlankNameTooLongIsOneViolation() {
        Problem problem = refused(new StreamRequest(" ".repeat(300), UUID.randomUUID().toString(), null, null, null, null, null, null));
        assertEquals(List.of(new Problem.Violation("name", "is required, at most 256 characters")), problem.violations());
    }

    @Test
    void absentFlushLimitsTakeTheDefaults() {
        StreamSettings settings = StreamSettings.validate(new StreamRequest("s", UUID.randomUUID().toString(), null, null, null,
                null, null, null), VALIDATOR);
        assertEquals(StreamSettings.DEFAULT_MAX_EVENTS, settings.maxEvents());
        assertEquals(StreamSettings.DEFAULT_MAX_BYTES, settings.maxBytes());
        assertEquals(StreamSettings.DEFAULT_MAX_SECONDS, settings.maxSeconds());
    }
}
