package io.kubelab.linux.proxy;

import io.kubelab.linux.net.ClusterNetwork;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * NodePorts on the host's loopback, as kind's port mappings give them: {@code 127.0.0.1:31000} on
 * the host reaches {@code <node IP>:31000} inside the first node's namespace, where kube-proxy's
 * rules take over. The host gets no route to the cluster; only this listener on loopback.
 *
 * <p>How a connection crosses into the node's namespace: a Java thread cannot enter another network
 * namespace, so each accepted connection starts a helper process
 * {@code nsenter --net=/run/netns/kubelab-<id>-<node> busybox nc <node IP> <NodePort>} and copies
 * bytes between the socket and the helper's stdin/stdout. When the first answer bytes arrive, the
 * helper's own TCP source port is read from {@code /proc/<pid>/fd} and {@code /proc/<pid>/net/tcp}
 * (the socket inode it holds, in its namespace's socket table), so that the connection's conntrack
 * entry inside the node can be found again, which tells which pod answered. Helpers live in the
 * node's namespace, so deleting the namespace (or {@link #close}) ends them.
 */
final class NodePortForwarder implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(NodePortForwarder.class.getName());

    private final ClusterNetwork net;
    private final String node;
    private final Map<Integer, ServerSocket> listeners = new TreeMap<>();
    private final Map<Integer, String> failures = new TreeMap<>();
    private final Set<Process> helpers = ConcurrentHashMap.newKeySet();
    /** Host-side client port → the helper's source port inside the node (the last 1024 connections). */
    private final Map<Integer, Integer> sourcePorts = java.util.Collections.synchronizedMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Integer, Integer> eldest) {
            return size() > 1024;
        }
    });
    private volatile boolean closed;

    NodePortForwarder(ClusterNetwork net, String node) {
        this.net = net;
        this.node = node;
    }

    /** The node whose namespace the connections enter. */
    String node() {
        return node;
    }

    /** Listens on exactly {@code nodePorts}: opens the new ones, closes the ones no Service has any more. */
    synchronized void update(Set<Integer> nodePorts) {
        if (closed) {
            return;
        }
        for (Integer port : new ArrayList<>(listeners.keySet())) {
            if (!nodePorts.contains(port)) {
                closeQuietly(listeners.remove(port));
            }
        }
        failures.keySet().retainAll(nodePorts);
        for (int port : nodePorts) {
            if (listeners.containsKey(port)) {
                continue;
            }
            try {
                ServerSocket s = new ServerSocket();
                s.setReuseAddress(true);
                s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
                listeners.put(port, s);
                failures.remove(port);
                Thread t = new Thread(() -> accept(s, port), "nodeport-" + port);
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                // Another program on the host holds the port: the NodePort still works inside the cluster.
                failures.put(port, "127.0.0.1:" + port + " is in use on this machine (" + e.getMessage() + ")");
                LOG.log(System.Logger.Level.WARNING, failures.get(port));
            }
        }
    }

    /** The NodePorts listened on. */
    synchronized Set<Integer> ports() {
        return Set.copyOf(listeners.keySet());
    }

    /** NodePorts that could not be listened on, with why. */
    synchronized Map<Integer, String> failures() {
        return Map.copyOf(failures);
    }

    /** The source port the helper used inside the node for the host connection from {@code clientPort}. */
    Optional<Integer> sourcePortFor(int clientPort) {
        return Optional.ofNullable(sourcePorts.get(clientPort));
    }

    /**
     * The local port of the TCP socket process {@code pid} holds: its socket inodes
     * ({@code /proc/<pid>/fd/3 -> socket:[48213]}) looked up in its namespace's table, where a line
     * reads {@code 0: 0231A8C0:9E82 0231A8C0:7B61 01 … 48213} — local 192.168.49.2:40578.
     */
    static Optional<Integer> tcpLocalPort(long pid) {
        try {
            Set<String> inodes = new java.util.HashSet<>();
            try (var fds = java.nio.file.Files.list(java.nio.file.Path.of("/proc/" + pid + "/fd"))) {
                for (var fd : fds.toList()) {
                    try {
                        String target = java.nio.file.Files.readSymbolicLink(fd).toString();
                        if (target.startsWith("socket:[")) {
                            inodes.add(target.substring(8, target.length() - 1));
                        }
                    } catch (IOException e) {
                        // closed meanwhile
                    }
                }
            }
            List<String> lines = java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/" + pid + "/net/tcp"));
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.trim().split("\\s+");
                if (f.length > 9 && inodes.contains(f[9])) {
                    return Optional.of(Integer.parseInt(f[1].substring(f[1].indexOf(':') + 1), 16));
                }
            }
        } catch (IOException | RuntimeException e) {
            // the helper is gone
        }
        return Optional.empty();
    }

    private void accept(ServerSocket server, int port) {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Thread t = new Thread(() -> relay(client, port), "nodeport-" + port + "-relay");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void relay(Socket client, int port) {
        Process helper;
        try {
            helper = new ProcessBuilder("nsenter", "--net=" + net.netnsPath(node), "busybox", "nc", net.nodeIp(node),
                    String.valueOf(port))
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            closeQuietly(client);
            return;
        }
        helpers.add(helper);
        // The helper's source port, found while its connection is open: the client's bytes are held
        // back until then, so the server cannot have answered and closed yet (a few ms at most).
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (helper.isAlive() && System.nanoTime() < deadline) {
            Optional<Integer> p = tcpLocalPort(helper.pid());
            if (p.isPresent()) {
                sourcePorts.put(client.getPort(), p.get());
                break;
            }
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        Thread up = new Thread(() -> {
            // Client → node. At the client's end of input, close the helper's stdin; nc keeps
            // reading the answer until the server closes.
            try (OutputStream to = helper.getOutputStream()) {
                copy(client.getInputStream(), to);
            } catch (IOException e) {
                helper.destroyForcibly();
            }
        }, "nodeport-" + port + "-up");
        up.setDaemon(true);
        up.start();
        try (InputStream from = helper.getInputStream(); OutputStream to = client.getOutputStream()) {
            copy(from, to);
        } catch (IOException e) {
            // the client went away
        } finally {
            helper.destroyForcibly();
            helpers.remove(helper);
            closeQuietly(client);
        }
    }

    private static void copy(InputStream in, OutputStream out) throws IOException {
        byte[] buf = new byte[16384];
        int n;
        while ((n = in.read(buf)) >= 0) {
            out.write(buf, 0, n);
            out.flush();
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        listeners.values().forEach(NodePortForwarder::closeQuietly);
        listeners.clear();
        helpers.forEach(Process::destroyForcibly);
        helpers.clear();
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            if (c != null) {
                c.close();
            }
        } catch (Exception e) {
            // closing anyway
        }
    }
}
