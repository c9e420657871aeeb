package io.kubelab.engine.console.minikube;

import io.kubelab.engine.console.CobraSuggestions;
import io.fabric8.kubernetes.api.model.Node;
import io.kubelab.engine.Cluster;
import io.kubelab.engine.Component;
import io.kubelab.engine.console.ConsoleContext;
import io.kubelab.engine.console.Execution;
import io.kubelab.engine.console.Invocation;
import io.kubelab.engine.console.Output;
import io.kubelab.engine.console.Program;
import io.kubelab.engine.console.flags.Flags;
import io.kubelab.engine.kubelet.Kubelet;
import io.kubelab.engine.kubelet.Kubelets;
import io.kubelab.engine.model.KubernetesVersion;
import io.kubelab.engine.model.ResourceTypes;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;

/**
 * {@code minikube} (v1.33.1, docker driver) for the cluster the console runs against, with
 * minikube's wording, emoji and exit codes: {@code version}, {@code status} (a block per node,
 * exit code 7 when stopped), {@code stop} (every node powers off and the control plane's
 * components stop; pods stop with their nodes), {@code start} (the nodes boot again, the
 * components resume, pods restart; it finishes once every node is Ready), {@code dashboard},
 * {@code docker-env}, {@code ssh} (opens a {@link NodeShell}, or runs one command there),
 * {@code ip} and the deck's {@code get-k8s-versions}. {@code start} resumes every component,
 * also one stopped earlier as a fault ({@code Cluster.setRunning}), as a restarted minikube would.
 * Other programs can ask {@link #isStopped} (kubectl's "connection refused" while stopped).
 *
 * <p>{@code get-k8s-versions} is the deck's command from minikube 0.17; minikube dropped it
 * (today {@code minikube config defaults kubernetes-version} lists versions). It answers in its
 * old words with the one version this cluster runs.
 *
 * <p>Threading: engine thread. {@code start} and {@code dashboard} wait on clock timers.
 */
public final class MinikubeProgram implements Program {
    /** The release the nodes' {@code minikube.k8s.io/version} labels name. */
    public static final String VERSION = "v1.33.1";
    public static final String COMMIT = "5883c09216182566a63dff4c326a6fc9ed2982ff";
    /** The kicbase image of that release. */
    static final String KICBASE = "v0.0.44";
    /** minikube's exit codes ({@code pkg/minikube/reason/exitcodes.go}). */
    static final int EX_PROGRAM_USAGE = 14;
    static final int EX_HOST_ERROR = 30;
    static final int EX_GUEST_NOT_RUNNING = 83;
    static final int EX_GUEST_NOT_FOUND = 85;
    /** {@code minikube status}: bits for host, cluster and kubeconfig not running. */
    static final int STATUS_STOPPED = 1 | 2 | 4;

    private static final List<String> COMMANDS = List.of("dashboard", "docker-env", "get-k8s-versions", "ip", "ssh",
            "start", "status", "stop", "version");
    private static final String PROFILE = "minikube";

    private final String hostOs;
    private final String home;
    private boolean dashboardEnabled;

    /** minikube on this laptop, described from the JVM's system properties. */
    public MinikubeProgram() {
        this(hostOs(), System.getProperty("user.home", "/home/user"));
    }

    /**
     * @param hostOs what {@code start} says it runs on ({@code Ubuntu 22.04}, {@code Darwin 14.4 (arm64)})
     * @param home   the user's home, where minikube keeps {@code .minikube/certs}
     */
    public MinikubeProgram(String hostOs, String home) {
        this.hostOs = hostOs;
        this.home = home;
    }

    private static String hostOs() {
        String name = System.getProperty("os.name", "Linux");
        String version = System.getProperty("os.version", "");
        String arch = System.getProperty("os.arch", "amd64");
        arch = arch.equals("aarch64") ? "arm64" : arch.equals("x86_64") ? "amd64" : arch;
        if (name.startsWith("Mac")) {
            return "Darwin " + version + " (" + arch + ")";
        }
        if (name.startsWith("Windows")) {
            return "Microsoft " + name + " " + version;
        }
        return name + " " + version;
    }

    /** Whether {@code minikube stop} (or a power cut) has the control-plane node down. */
    public static boolean isStopped(Cluster cluster) {
        return Kubelets.all(cluster).stream().findFirst().map(k -> !k.isPoweredOn()).orElse(true);
    }

    @Override
    public String name() {
        return "minikube";
    }

