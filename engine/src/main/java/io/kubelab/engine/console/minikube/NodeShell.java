package io.kubelab.engine.console.minikube;

import io.kubelab.engine.Cluster;
import io.kubelab.engine.console.ConsoleContext;
import io.kubelab.engine.console.Execution;
import io.kubelab.engine.console.Invocation;
import io.kubelab.engine.console.Output;
import io.kubelab.engine.console.Shell;
import io.kubelab.engine.console.curl.CurlProgram;
import io.kubelab.engine.console.docker.DockerProgram;
import io.kubelab.engine.kubelet.Kubelet;
import io.kubelab.engine.runtime.sim.shell.Ast;
import io.kubelab.engine.runtime.sim.shell.ShellParser;
import io.kubelab.engine.runtime.sim.shell.ShellSyntaxException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The shell {@code minikube ssh} opens on a node: bash as user {@code docker} in
 * {@code /home/docker}, prompt {@code docker@minikube:~$ }. {@code curl} goes out from the node
 * (so a ClusterIP answers), {@code docker} talks to the node's daemon, and a few basics answer as
 * on minikube's Ubuntu 22.04 node ({@code hostname}, {@code whoami}, {@code pwd}, {@code uname},
 * {@code ip addr} — on real containers the node's own {@code ip}, any subcommand — {@code echo}); {@code sudo} runs the rest of the line; {@code exit} (or
 * {@code logout}) returns to the laptop. Anything else is bash's {@code command not found} —
 * there is no kubectl on a minikube node either.
 *
 * <p>Engine thread.
 */
public final class NodeShell implements Shell {
    private final ConsoleContext context;
    private final Kubelet node;
    private final DockerProgram docker;
    private final CurlProgram curl;
    private boolean closed;

    public NodeShell(ConsoleContext context, Kubelet node) {
        this.context = context;
        this.node = node;
        this.docker = new DockerProgram(node.nodeName());
        this.curl = new CurlProgram(node.nodeName());
    }

    @Override
    public String prompt() {
        return "docker@" + node.nodeName() + ":~$ ";
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public Execution start(String line, Output out) {
        List<String> words;
        try {
            words = words(line);
        } catch (ShellSyntaxException e) {
            out.err("-bash: " + e.getMessage() + "\n");
            return Execution.finished(2);
        }
        while (!words.isEmpty() && words.get(0).equals("sudo")) {
            words = words.subList(1, words.size());
        }
        if (words.isEmpty()) {
            return Execution.finished(0);
        }
        String cmd = words.get(0);
        List<String> args = List.copyOf(words.subList(1, words.size()));
        Invocation inv = new Invocation(args, out, Map.of(), context);
        switch (cmd) {
            case "exit", "logout" -> {
                closed = true;
                out.out("logout\n");
                return Execution.finished(args.isEmpty() ? 0 : parseOr(args.get(0), 0));
            }
            case "docker" -> {
                return docker.start(inv);
            }
            case "curl" -> {
                return curl.start(inv);
            }
            case "hostname" -> out.out(node.nodeName() + "\n");
            case "whoami" -> out.out("docker\n");
            case "pwd" -> out.out("/home/docker\n");
            case "echo" -> out.out(String.join(" ", args) + "\n");
            case "clear", "true", ":" -> {
                return Execution.finished(0);
            }
            case "uname" -> out.out(uname(args));
            case "ip" -> {
                var real = node.runtime().nodeIpCommand(args);
                if (real.isPresent()) {
                    // a real node: iproute2 in its network namespace answers (any ip subcommand)
                    return Execution.printing(real.get(), out, "ip: ", 1);
                }
                if (args.isEmpty() || !List.of("a", "addr", "address").contains(args.get(0))) {
                    out.err("Usage: ip [ OPTIONS ] OBJECT { COMMAND | help }\n");
                    return Execution.finished(255);
                }
                out.out(ipAddr());
            }
            default -> {
                out.err("-bash: " + cmd + ": command not found\n");
                return Execution.finished(127);
            }
        }
        return Execution.finished(0);
    }

    private String uname(List<String> args) {
        String kernel = node.runtime().kernelVersion();
        if (args.contains("-a")) {
            return "Linux " + node.nodeName() + " " + kernel + " #117-Ubuntu SMP Fri Apr 26 12:26:49 UTC 2024 x86_64 x86_64 x86_64 GNU/Linux\n";
        }
        if (args.contains("-r")) {
            return kernel + "\n";
        }
        return "Linux\n";
    }

    /** The node's addresses: loopback, docker's bridge and the node's InternalIP on minikube's network. */
    private String ipAddr() {
        String ip = Cluster.nodeIp(node.index());
        int mac = 2 + node.index();
        return "1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000\n"
                + "    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n"
                + "    inet 127.0.0.1/8 scope host lo\n"
                + "       valid_lft forever preferred_lft forever\n"
                + "2: docker0: <NO-CARRIER,BROADCAST,MULTICAST,UP> mtu 1500 qdisc noqueue state DOWN group default\n"
                + "    link/ether 02:42:5c:8a:31:0" + mac + " brd ff:ff:ff:ff:ff:ff\n"
                + "    inet 172.17.0.1/16 brd 172.17.255.255 scope global docker0\n"
                + "       valid_lft forever preferred_lft forever\n"
                + "3: bridge: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default qlen 1000\n"
                + "    link/ether 3a:1c:7d:45:90:0" + mac + " brd ff:ff:ff:ff:ff:ff\n"
                + "    inet 10.244." + node.index() + ".1/24 brd 10.244." + node.index() + ".255 scope global bridge\n"
                + "       valid_lft forever preferred_lft forever\n"
                + "4: eth0@if5: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default\n"
                + "    link/ether 02:42:c0:a8:31:0" + mac + " brd ff:ff:ff:ff:ff:ff link-netnsid 0\n"
                + "    inet " + ip + "/24 brd 192.168.49.255 scope global eth0\n"
                + "       valid_lft forever preferred_lft forever\n";
    }

    private static int parseOr(String s, int fallback) {
        try {
            return Integer.parseInt(s) & 0xff;
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    /** A line's words as bash passes them (quotes removed; one simple command). */
    static List<String> words(String line) {
        Ast.Node node = ShellParser.parse(line);
        if (node instanceof Ast.Seq seq && seq.items().size() == 1) {
            node = seq.items().get(0);
        }
        if (node instanceof Ast.Seq seq && seq.items().isEmpty()) {
            return List.of();
        }
        if (!(node instanceof Ast.Simple simple)) {
            throw new ShellSyntaxException("only one simple command per line is supported here");
        }
        List<String> words = new ArrayList<>();
        for (Ast.Word w : simple.words()) {
            StringBuilder b = new StringBuilder();
            for (Ast.Part p : w.parts()) {
                if (p instanceof Ast.Lit lit) {
                    b.append(lit.text());
                } else if (p instanceof Ast.Param param) {
                    b.append('$').append(param.name());
                } else {
                    throw new ShellSyntaxException("command substitution is not supported here");
                }
            }
            words.add(b.toString());
        }
        return words;
    }
}
