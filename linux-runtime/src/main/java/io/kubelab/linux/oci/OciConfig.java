package io.kubelab.linux.oci;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Generates a runc bundle's {@code config.json} (OCI runtime spec 1.0.2) from a {@link ContainerSpec}.
 * Pure: the same spec gives the same bytes, which the golden tests pin.
 *
 * <p>The pod model, as the kubelet asks containerd for it: the sandbox (pause) gets new network
 * (or joins the pinned one made for it beforehand, {@link ContainerSpec#netnsPath()}),
 * IPC, UTS, PID and mount namespaces; each container of the pod joins the sandbox's network, IPC
 * and UTS namespaces through {@code /proc/<pause pid>/ns/…} (so they share one IP, talk over
 * localhost, and see the pod's hostname) and gets its own PID and mount namespaces.
 */
public final class OciConfig {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private OciConfig() {}

    /** The {@code config.json} text. */
    public static String json(ContainerSpec spec) {
        try {
            return JSON.writeValueAsString(generate(spec)) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static ObjectNode generate(ContainerSpec spec) {
        ObjectNode root = JSON.createObjectNode();
        root.put("ociVersion", "1.0.2");
        root.set("process", process(spec));
        ObjectNode r = root.putObject("root");
        r.put("path", spec.rootfs());
        r.put("readonly", spec.readonlyRootfs());
        if (spec.hostname() != null) {
            root.put("hostname", spec.hostname());
        }
        root.set("mounts", mounts(spec));
        if (!spec.annotations().isEmpty()) {
            ObjectNode a = root.putObject("annotations");
            new TreeMap<>(spec.annotations()).forEach(a::put);
        }
        root.set("linux", linux(spec));
        return root;
    }

    private static ObjectNode process(ContainerSpec spec) {
        ObjectNode p = JSON.createObjectNode();
        p.put("terminal", false);
        ObjectNode user = p.putObject("user");
        user.put("uid", spec.uid());
        user.put("gid", spec.gid());
        strings(p.putArray("args"), spec.args());
        strings(p.putArray("env"), spec.env());
        p.put("cwd", spec.cwd());
        ObjectNode caps = p.putObject("capabilities");
        for (String set : List.of("bounding", "effective", "permitted")) {
            strings(caps.putArray(set), SecurityDefaults.CAPABILITIES);
        }
        // No rlimits: the container keeps the runtime's (raising them is not permitted on every host).
        p.put("noNewPrivileges", true);
        return p;
    }

    private static ArrayNode mounts(ContainerSpec spec) {
        ArrayNode m = JSON.createArrayNode();
        mount(m, "/proc", "proc", "proc", List.of("nosuid", "noexec", "nodev"));
        mount(m, "/dev", "tmpfs", "tmpfs", List.of("nosuid", "strictatime", "mode=755", "size=65536k"));
        mount(m, "/dev/pts", "devpts", "devpts",
                List.of("nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5"));
        mount(m, "/dev/shm", "tmpfs", "shm", List.of("nosuid", "noexec", "nodev", "mode=1777", "size=65536k"));
        mount(m, "/dev/mqueue", "mqueue", "mqueue", List.of("nosuid", "noexec", "nodev"));
        mount(m, "/sys", "sysfs", "sysfs", List.of("nosuid", "noexec", "nodev", "ro"));
        for (ContainerSpec.BindMount b : spec.volumes()) {
            mount(m, b.destination(), "bind", b.source(),
                    b.readOnly() ? List.of("rbind", "rprivate", "ro") : List.of("rbind", "rprivate", "rw"));
        }
        return m;
    }

    private static void mount(ArrayNode mounts, String destination, String type, String source, List<String> options) {
        ObjectNode o = mounts.addObject();
        o.put("destination", destination);
        o.put("type", type);
        o.put("source", source);
        strings(o.putArray("options"), options);
    }

    private static ObjectNode linux(ContainerSpec spec) {
        ObjectNode l = JSON.createObjectNode();
        l.put("cgroupsPath", spec.cgroupsPath());
        l.set("resources", resources(spec.resources()));
        ArrayNode ns = l.putArray("namespaces");
        for (String type : List.of("pid", "network", "ipc", "uts", "mount")) {
            ObjectNode n = ns.addObject();
            n.put("type", type);
            if (!spec.isSandbox() && !type.equals("pid") && !type.equals("mount")) {
                n.put("path", "/proc/" + spec.sandboxPid() + "/ns/" + (type.equals("network") ? "net" : type));
            } else if (spec.isSandbox() && type.equals("network") && spec.netnsPath() != null) {
                n.put("path", spec.netnsPath());
            }
        }
        strings(l.putArray("maskedPaths"), SecurityDefaults.MASKED_PATHS);
        strings(l.putArray("readonlyPaths"), SecurityDefaults.READONLY_PATHS);
        l.set("seccomp", seccomp());
        return l;
    }

    private static ObjectNode resources(ContainerSpec.Resources r) {
        ObjectNode res = JSON.createObjectNode();
        // Only the standard character devices (null, zero, full, tty, random, urandom, which runc
        // always adds) and /dev/pts; no disk, no /dev/mem.
        ObjectNode denyAll = res.putArray("devices").addObject();
        denyAll.put("allow", false);
        denyAll.put("access", "rwm");
        if (r.memoryBytes() > 0) {
            res.putObject("memory").put("limit", r.memoryBytes());
        }
        if (r.cpuShares() > 0 || r.cpuQuotaMicros() > 0) {
            ObjectNode cpu = res.putObject("cpu");
            if (r.cpuShares() > 0) {
                cpu.put("shares", r.cpuShares());
            }
            if (r.cpuQuotaMicros() > 0) {
                cpu.put("quota", r.cpuQuotaMicros());
                cpu.put("period", r.cpuPeriodMicros());
            }
        }
        if (r.pidsLimit() > 0) {
            res.putObject("pids").put("limit", r.pidsLimit());
        }
        return res;
    }

    /** Allow by default, {@code EPERM} for {@link SecurityDefaults#DENIED_SYSCALLS}. */
    private static ObjectNode seccomp() {
        ObjectNode s = JSON.createObjectNode();
        s.put("defaultAction", "SCMP_ACT_ALLOW");
        ObjectNode rule = s.putArray("syscalls").addObject();
        strings(rule.putArray("names"), SecurityDefaults.DENIED_SYSCALLS);
        rule.put("action", "SCMP_ACT_ERRNO");
        rule.put("errnoRet", 1);
        return s;
    }

    private static void strings(ArrayNode a, List<String> values) {
        values.forEach(a::add);
    }

    /** Annotations from Kubernetes-style labels, sorted, for a readable {@code config.json}. */
    public static Map<String, String> annotations(Map<String, String> labels) {
        return new TreeMap<>(labels);
    }
}
