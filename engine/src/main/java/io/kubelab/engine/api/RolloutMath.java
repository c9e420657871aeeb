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

    /**
     * {@code ValidateRollingUpdateDeployment}: each of maxUnavailable and maxSurge a non-negative
     * int or a percent, not both zero, maxUnavailable at most 100%. Values print as Go's
     * {@code intstr.IntOrString{…}}.
     */
    static void validate(RollingUpdateDeployment ru, List<FieldError> errors) {
        String base = "spec.strategy.rollingUpdate.";
        positiveIntOrPercent(ru.getMaxUnavailable(), base + "maxUnavailable", errors);
        positiveIntOrPercent(ru.getMaxSurge(), base + "maxSurge", errors);
        if (intOrPercentValue(ru.getMaxUnavailable()) == 0 && intOrPercentValue(ru.getMaxSurge()) == 0) {
            errors.add(FieldError.invalid(base + "maxUnavailable", new FieldError.Go(FieldError.intOrString(ru.getMaxUnavailable())),
                    "may not be 0 when `maxSurge` is 0"));
        }
        IntOrString mu = ru.getMaxUnavailable();
        if (mu != null && mu.getStrVal() != null && PERCENT.matcher(mu.getStrVal()).matches() && scaled(mu, 100, false) > 100) {
            errors.add(FieldError.invalid(base + "maxUnavailable", new FieldError.Go(FieldError.intOrString(mu)),
                    "must not be greater than 100%"));
        }
    }

    private static void positiveIntOrPercent(IntOrString v, String path, List<FieldError> errors) {
        if (v == null) {
            return;
        }
        if (v.getStrVal() != null) {
            for (String m : Validation.percentErrors(v.getStrVal())) {
                errors.add(FieldError.invalid(path, new FieldError.Go(FieldError.intOrString(v)), m));
            }
        } else if (v.getIntVal() != null && v.getIntVal() < 0) {
            errors.add(FieldError.invalid(path, (long) v.getIntVal(), Validation.IS_NEGATIVE));
        }
    }

    /** Go's {@code getIntOrPercentValue}: the percent number, or the int (a malformed string counts as 0). */
    private static int intOrPercentValue(IntOrString v) {
        if (v == null) {
            return 0;
        }
        if (v.getStrVal() != null) {
            Matcher m = PERCENT.matcher(v.getStrVal());
            if (m.matches()) {
                return Integer.parseInt(m.group(1));
            }
            try {
                return Integer.parseInt(v.getStrVal());
            } catch (NumberFormatException e) {
                return 0;
            }
        }
        return v.getIntVal() == null ? 0 : v.getIntVal();
    }
}
