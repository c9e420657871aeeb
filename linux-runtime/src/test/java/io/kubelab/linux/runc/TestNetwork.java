package io.kubelab.linux.runc;

import io.kubelab.linux.net.PodNetwork;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A small pod network for the runtime's tests (the real one is the network plane's): one node
 * namespace {@code kubelab-t<pid>} with a bridge at 10.99.0.1/24, each sandbox a veth pair with the
 * next address. The host's own namespace gets nothing.
 */
final class TestNetwork implements PodNetwork, AutoCloseable {
    private final String netns = "kubelab-t" + ProcessHandle.current().pid();
    private final Map<String, String> ips = new HashMap<>();
    private int next = 2;

    TestNetwork() throws IOException {
        Commands.run(List.of("ip", "netns", "del", netns));
        Commands.check(List.of("ip", "netns", "add", netns));
        ip("link", "set", "lo", "up");
        ip("link", "add", "br0", "type", "bridge");
        ip("addr", "add", "10.99.0.1/24", "dev", "br0");
        ip("link", "set", "br0", "up");
    }

    private void ip(String... args) throws IOException {
        List<String> argv = new java.util.ArrayList<>(List.of("ip", "-n", netns));
        argv.addAll(List.of(args));
        Commands.check(argv);
    }

    private static String veth(String sandboxId) {
        return "kt" + sandboxId.substring(0, 10);
    }

    @Override
    public synchronized String attach(String node, String sandboxId, long pausePid) throws IOException {
        String host = veth(sandboxId);
        String ip = "10.99.0." + next++;
        String pod = "/proc/" + pausePid + "/ns/net";
        Commands.check(List.of("ip", "link", "add", host, "type", "veth", "peer", "name", host + "p"));
        Commands.check(List.of("ip", "link", "set", host, "netns", netns));
        Commands.check(List.of("ip", "link", "set", host + "p", "netns", String.valueOf(pausePid)));
        ip("link", "set", host, "master", "br0", "up");
        for (List<String> c : List.of(List.of("ip", "link", "set", host + "p", "name", "eth0"),
                List.of("ip", "addr", "add", ip + "/24", "dev", "eth0"), List.of("ip", "link", "set", "eth0", "up"),
                List.of("ip", "link", "set", "lo", "up"), List.of("ip", "route", "add", "default", "via", "10.99.0.1"))) {
            List<String> argv = new java.util.ArrayList<>(List.of("nsenter", "--net=" + pod));
            argv.addAll(c);
            Commands.check(argv);
        }
        ips.put(sandboxId, ip);
        return ip;
    }

    /** The pinned namespace of a sandbox: {@code kubelab-t<pid>-<8 hex digits>}. */
    String podNetns(String sandboxId) {
        return netns + "-" + sandboxId.substring(0, 8);
    }

    @Override
    public Path pinNetns(String node, String sandboxId) throws IOException {
        Commands.check(List.of("ip", "netns", "add", podNetns(sandboxId)));
        return Path.of("/run/netns", podNetns(sandboxId));
    }

    @Override
    public synchronized String attachPinned(String node, String sandboxId) throws IOException {
        String host = veth(sandboxId);
        String ip = "10.99.0." + next++;
        String pod = podNetns(sandboxId);
        Commands.check(List.of("ip", "link", "add", host, "type", "veth", "peer", "name", "eth0", "netns", pod));
        Commands.check(List.of("ip", "link", "set", host, "netns", netns));
        ip("link", "set", host, "master", "br0", "up");
        for (List<String> c : List.of(List.of("addr", "add", ip + "/24", "dev", "eth0"), List.of("link", "set", "eth0", "up"),
                List.of("link", "set", "lo", "up"), List.of("route", "add", "default", "via", "10.99.0.1"))) {
            List<String> argv = new java.util.ArrayList<>(List.of("ip", "-n", pod));
            argv.addAll(c);
            Commands.check(argv);
        }
        ips.put(sandboxId, ip);
        return ip;
    }

    /** The pinned namespaces that exist now. */
    List<String> pinned() throws IOException {
        return Commands.check(List.of("ip", "netns", "list")).lines().map(l -> l.split(" ")[0])
                .filter(n -> n.startsWith(netns + "-")).toList();
    }

    @Override
    public synchronized void detach(String node, String sandboxId) throws IOException {
        ips.remove(sandboxId);
        Commands.run(List.of("ip", "-n", netns, "link", "del", veth(sandboxId)));
        if (java.nio.file.Files.exists(Path.of("/run/netns", podNetns(sandboxId)))) {
            Commands.check(List.of("ip", "netns", "del", podNetns(sandboxId)));
        }
    }

    @Override
    public Path netnsPath(String node) {
        return Path.of("/run/netns", netns);
    }

    @Override
    public void close() throws IOException {
        for (String n : pinned()) {
            Commands.run(List.of("ip", "netns", "del", n));
        }
        Commands.run(List.of("ip", "netns", "del", netns));
    }

    /** For the crash test's child JVM: no network but loopback, a made-up address. */
    static final class LoopbackOnly implements PodNetwork {
        @Override
        public String attach(String node, String sandboxId, long pausePid) throws IOException {
            Commands.check(List.of("nsenter", "--net=/proc/" + pausePid + "/ns/net", "ip", "link", "set", "lo", "up"));
            return "127.0.0.1";
        }

        @Override
        public void detach(String node, String sandboxId) {
        }

        @Override
        public Path netnsPath(String node) {
            return Path.of("/proc/self/ns/net");
        }
    }
}