    @Override
    public List<String> complete(List<String> words, ConsoleContext context) {
        if (words.size() == 1) {
            return COMMANDS.stream().filter(c -> c.startsWith(words.get(0))).toList();
        }
        return List.of();
    }

    @Override
    public Execution start(Invocation inv) {
        List<String> args = persistentFlagsAfterCommand(inv.args());
        Output out = inv.out();
        if (args.isEmpty() || args.get(0).equals("--help") || args.get(0).equals("-h") || args.get(0).equals("help")) {
            out.out("minikube provisions and manages local Kubernetes clusters optimized for development workflows.\n\n"
                    + "Basic Commands:\n"
                    + "  start            Starts a local Kubernetes cluster\n"
                    + "  status           Gets the status of a local Kubernetes cluster\n"
                    + "  stop             Stops a running local Kubernetes cluster\n"
                    + "  dashboard        Access the Kubernetes dashboard running within the minikube cluster\n\n"
                    + "Images Commands:\n"
                    + "  docker-env       Provides instructions to point your terminal's docker-cli to the Docker Engine inside minikube.\n\n"
                    + "Troubleshooting Commands:\n"
                    + "  ssh              Log into the minikube environment (for debugging)\n"
                    + "  ip               Retrieves the IP address of the specified node\n"
                    + "  version          Print the version of minikube\n\n"
                    + "Use \"minikube <command> --help\" for more information about a given command.\n");
            return Execution.finished(0);
        }
        String cmd = args.get(0);
        List<String> rest = List.copyOf(args.subList(1, args.size()));
        if (!COMMANDS.contains(cmd)) {
            out.err("Error: unknown command \"" + cmd + "\" for \"minikube\"" + suggestions(cmd) + "\nRun 'minikube --help' for usage.\n");
            return Execution.finished(EX_PROGRAM_USAGE);
        }
        Cluster cluster = inv.context().cluster();
        try {
            return switch (cmd) {
                case "version" -> version(rest, out);
                case "status" -> status(rest, out, cluster);
                case "stop" -> stop(rest, out, cluster);
                case "start" -> startCluster(rest, out, cluster);
                case "dashboard" -> dashboard(rest, out, cluster);
                case "docker-env" -> dockerEnv(rest, out, cluster);
                case "ssh" -> ssh(rest, out, inv.context());
                case "ip" -> ip(rest, out, cluster);
                case "get-k8s-versions" -> {
                    Flags.spec().parse(rest);
                    out.out("The following Kubernetes versions are available: \n\t- " + KubernetesVersion.GIT_VERSION + "\n");
                    yield Execution.finished(0);
                }
                default -> throw new IllegalStateException(cmd);
            };
        } catch (Flags.FlagException e) {
            out.err("Error: " + e.getMessage() + "\nSee 'minikube " + cmd + " --help' for usage.\n");
            return Execution.finished(EX_PROGRAM_USAGE);
        }
    }

    /**
     * cobra's "Did you mean this?": commands within an edit distance of 2, or starting with what
     * was typed ({@code stat} → {@code start}, {@code status}).
     */
    static String suggestions(String typed) {
        List<String> found = CobraSuggestions.near(typed, COMMANDS);
        return found.isEmpty() ? "" : "\n\n" + CobraSuggestions.text(found);
    }

    /**
     * The root command's persistent flags may come before the command, as in minikube's own hint
     * {@code eval $(minikube -p minikube docker-env)}: cobra reads them either way, so they are moved
     * right behind the command, where each command's flag set has them.
     */
    static List<String> persistentFlagsAfterCommand(List<String> args) {
        List<String> leading = new ArrayList<>();
        int i = 0;
        while (i < args.size()) {
            String a = args.get(i);
            if ((a.equals("-p") || a.equals("--profile") || a.equals("--v")) && i + 1 < args.size()) {
                leading.add(a);
                leading.add(args.get(i + 1));
                i += 2;
            } else if (a.startsWith("--profile=") || a.startsWith("--v=") || a.equals("--alsologtostderr")
                       || (a.startsWith("-p") && a.length() > 2 && !a.startsWith("--"))) {
                leading.add(a);
                i++;
            } else {
                break;
            }
        }
        if (leading.isEmpty() || i == args.size()) {
            return i == args.size() && !leading.isEmpty() ? List.of() : args;
        }
        // right behind the command, so that nothing after a "--" (ssh's remote command) receives them
        List<String> moved = new ArrayList<>(List.of(args.get(i)));
        moved.addAll(leading);
        moved.addAll(args.subList(i + 1, args.size()));
        return moved;
    }

