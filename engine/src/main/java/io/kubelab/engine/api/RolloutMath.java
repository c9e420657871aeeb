package io.kubelab.engine.api;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.apps.RollingUpdateDeployment;
import io.kubelab.engine.model.FieldError;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * maxSurge / maxUnavailable arithmetic of {@code deployment/util}: percentages of the desired
 * replicas, surge rounded up and unavailable rounded down, and never both zero.
 *
 * <p>Worked example: 10 replicas, maxSurge 25%, maxUnavailable 25% → surge ceil(2.5) = 3,
 * unavailable floor(2.5) = 2: the rollout may run 13 pods and must keep 8 available.
 */
public final class RolloutMath {
    private RolloutMath() {}

    private static final Pattern PERCENT = Pattern.compile("^([0-9]+)%$");

    /** The absolute value of an int-or-percent against {@code total}. */
    public static int scaled(IntOrString value, int total, boolean roundUp) {
        if (value == null) {
            return 0;
        }
        if (value.getStrVal() == null) {
            return value.getIntVal() == null ? 0 : value.getIntVal();
        }
        Matcher m = PERCENT.matcher(value.getStrVal());
        if (!m.matches()) {
            throw new IllegalArgumentException("invalid value for IntOrString: invalid value \"" + value.getStrVal() + "\"");
        }
        long pct = Long.parseLong(m.group(1));
        return roundUp ? (int) ((pct * total + 99) / 100) : (int) (pct * total / 100);
    }

    /** {maxSurge, maxUnavailable} as absolute numbers; unavailable becomes 1 when both would be 0. */
    public static int[] fenceposts(IntOrString maxSurge, IntOrString maxUnavailable, int desired) {
        int surge = scaled(maxSurge, desired, true);
        int unavailable = scaled(maxUnavailable, desired, false);
        if (surge == 0 && unavailable == 0) {
            unavailable = 1;
        }
        return new int[] {surge, unavailable};
    }

    static void validate(RollingUpdateDeployment ru, List<FieldError> errors) {
        boolean surgeOk = validateOne(ru.getMaxSurge(), "spec.strategy.rollingUpdate.maxSurge", errors);
        boolean unavailableOk = validateOne(ru.getMaxUnavailable(), "spec.strategy.rollingUpdate.maxUnavailable", errors);
        if (!surgeOk || !unavailableOk) {
            return;
        }
        if (ru.getMaxUnavailable() != null && ru.getMaxUnavailable().getStrVal() != null
                && scaled(ru.getMaxUnavailable(), 100, false) > 100) {
            errors.add(FieldError.invalid("spec.strategy.rollingUpdate.maxUnavailable", ru.getMaxUnavailable(),
                    "must not be greater than 100%"));
        }
        if (isZero(ru.getMaxSurge()) && isZero(ru.getMaxUnavailable())) {
            errors.add(FieldError.invalid("spec.strategy.rollingUpdate.maxUnavailable", ru.getMaxUnavailable(),
                    "may not be 0 when `maxSurge` is 0"));
        }
    }

    private static boolean validateOne(IntOrString v, String path, List<FieldError> errors) {
        if (v == null) {
            return true;
        }
        if (v.getStrVal() != null) {
            if (!PERCENT.matcher(v.getStrVal()).matches()) {
                errors.add(FieldError.invalid(path, v.getStrVal(), "a valid percent string must be a numeric string "
                        + "followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')"));
                return false;
            }
        } else if (v.getIntVal() != null && v.getIntVal() < 0) {
            errors.add(FieldError.invalid(path, v.getIntVal(), "must be greater than or equal to 0"));
            return false;
        }
        return true;
    }

    private static boolean isZero(IntOrString v) {
        if (v == null) {
            return false;
        }
        if (v.getStrVal() != null) {
            return PERCENT.matcher(v.getStrVal()).matches() && scaled(v, 100, false) == 0;
        }
        return v.getIntVal() != null && v.getIntVal() == 0;
    }
}
