package io.kubelab.linux.net;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What real mode leaves on the machine, and how it is taken away again — used both by a clean
 * {@code close()} and, at the next start, to remove what a crashed (SIGKILLed) run left behind.
 *
 * <p>Everything Kubelab makes on the network side carries the prefix {@value #PREFIX} and the
 * cluster's short id: the network namespaces {@code kubelab-<id>-<node>} and {@code kubelab-<id>-wire}.
 * Veth pairs, bridges, addresses, routes and iptables chains all live <em>inside</em> those
 * namespaces, so deleting a namespace takes them with it; nothing is made in the host's own
 * namespace.
 *
 * <p>Who owns a cluster id: a run claims its id with an owner file
 * ({@code /run/kubelab/owners/<id>}: the owning JVM's pid and start time). Names whose owner file
 * is missing, or names a process that is gone (or a new process that reused the pid), are orphans.
 * A run that is alive in another JVM (a second test fork, the app next to a test) is left alone.
 */
public final class Cleanup {
    public static final String PREFIX = "kubelab-";
    private static final Path OWNERS = Path.of("/run/kubelab/owners");
    private static final Pattern ID = Pattern.compile("[a-z0-9]{1,8}");
    private static final Pattern NETNS = Pattern.compile(Pattern.quote(PREFIX) + "([a-z0-9]{1,8})-.+");

    private Cleanup() {}

    // ---- root ---------------------------------------------------------------------------------

    /** Whether this process runs with effective uid 0. */
    public static boolean isRoot() {
        return effectiveUid() == 0;
    }

    /**
     * Throws when real mode cannot work here: not root, or a tool missing. The message says what to do.
     *
     * @throws IllegalStateException "real mode needs root: …"
     */
    public static void requireRoot() {
        notRoot(effectiveUid()).ifPresent(message -> {
            throw new IllegalStateException(message);
        });
        List<String> missing = new ArrayList<>();
        for (String tool : List.of("ip", "iptables-restore", "iptables-save", "nsenter", "curl", "busybox")) {
            if (which(tool).isEmpty()) {
                missing.add(tool);
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("real mode needs " + String.join(", ", missing)
                    + " on the PATH: apt-get install iproute2 iptables util-linux curl busybox-static");
        }
    }

    /** Why uid {@code uid} cannot run real mode, or empty for root. */
    static Optional<String> notRoot(long uid) {
        if (uid == 0) {
            return Optional.empty();
        }
        return Optional.of("real mode needs root: network namespaces, veth pairs and iptables rules can only be made by"
                + " root (this process runs as uid " + uid + "); start Kubelab with sudo, or stay in simulated mode");
    }

    private static long effectiveUid() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    // Uid: real effective saved filesystem
                    return Long.parseLong(line.substring(4).trim().split("\\s+")[1]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // Not Linux: certainly no real mode.
        }
        return -1;
    }

    private static Optional<Path> which(String tool) {
        String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/sbin";
        for (String dir : path.split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                return Optional.of(Path.of(dir, tool));
            }
        }
        return Optional.empty();
    }

    // ---- owners -------------------------------------------------------------------------------

    /** Checks a cluster short id: 1–8 of {@code [a-z0-9]} (interface and namespace names stay short). */
    public static String checkId(String id) {
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("a cluster short id is 1-8 of [a-z0-9]: " + id);
        }
        return id;
    }

    /** Records that this JVM owns {@code id}. */
    public static void claim(String id) throws IOException {
        ProcessHandle me = ProcessHandle.current();
        String start = me.info().startInstant().map(Instant::toString).orElse("?");
        for (int attempt = 0; ; attempt++) {
            Files.createDirectories(OWNERS);
            try {
                Files.writeString(OWNERS.resolve(checkId(id)), me.pid() + " " + start + "\n", StandardCharsets.UTF_8);
                return;
            } catch (java.nio.file.NoSuchFileException e) {
                // Another run's release() removed the empty folder in between: make it again.
                if (attempt > 3) {
                    throw e;
                }
            }
        }
    }

    /** Forgets the owner of {@code id}. */
    public static void release(String id) throws IOException {
        Files.deleteIfExists(OWNERS.resolve(checkId(id)));
        // The folders go too once nobody else has a claim (a concurrent claim keeps them: not empty).
        for (Path dir : List.of(OWNERS, OWNERS.getParent())) {
            try {
                Files.deleteIfExists(dir);
            } catch (IOException e) {
                return;
            }
        }
    }

    /** Whether a live process owns {@code id} (the pid of its owner file runs, and started when recorded). */
    public static boolean ownerAlive(String id) {
        Path f = OWNERS.resolve(checkId(id));
        try {
            String[] parts = Files.readString(f).trim().split(" ");
            long pid = Long.parseLong(parts[0]);
            Optional<ProcessHandle> h = ProcessHandle.of(pid);
            if (h.isEmpty() || !h.get().isAlive()) {
                return false;
            }
            // A reused pid belongs to a process that started later than the recorded one.
            String start = h.get().info().startInstant().map(Instant::toString).orElse("?");
            return parts.length < 2 || start.equals(parts[1]);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    // ---- network namespaces -------------------------------------------------------------------

    /** The named network namespaces ({@code ip netns list}). */
    public static List<String> netnsNames() throws IOException {
        List<String> names = new ArrayList<>();
        for (String line : Cmd.check("ip", "netns", "list").out().split("\n")) {
            // "kubelab-a1b2-minikube (id: 3)"
            String name = line.strip().split("\\s+")[0];
            if (!name.isEmpty()) {
                names.add(name);
            }
        }
        return names;
    }

    /** The cluster id in a Kubelab namespace name ({@code kubelab-a1b2-minikube} → {@code a1b2}). */
    static Optional<String> idOf(String netns) {
        Matcher m = NETNS.matcher(netns);
        return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /** The Kubelab namespaces of cluster {@code id}. */
    public static List<String> netnsOf(String id) throws IOException {
        return netnsNames().stream().filter(n -> idOf(n).filter(id::equals).isPresent()).toList();
    }

    /**
     * Deletes a named network namespace and what lives in it: first the processes still inside
     * (helpers such as a NodePort relay; SIGKILL), then the name. Its veth pairs, bridges and
     * iptables rules go with it. Idempotent.
     */
    public static void deleteNetns(String name) throws IOException {
        Cmd.Result pids = Cmd.run(List.of("ip", "netns", "pids", name), null, 10);
        if (!pids.ok()) {
            return; // gone already
        }
        for (String pid : pids.out().split("\\s+")) {
            if (!pid.isBlank()) {
                ProcessHandle.of(Long.parseLong(pid.strip())).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
        Cmd.Result r = Cmd.run(List.of("ip", "netns", "delete", name), null, 10);
        if (!r.ok() && netnsNames().contains(name)) {
            r.check();
        }
    }

    /**
     * Removes what earlier runs left behind: the namespaces of every cluster id whose owner is gone.
     * An id counts as Kubelab's network when its owner file exists or it has a
     * {@code kubelab-<id>-wire} namespace (the first one made, the last one removed), so that
     * another program's {@code kubelab-…} names are never taken for orphans.
     *
     * @return the namespaces removed
     */
    public static List<String> removeOrphans() throws IOException {
        List<String> removed = new ArrayList<>();
        List<String> names = netnsNames();
        java.util.Set<String> ids = new java.util.TreeSet<>();
        for (String name : names) {
            idOf(name).ifPresent(ids::add);
        }
        for (String id : ids) {
            boolean ours = Files.exists(OWNERS.resolve(id)) || names.contains(PREFIX + id + "-wire");
            if (ours && !ownerAlive(id)) {
                removed.addAll(deleteAll(id));
            }
        }
        if (Files.isDirectory(OWNERS)) {
            try (var files = Files.list(OWNERS)) {
                for (Path f : files.toList()) {
                    String id = f.getFileName().toString();
                    if (ID.matcher(id).matches() && !ownerAlive(id)) {
                        Files.deleteIfExists(f);
                    }
                }
            }
        }
        return removed;
    }

    /** Deletes every namespace of cluster {@code id}, the wire last. */
    static List<String> deleteAll(String id) throws IOException {
        List<String> names = new ArrayList<>(netnsOf(id));
        names.sort(java.util.Comparator.comparing((String n) -> n.equals(PREFIX + id + "-wire")));
        IOException first = null;
        for (String n : names) {
            try {
                deleteNetns(n);
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
        return names;
    }
}