    /** A flag set with the root command's persistent {@code -p/--profile}. */
    private static Flags flags() {
        return Flags.spec().value("profile", 'p').bool("alsologtostderr").value("v");
    }

    // ---- version, ip, status ----------------------------------------------------------------

    private Execution version(List<String> args, Output out) {
        Flags.Parsed f = flags().bool("short").value("output", 'o').bool("components").parse(args);
        out.out(f.bool("short") ? VERSION + "\n" : "minikube version: " + VERSION + "\ncommit: " + COMMIT + "\n");
        return Execution.finished(0);
    }

    private Execution ip(List<String> args, Output out, Cluster cluster) {
        Flags.Parsed f = flags().value("node", 'n').parse(args);
        Kubelet k = node(cluster, f.value("node", null), out);
        if (k == null) {
            return Execution.finished(EX_GUEST_NOT_FOUND);
        }
        if (!k.isPoweredOn()) {
            return notRunning(out, k);
        }
        out.out(k.nodeIp() + "\n");
        return Execution.finished(0);
    }

    /** One node's lines of {@code minikube status}. */
    record NodeStatus(String name, boolean worker, String host, String kubelet, String apiServer, String kubeconfig) {}

    static List<NodeStatus> statuses(Cluster cluster) {
        List<NodeStatus> out = new ArrayList<>();
        List<Kubelet> kubelets = Kubelets.all(cluster);
        boolean controlPlane = !kubelets.isEmpty() && kubelets.get(0).isPoweredOn();
        for (Kubelet k : kubelets) {
            String host = k.isPoweredOn() ? "Running" : "Stopped";
            String kubelet = k.isPoweredOn() && cluster.isRunning(k.name()) ? "Running" : "Stopped";
            out.add(new NodeStatus(k.nodeName(), k.index() > 0, host, kubelet, controlPlane ? "Running" : "Stopped",
                    controlPlane ? "Configured" : "Stopped"));
        }
        return out;
    }

    private Execution status(List<String> args, Output out, Cluster cluster) {
        Flags.Parsed f = flags().value("format", 'f').value("output", 'o').value("layout", 'l').value("node", 'n')
                .value("watch", 'w').parse(args);
        String output = f.value("output", "text").toLowerCase(Locale.ROOT);
        if (!output.equals("text") && !output.equals("json")) {
            out.err("\n❌  Exiting due to MK_USAGE: invalid output format: " + output + ". Valid values: 'text', 'json'\n\n");
            return Execution.finished(EX_PROGRAM_USAGE);
        }
        List<NodeStatus> all = statuses(cluster);
        if (f.has("node")) {
            String wanted = f.value("node", "");
            all = all.stream().filter(s -> s.name().equals(wanted)).toList();
            if (all.isEmpty()) {
                out.err("\n❌  Exiting due to GUEST_NODE_RETRIEVE: retrieving node: Could not find node " + wanted + "\n\n");
                return Execution.finished(EX_GUEST_NOT_FOUND);
            }
        }
        StringBuilder b = new StringBuilder();
        int code = 0;
        if (output.equals("json")) {
            List<String> objects = new ArrayList<>();
            for (NodeStatus s : all) {
                objects.add("{\"Name\":\"" + s.name() + "\",\"Host\":\"" + s.host() + "\",\"Kubelet\":\"" + s.kubelet()
                        + "\",\"APIServer\":\"" + (s.worker() ? "Irrelevant" : s.apiServer()) + "\",\"Kubeconfig\":\""
                        + (s.worker() ? "Irrelevant" : s.kubeconfig()) + "\",\"Worker\":" + s.worker() + "}");
            }
            b.append(objects.size() == 1 ? objects.get(0) : "[" + String.join(",", objects) + "]");
        }
        for (NodeStatus s : all) {
            // minikube's status templates: the control plane's and the workers' (cmd/minikube/cmd/status.go),
            // each block ending in a blank line.
            if (output.equals("text")) {
                b.append(s.name()).append('\n');
                if (s.worker()) {
                    b.append("type: Worker\nhost: ").append(s.host()).append("\nkubelet: ").append(s.kubelet()).append("\n\n");
                } else {
                    b.append("type: Control Plane\nhost: ").append(s.host()).append("\nkubelet: ").append(s.kubelet())
                            .append("\napiserver: ").append(s.apiServer()).append("\nkubeconfig: ").append(s.kubeconfig())
                            .append("\n\n");
                }
            }
            if (!s.host().equals("Running")) {
                code |= 1;
            }
            if (!s.kubelet().equals("Running") || (!s.worker() && !s.apiServer().equals("Running"))) {
                code |= 2;
            }
            if (!s.worker() && !s.kubeconfig().equals("Configured")) {
                code |= 4;
            }
        }
        out.out(b.toString());
        return Execution.finished(code);
    }

