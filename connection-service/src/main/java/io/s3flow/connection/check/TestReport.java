package io.s3flow.connection.check;

import java.util.List;

/** The answer of a connection test: {@code result} is true when every required permission works. */
public record TestReport(boolean result, List<CheckResult> checks) {

    public static TestReport of(List<CheckResult> checks) {
        return new TestReport(checks.stream().allMatch(c -> c.ok() || !c.required()), checks);
    }
}
