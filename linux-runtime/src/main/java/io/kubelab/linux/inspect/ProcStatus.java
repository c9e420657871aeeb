package io.kubelab.linux.inspect;

import java.util.List;

/**
 * The security lines of {@code /proc/<pid>/status}: what the kernel enforces on a process.
 *
 * <pre>
 *   NoNewPrivs:     1                   setuid binaries cannot raise privileges (OCI noNewPrivileges)
 *   Seccomp:        2                   0 off, 1 strict, 2 filter (a BPF program checks every syscall)
 *   Seccomp_filters: 1                  how many filters are stacked (Linux 5.9+)
 *   CapEff:         00000000a80425fb    the capabilities in use now
 *   CapBnd:         00000000a80425fb    the most it can ever get
 * </pre>
 *
 * @param seccomp        the seccomp mode: 0 disabled, 1 strict, 2 filter; -1 when the kernel does not say
 * @param seccompFilters filters attached, -1 when the kernel does not say (before 5.9)
 * @param noNewPrivs     1 when set
 * @param capEff         the effective capability mask
 * @param capBnd         the bounding set
 */
public record ProcStatus(int seccomp, int seccompFilters, int noNewPrivs, long capEff, long capBnd) {

    /** Reads the lines it knows from the whole text of {@code /proc/<pid>/status}; others are ignored. */
    public static ProcStatus parse(String status) {
        int seccomp = -1;
        int filters = -1;
        int nnp = 0;
        long eff = 0;
        long bnd = 0;
        for (String line : status.split("\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String value = line.substring(colon + 1).strip();
            switch (line.substring(0, colon)) {
                case "Seccomp" -> seccomp = Integer.parseInt(value);
                case "Seccomp_filters" -> filters = Integer.parseInt(value);
                case "NoNewPrivs" -> nnp = Integer.parseInt(value);
                case "CapEff" -> eff = Capabilities.parse(value);
                case "CapBnd" -> bnd = Capabilities.parse(value);
                default -> {
                }
            }
        }
        return new ProcStatus(seccomp, filters, nnp, eff, bnd);
    }

    /** {@code disabled}, {@code strict} or {@code filter}, as the kernel's documentation names the modes. */
    public String seccompMode() {
        return switch (seccomp) {
            case 0 -> "disabled";
            case 1 -> "strict";
            case 2 -> "filter";
            default -> "unknown";
        };
    }

    public List<String> effective() {
        return Capabilities.decode(capEff);
    }

    public List<String> bounding() {
        return Capabilities.decode(capBnd);
    }
}
