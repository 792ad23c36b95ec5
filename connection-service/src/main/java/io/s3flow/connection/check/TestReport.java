package io.s3flow.connection.check;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The answer of a connection test: {@code result} is true when every required permission works. For the stream and
 * export tests, {@code bucket} says what the bucket is set to (region, default encryption, Object Lock) and
 * {@code warnings} what the user should know although nothing failed.
 */
public record TestReport(boolean result, List<CheckResult> checks,
        @JsonInclude(JsonInclude.Include.NON_NULL) BucketSettings bucket,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> warnings) {

    public static TestReport of(List<CheckResult> checks) {
        return of(checks, null, List.of());
    }

    public static TestReport of(List<CheckResult> checks, BucketSettings bucket, List<String> warnings) {
        return new TestReport(checks.stream().allMatch(c -> c.ok() || !c.required()), checks, bucket, warnings);
    }
}
