package io.kubelab.linux.oci;

import java.util.List;

/**
 * The security settings every container gets, after Docker's defaults (what a pod without a
 * {@code securityContext} gets from containerd or dockerd).
 */
public final class SecurityDefaults {
    private SecurityDefaults() {}

    /**
     * Docker's default capability set: 14 of the kernel's 41. Missing on purpose, among others:
     * {@code CAP_SYS_ADMIN} (mount, namespaces), {@code CAP_NET_ADMIN} (interfaces, iptables),
     * {@code CAP_SYS_MODULE}, {@code CAP_SYS_PTRACE}, {@code CAP_SYS_TIME}.
     */
    public static final List<String> CAPABILITIES = List.of(
            "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER", "CAP_MKNOD", "CAP_NET_RAW",
            "CAP_SETGID", "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT",
            "CAP_KILL", "CAP_AUDIT_WRITE");

    /** /proc and /sys entries hidden from the container (bind-mounted over by /dev/null or an empty tmpfs). */
    public static final List<String> MASKED_PATHS = List.of(
            "/proc/acpi", "/proc/asound", "/proc/kcore", "/proc/keys", "/proc/latency_stats", "/proc/timer_list",
            "/proc/timer_stats", "/proc/sched_debug", "/proc/scsi", "/sys/firmware", "/sys/devices/virtual/powercap");

    /** /proc entries the container may read but not write (kernel tunables, sysrq). */
    public static final List<String> READONLY_PATHS = List.of(
            "/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger");

    /**
     * System calls that fail with {@code EPERM}: everything else is allowed. Docker's profile is an
     * allow-list of about 350 calls; this deny-list names the dangerous ones it leaves out, grouped:
     * kernel modules and kexec, mounts and namespaces (escape the container's view), clock and
     * accounting (change the host for everyone), tracing and other processes' memory (read a
     * neighbour's secrets), keyrings (not namespaced), BPF and perf (kernel attack surface),
     * NUMA policy, reboot and swap. A call the kernel of this machine does not know is skipped by
     * runc, so the list can name calls of every architecture.
     */
    public static final List<String> DENIED_SYSCALLS = List.of(
            // kernel modules, kexec
            "create_module", "delete_module", "finit_module", "init_module", "query_module", "get_kernel_syms",
            "kexec_file_load", "kexec_load",
            // mounts, namespaces, root switching
            "mount", "umount", "umount2", "pivot_root", "fsconfig", "fsmount", "fsopen", "fspick", "move_mount",
            "open_tree", "mount_setattr", "setns", "unshare", "name_to_handle_at", "open_by_handle_at",
            // host clock, accounting, quotas, swap, reboot
            "acct", "clock_adjtime", "clock_settime", "settimeofday", "stime", "quotactl",
            "swapon", "swapoff", "reboot", "nfsservctl", "sysfs", "_sysctl", "uselib", "ustat", "lookup_dcookie",
            "vm86", "vm86old", "iopl", "ioperm",
            // other processes' memory, tracing
            "ptrace", "process_vm_readv", "process_vm_writev", "kcmp", "userfaultfd",
            // kernel keyrings are not namespaced
            "add_key", "keyctl", "request_key",
            // BPF, perf
            "bpf", "perf_event_open",
            // NUMA policy
            "get_mempolicy", "set_mempolicy", "mbind", "move_pages");
}
