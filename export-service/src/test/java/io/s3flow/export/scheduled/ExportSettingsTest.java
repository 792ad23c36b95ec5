package io.s3flow.export.scheduled;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.s3flow.common.problem.Problem;
import io.s3flow.common.problem.ProblemException;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;
import org.junit.jupiter.api.Test;

class ExportSettingsTest {

    private static final Validator VALIDATOR = Validation.byDefaultProvider().configure()
            .messageInterpolator(new ParameterMessageInterpolator()).buildValidatorFactory().getValidator();

    @Test
    void declaredAndCodedRulesAreReportedTogetherByField() {
        ExportRequest request = new ExportRequest(null, UUID.randomUUID().toString(),
                new ExportRequest.Select(null, List.of("id"), null), "xml", null, null, null, null, 10, null, null, null);
        Problem problem = assertThrows(ProblemException.class,
                () -> ExportSettings.validate(request, Instant.now(), VALIDATOR)).problem();
        assertEquals("VALIDATION_FAILED", problem.errorCode());
        assertEquals(List.of("format", "maxRowsPerFile", "name"),
                problem.violations().stream().map(Problem.Violation::field).sorted().toList());
        assertEquals("must be between 1000 and 1000000000", problem.violations().stream()
                .filter(v -> v.field().equals("maxRowsPerFile")).findFirst().orElseThrow().message());
    }

    @Test
    void aValidRequestKeepsItsRowsPerFile() {
        ExportRequest request = new ExportRequest("daily", UUID.randomUUID().toString(),
                new ExportRequest.Select(null, List.of("id"), null), null, null, null, null, null, 1000, null, null, null);
        assertEquals(1000, ExportSettings.validate(request, Instant.now(), VALIDATOR).maxRowsPerFile());
    }
}
