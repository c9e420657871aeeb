package io.kubelab.linux.inspect;

import java.util.ArrayList;
import java.util.List;

/**
 * The kernel's capability bits by name ({@code include/uapi/linux/capability.h}), to read the
 * {@code CapEff}/{@code CapBnd} masks of {@code /proc/<pid>/status}.
 *
 * <p>Worked example: Docker's default set prints as {@code CapEff: 00000000a80425fb}. 0xa80425fb
 * has bits 0 1 3 4 5 6 7 8 10 13 18 27 29 31 set: CAP_CHOWN, CAP_DAC_OVERRIDE, CAP_FOWNER,
 * CAP_FSETID, CAP_KILL, CAP_SETGID, CAP_SETUID, CAP_SETPCAP, CAP_NET_BIND_SERVICE, CAP_NET_RAW,
 * CAP_SYS_CHROOT, CAP_MKNOD, CAP_AUDIT_WRITE, CAP_SETFCAP — 14 names; bit 21 (CAP_SYS_ADMIN) is not.
 */
public final class Capabilities {
    private Capabilities() {}

    /** Index = bit number. 41 capabilities as of Linux 5.9 (CAP_CHECKPOINT_RESTORE = 40). */
    private static final String[] NAMES = {
            "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER", "CAP_FSETID", "CAP_KILL",
            "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE", "CAP_NET_BIND_SERVICE",
            "CAP_NET_BROADCAST", "CAP_NET_ADMIN", "CAP_NET_RAW", "CAP_IPC_LOCK", "CAP_IPC_OWNER", "CAP_SYS_MODULE",
            "CAP_SYS_RAWIO", "CAP_SYS_CHROOT", "CAP_SYS_PTRACE", "CAP_SYS_PACCT", "CAP_SYS_ADMIN", "CAP_SYS_BOOT",
            "CAP_SYS_NICE", "CAP_SYS_RESOURCE", "CAP_SYS_TIME", "CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE",
            "CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL", "CAP_SETFCAP", "CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN", "CAP_SYSLOG",
            "CAP_WAKE_ALARM", "CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ", "CAP_PERFMON", "CAP_BPF",
            "CAP_CHECKPOINT_RESTORE"};

    /** How many capabilities have names here (bits 0 to {@code count() - 1}). */
    public static int count() {
        return NAMES.length;
    }

    /** The name of bit {@code bit}, or {@code CAP_<bit>} for one newer than this table. */
    public static String name(int bit) {
        return bit < NAMES.length ? NAMES[bit] : "CAP_" + bit;
    }

    /** The names of the bits set in {@code mask}, lowest bit first. */
    public static List<String> decode(long mask) {
        List<String> names = new ArrayList<>();
        for (int bit = 0; bit < 64; bit++) {
            if ((mask & (1L << bit)) != 0) {
                names.add(name(bit));
            }
        }
        return names;
    }

    /** A mask as {@code /proc/<pid>/status} prints it: 16 hex digits ({@code 000001ffffffffff}). */
    public static long parse(String hex) {
        return Long.parseUnsignedLong(hex.strip(), 16);
    }
}
