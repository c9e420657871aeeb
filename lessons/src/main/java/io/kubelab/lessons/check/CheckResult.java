package io.kubelab.lessons.check;

import java.util.List;

/**
 * The outcome of a check.
 *
 * @param passed  whether it holds
 * @param details one line per condition looked at, in kubectl's words where there are some, e.g.
 *                {@code deployments.apps "nginx-deployment" not found}
 */
public record CheckResult(boolean passed, List<String> details) {
    public CheckResult {
        details = List.copyOf(details);
    }

    static CheckResult pass(String detail) {
        return new CheckResult(true, List.of(detail));
    }

    static CheckResult fail(String detail) {
        return new CheckResult(false, List.of(detail));
    }

    static CheckResult of(boolean passed, String detail) {
        return new CheckResult(passed, List.of(detail));
    }
}