    // ---- stop, start ------------------------------------------------------------------------

    private Execution stop(List<String> args, Output out, Cluster cluster) {
        flags().bool("all").bool("keep-context-active").value("schedule").parse(args);
        List<Kubelet> kubelets = Kubelets.all(cluster);
        StringBuilder b = new StringBuilder();
        for (Kubelet k : kubelets) {
            b.append("✋  Stopping node \"").append(k.nodeName()).append("\"  ...\n");
            b.append("🛑  Powering off \"").append(k.nodeName()).append("\" via SSH ...\n");
        }
        // The nodes' machines power off (their containers die with them) and, with the
        // control-plane node, the API server, controller manager, scheduler and kube-proxy stop.
        for (Kubelet k : kubelets) {
            k.stop();
        }
        for (Component c : cluster.components().values()) {
            if (!(c instanceof Kubelet)) {
                cluster.setRunning(c.name(), false);
            }
        }
        b.append("🛑  ").append(kubelets.size()).append(kubelets.size() == 1 ? " node" : " nodes").append(" stopped.\n");
        out.out(b.toString());
        return Execution.finished(0);
    }

    /** A sequence of timed steps on the simulation clock, stopped by Ctrl-C. */
    private static final class Steps {
        private final Cluster cluster;
        private final Execution execution;
        private final List<Object> steps = new ArrayList<>();
        private boolean interrupted;

        private record Wait(BooleanSupplier condition, Duration timeout, IntSupplier onTimeout) {}

        private static final Object HOLD = new Object();

        private record Timed(Duration delay, Runnable action) {}

        Steps(Cluster cluster) {
            this.cluster = cluster;
            this.execution = Execution.running(() -> interrupted = true);
        }

        Steps then(Duration delay, Runnable action) {
            steps.add(new Timed(delay, action));
            return this;
        }

        /** Waits (polling every half second) until {@code condition}; past {@code timeout} finishes with {@code onTimeout}'s code. */
        Steps until(BooleanSupplier condition, Duration timeout, IntSupplier onTimeout) {
            steps.add(new Wait(condition, timeout, onTimeout));
            return this;
        }

        /** Runs on until Ctrl-C. */
        Steps hold() {
            steps.add(HOLD);
            return this;
        }

        Execution run() {
            next(0);
            return execution;
        }

        private void next(int i) {
            if (interrupted || execution.isDone()) {
                return;
            }
            if (i >= steps.size()) {
                execution.finish(0);
                return;
            }
            Object s = steps.get(i);
            if (s == HOLD) {
                return;
            }
            if (s instanceof Timed t) {
                Runnable go = () -> {
                    if (!interrupted) {
                        t.action().run();
                        next(i + 1);
                    }
                };
                if (t.delay().isZero()) {
                    go.run();
                } else {
                    cluster.clock().after(t.delay(), go);
                }
            } else {
                Wait w = (Wait) s;
                poll(i, w, cluster.clock().now().plus(w.timeout()));
            }
        }

        private void poll(int i, Wait w, Instant deadline) {
            if (interrupted) {
                return;
            }
            if (w.condition().getAsBoolean()) {
                next(i + 1);
            } else if (!cluster.clock().now().isBefore(deadline)) {
                execution.finish(w.onTimeout().getAsInt());
            } else {
                cluster.clock().after(Duration.ofMillis(500), () -> poll(i, w, deadline));
            }
        }
    }

