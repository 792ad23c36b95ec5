package io.s3flow.connection.spec;

import io.s3flow.common.problem.Problem;
import io.s3flow.common.problem.ProblemException;
import io.s3flow.common.text.CleanText;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Checks an auth spec's params against its {@link ParamSpec}s; every failure is named by its JSON path. */
public final class ParamValidator {

    static final String FIELD_PREFIX = "auth.params.";
    private static final String TEMPORARY_KEY_PREFIX = "ASIA";
    private static final int MAX_PARAM_LENGTH = 8192;

    private ParamValidator() {
    }

    /** The params as strings, or a 400 problem listing every violation. */
    public static Map<String, String> validate(AuthSpecDefinition authSpec, Map<String, ?> params) {
        List<Problem.Violation> violations = new ArrayList<>();
        Map<String, String> values = new LinkedHashMap<>();
        params.forEach((name, value) -> {
            if (authSpec.param(name).isEmpty()) {
                violations.add(violation(name, "unknown parameter for auth spec '" + authSpec.name() + "'"));
            } else if (value != null && !(value instanceof String)) {
                violations.add(violation(name, "must be a string"));
            } else if (value != null) {
                values.put(name, (String) value);
            }
        });
        for (ParamSpec spec : authSpec.params()) {
            String value = values.get(spec.name());
            if (value == null || value.isBlank()) {
                values.remove(spec.name());
                if (spec.required()) {
                    violations.add(violation(spec.name(), "is required"));
                }
                continue;
            }
            // no format needs a control character, and the database, S3 and logs cannot all hold one
            CleanText.problem(value, MAX_PARAM_LENGTH).or(() -> spec.format().check(value))
                    .ifPresent(message -> violations.add(violation(spec.name(), message)));
        }
        temporaryKeyWithoutToken(values).ifPresent(violations::add);
        if (!violations.isEmpty()) {
            throw new ProblemException(Problem.withViolations("Invalid auth params: " + violations.stream()
                    .map(v -> v.field() + " " + v.message()).reduce((a, b) -> a + "; " + b).orElse(""), violations));
        }
        return values;
    }

    private static Optional<Problem.Violation> temporaryKeyWithoutToken(Map<String, String> values) {
        String accessKey = values.get("s3AccessKey");
        if (accessKey != null && accessKey.startsWith(TEMPORARY_KEY_PREFIX) && !values.containsKey("s3SessionToken")) {
            return Optional.of(violation("s3SessionToken", "is required with a temporary (ASIA...) access key"));
        }
        return Optional.empty();
    }

    private static Problem.Violation violation(String param, String message) {
        return new Problem.Violation(FIELD_PREFIX + param, message);
    }
}
