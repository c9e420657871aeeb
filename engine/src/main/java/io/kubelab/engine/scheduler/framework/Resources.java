package io.kubelab.engine.scheduler.framework;

import io.fabric8.kubernetes.api.model.Quantity;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.HashMap;
import java.util.Map;

/**
 * An amount of compute resources, as {@code framework.Resource}: CPU in millicores, memory and
 * ephemeral storage in bytes, and extended resources ({@code nvidia.com/gpu}) by name. Immutable.
 *
 * @param milliCpu         CPU in millicores ({@code 500m} → 500, {@code 2} → 2000)
 * @param memory           bytes ({@code 512Mi} → 536870912)
 * @param ephemeralStorage bytes
 * @param scalars          extended resources by name (never {@code cpu}, {@code memory}, {@code pods})
 */
public record Resources(long milliCpu, long memory, long ephemeralStorage, Map<String, Long> scalars) {
    public static final Resources ZERO = new Resources(0, 0, 0, Map.of());

    public Resources {
        scalars = Map.copyOf(scalars);
    }

    public static Resources of(long milliCpu, long memory) {
        return new Resources(milliCpu, memory, 0, Map.of());
    }

    /** Whether nothing at all is requested (a BestEffort pod's request). */
    public boolean isZero() {
        return milliCpu == 0 && memory == 0 && ephemeralStorage == 0 && scalars.isEmpty();
    }

    public long scalar(String name) {
        return scalars.getOrDefault(name, 0L);
    }

    public Resources plus(Resources o) {
        return new Resources(milliCpu + o.milliCpu, memory + o.memory, ephemeralStorage + o.ephemeralStorage,
                merge(scalars, o.scalars, 1));
    }

    public Resources minus(Resources o) {
        return new Resources(milliCpu - o.milliCpu, memory - o.memory, ephemeralStorage - o.ephemeralStorage,
                merge(scalars, o.scalars, -1));
    }

    /** The larger of each dimension (the init-container rule). */
    public Resources max(Resources o) {
        if (scalars.isEmpty() && o.scalars.isEmpty()) {
            return new Resources(Math.max(milliCpu, o.milliCpu), Math.max(memory, o.memory),
                    Math.max(ephemeralStorage, o.ephemeralStorage), Map.of());
        }
        Map<String, Long> m = new HashMap<>(scalars);
        o.scalars.forEach((k, v) -> m.merge(k, v, Math::max));
        return new Resources(Math.max(milliCpu, o.milliCpu), Math.max(memory, o.memory),
                Math.max(ephemeralStorage, o.ephemeralStorage), m);
    }

    private static Map<String, Long> merge(Map<String, Long> a, Map<String, Long> b, int sign) {
        if (b.isEmpty()) {
            return a;
        }
        Map<String, Long> m = new HashMap<>(a);
        b.forEach((k, v) -> m.merge(k, sign * v, Long::sum));
        m.values().removeIf(v -> v == 0);
        return m;
    }

    /**
     * Reads a resource list ({@code requests}, {@code allocatable}) into an amount; {@code pods} is
     * left out (see {@link #pods}).
     */
    public static Resources fromList(Map<String, Quantity> list) {
        if (list == null || list.isEmpty()) {
            return ZERO;
        }
        long cpu = 0;
        long mem = 0;
        long eph = 0;
        Map<String, Long> scalars = Map.of();
        for (Map.Entry<String, Quantity> e : list.entrySet()) {
            switch (e.getKey()) {
                case "cpu" -> cpu = milliValue(e.getValue());
                case "memory" -> mem = value(e.getValue());
                case "ephemeral-storage" -> eph = value(e.getValue());
                case "pods" -> { }
                default -> {
                    if (isScalarResourceName(e.getKey())) {
                        if (scalars.isEmpty()) {
                            scalars = new HashMap<>();
                        }
                        scalars.put(e.getKey(), value(e.getValue()));
                    }
                }
            }
        }
        return new Resources(cpu, mem, eph, scalars);
    }

    /** The {@code pods} entry of a resource list, or {@code fallback}. */
    public static long pods(Map<String, Quantity> list, long fallback) {
        Quantity q = list == null ? null : list.get("pods");
        return q == null ? fallback : value(q);
    }

    /**
     * Extended resources ({@code example.com/foo}, outside the {@code kubernetes.io} domain) and
     * {@code hugepages-*}, as {@code schedutil.IsScalarResourceName}.
     */
    static boolean isScalarResourceName(String name) {
        if (name.startsWith("hugepages-") || name.startsWith("attachable-volumes-")) {
            return true;
        }
        int slash = name.indexOf('/');
        if (slash < 0) {
            return false;
        }
        String domain = name.substring(0, slash);
        return !(domain.equals("kubernetes.io") || domain.endsWith(".kubernetes.io"))
                || name.startsWith("requests.");
    }

    /** {@code Quantity.MilliValue()}: {@code 0.1} → 100, {@code 250m} → 250, rounded up. */
    public static long milliValue(Quantity q) {
        return Quantity.getAmountInBytes(q).multiply(BigDecimal.valueOf(1000)).setScale(0, RoundingMode.CEILING)
                .longValueExact();
    }

    /** {@code Quantity.Value()}: {@code 1Gi} → 1073741824, {@code 1k} → 1000, rounded up. */
    public static long value(Quantity q) {
        return Quantity.getAmountInBytes(q).setScale(0, RoundingMode.CEILING).longValueExact();
    }
}