    private static boolean ready(Cluster cluster, String node) {
        Node n = cluster.store().get(ResourceTypes.NODES, null, node);
        return n != null && n.getStatus() != null && n.getStatus().getConditions() != null
                && n.getStatus().getConditions().stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private Execution startCluster(List<String> args, Output out, Cluster cluster) {
        // start's many flags (driver, resources, versions, addons…) are accepted; the cluster's
        // shape is the one Kubelab was started with.
        flags().value("driver").value("vm-driver").value("nodes", 'n').value("kubernetes-version").value("memory")
                .value("cpus").value("container-runtime").value("cni").value("addons").value("wait").bool("force")
                .value("image-mirror-country").value("extra-config").bool("install-addons").bool("delete-on-failure")
                .parse(args);
        List<Kubelet> kubelets = Kubelets.all(cluster);
        String docker = kubelets.isEmpty() ? "26.0.2" : kubelets.get(0).runtime().runtimeVersion();
        Steps steps = new Steps(cluster);
        steps.then(Duration.ZERO, () -> out.out("😄  minikube " + VERSION + " on " + hostOs + "\n"
                + "✨  Using the docker driver based on existing profile\n"));
        List<String> before = new ArrayList<>();
        for (Kubelet k : kubelets) {
            boolean worker = k.index() > 0;
            String noProxy = String.join(",", before);
            boolean down = !k.isPoweredOn();
            steps.then(Duration.ZERO, () -> out.out("👍  Starting \"" + k.nodeName() + "\" "
                    + (worker ? "worker" : "primary control-plane") + " node in \"" + PROFILE + "\" cluster\n"
                    + "🚜  Pulling base image " + KICBASE + " ...\n"));
            steps.then(Duration.ofSeconds(1), () -> {
                out.out(down ? "🔄  Restarting existing docker container for \"" + k.nodeName() + "\" ...\n"
                        : "🏃  Updating the running docker \"" + k.nodeName() + "\" container ...\n");
                if (!worker) {
                    // The machines boot together and the control plane's components resume, so
                    // no node's Lease looks stale to the node lifecycle controller meanwhile.
                    for (Component c : cluster.components().values()) {
                        cluster.setRunning(c.name(), true);
                    }
                    for (Kubelet each : kubelets) {
                        each.start();
                    }
                }
            });
            if (worker) {
                steps.then(Duration.ZERO, () -> out.out("🌐  Found network options:\n    ▪ NO_PROXY=" + noProxy + "\n"));
            }
            steps.then(Duration.ofSeconds(down ? 4 : 1), () -> out.out("🐳  Preparing Kubernetes "
                    + KubernetesVersion.GIT_VERSION + " on Docker " + docker + " ...\n"
                    + (worker ? "    ▪ env NO_PROXY=" + noProxy + "\n" : "")));
            steps.then(Duration.ofSeconds(2), () -> out.out("🔎  Verifying Kubernetes components...\n"));
            steps.until(() -> ready(cluster, k.nodeName()), Duration.ofMinutes(6), () -> {
                out.err("\n❌  Exiting due to GUEST_START: failed to start node: wait 6m0s for node: waiting for node to be ready\n\n");
                return 80;
            });
            if (!worker) {
                steps.then(Duration.ZERO, () -> out.out("    ▪ Using image gcr.io/k8s-minikube/storage-provisioner:v5\n"
                        + "🌟  Enabled addons: storage-provisioner, default-storageclass\n"));
            }
            before.add(k.nodeIp());
        }
        steps.then(Duration.ZERO, () -> out.out("🏄  Done! kubectl is now configured to use \"" + PROFILE
                + "\" cluster and \"default\" namespace by default\n"));
        return steps.run();
    }

    // ---- dashboard, docker-env, ssh -----------------------------------------------------------

    /** minikube's answer when the control-plane node is down (mustload), exit 83. */
    private static Execution notRunning(Output out, Kubelet k) {
        String role = k.index() == 0 ? "control-plane node" : "node";
        out.err("🤷  The " + role + " " + k.nodeName() + " host is not running: state=Stopped\n"
                + "👉  To start a cluster, run: \"minikube start\"\n");
        return Execution.finished(EX_GUEST_NOT_RUNNING);
    }

    private static Kubelet controlPlane(Cluster cluster) {
        List<Kubelet> all = Kubelets.all(cluster);
        return all.isEmpty() ? null : all.get(0);
    }

    private static Kubelet node(Cluster cluster, String name, Output out) {
        if (name == null || name.isEmpty()) {
            return controlPlane(cluster);
        }
        Kubelet k = Kubelets.byNode(cluster, name).orElse(null);
        if (k == null) {
            out.err("\n❌  Exiting due to GUEST_NODE_RETRIEVE: retrieving node: Could not find node " + name + "\n\n");
        }
        return k;
    }

    private Execution dashboard(List<String> args, Output out, Cluster cluster) {
        Flags.Parsed f = flags().bool("url").value("port").parse(args);
        Kubelet cp = controlPlane(cluster);
        if (cp == null || !cp.isPoweredOn()) {
            return notRunning(out, cp);
        }
        int port = 30000 + new Random(cluster.config().seed()).nextInt(20000);
        String url = "http://127.0.0.1:" + f.value("port", Integer.toString(port))
                + "/api/v1/namespaces/kubernetes-dashboard/services/http:kubernetes-dashboard:/proxy/";
        Steps steps = new Steps(cluster);
        if (!dashboardEnabled) {
            dashboardEnabled = true;
            steps.then(Duration.ZERO, () -> out.err("🔌  Enabling dashboard ...\n"
                    + "    ▪ Using image docker.io/kubernetesui/dashboard:v2.7.0\n"
                    + "    ▪ Using image docker.io/kubernetesui/metrics-scraper:v1.0.8\n"
                    + "💡  Some dashboard features require the metrics-server addon. To enable all features please run:\n\n"
                    + "\tminikube addons enable metrics-server\n\n"));
        }
        steps.then(Duration.ZERO, () -> out.err("🤔  Verifying dashboard health ...\n"));
        steps.then(Duration.ofSeconds(1), () -> out.err("🚀  Launching proxy ...\n"));
        steps.then(Duration.ofSeconds(1), () -> out.err("🤔  Verifying proxy health ...\n"));
        if (f.bool("url")) {
            // minikube prints the URL and sits with kubectl proxy until Ctrl-C.
            steps.then(Duration.ofMillis(500), () -> out.out(url + "\n")).hold();
            return steps.run();
        }
        // The console cannot open a browser on the laptop: minikube's answer on a machine without one.
        steps.then(Duration.ofMillis(500), () -> out.out("🎉  Opening " + url + " in your default browser...\n"));
        steps.until(() -> false, Duration.ZERO, () -> {
            out.err("\n❌  Exiting due to HOST_BROWSER: failed to open browser: exec: \"xdg-open\": executable file not found in $PATH\n\n");
            return EX_HOST_ERROR;
        });
        return steps.run();
    }

    private Execution dockerEnv(List<String> args, Output out, Cluster cluster) {
        Flags.Parsed f = flags().value("shell").bool("unset", 'u').bool("no-proxy").value("output", 'o')
                .bool("ssh-host").bool("ssh-add").parse(args);
        if (f.bool("unset")) {
            out.out("unset DOCKER_TLS_VERIFY;\nunset DOCKER_HOST;\nunset DOCKER_CERT_PATH;\nunset MINIKUBE_ACTIVE_DOCKERD;\n");
            return Execution.finished(0);
        }
        Kubelet cp = controlPlane(cluster);
        if (cp == null || !cp.isPoweredOn()) {
            return notRunning(out, cp);
        }
        // The docker driver publishes the node's dockerd (2376) on a loopback port of the laptop.
        out.out("export DOCKER_TLS_VERIFY=\"1\"\n"
                + "export DOCKER_HOST=\"tcp://127.0.0.1:32771\"\n"
                + "export DOCKER_CERT_PATH=\"" + home + "/.minikube/certs\"\n"
                + "export MINIKUBE_ACTIVE_DOCKERD=\"" + PROFILE + "\"\n\n"
                + "# To point your shell to minikube's docker-daemon, run:\n"
                + "# eval $(minikube -p " + PROFILE + " docker-env)\n");
        return Execution.finished(0);
    }

    private Execution ssh(List<String> args, Output out, ConsoleContext context) {
        Flags.Parsed f = flags().value("node", 'n').bool("native-ssh").parse(args);
        Cluster cluster = context.cluster();
        Kubelet cp = controlPlane(cluster);
        if (cp == null || !cp.isPoweredOn()) {
            return notRunning(out, cp);
        }
        Kubelet k = node(cluster, f.value("node", null), out);
        if (k == null) {
            return Execution.finished(EX_GUEST_NOT_FOUND);
        }
        if (!k.isPoweredOn()) {
            return notRunning(out, k);
        }
        NodeShell shell = new NodeShell(context, k);
        if (!f.args().isEmpty()) {
            // minikube ssh -- docker ps: ssh runs the words as one command line on the node.
            return shell.start(String.join(" ", f.args()), out);
        }
        context.enterShell(shell);
        return Execution.finished(0);
    }
}
