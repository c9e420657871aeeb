package io.kubelab.engine.console.docker;

import io.kubelab.engine.ClusterConfig;
import io.kubelab.engine.console.ConsoleContext;
import io.kubelab.engine.console.Execution;
import io.kubelab.engine.console.Invocation;
import io.kubelab.engine.console.Output;
import io.kubelab.engine.console.Program;
import io.kubelab.engine.console.flags.Flags;
import io.kubelab.engine.kubelet.Kubelet;
import io.kubelab.engine.kubelet.Kubelets;
import io.kubelab.engine.runtime.ContainerConfig;
import io.kubelab.engine.runtime.ContainerRuntime;
import io.kubelab.engine.runtime.ContainerState;
import io.kubelab.engine.runtime.ContainerStatus;
import io.kubelab.engine.runtime.DockerFormat;
import io.kubelab.engine.runtime.ImageInfo;
import io.kubelab.engine.runtime.ImageRef;
import io.kubelab.engine.runtime.LogHandOver;
import io.kubelab.engine.runtime.LogLine;
import io.kubelab.engine.runtime.RuntimeEvent;
import io.kubelab.engine.runtime.sim.ImageCatalog;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

/**
 * {@code docker}: the docker CLI (26.0) against one node's {@link ContainerRuntime}, with the CLI's
 * tables, progress lines, error messages and exit codes: {@code run} (foreground or {@code -d}),
 * {@code ps}, {@code stop}, {@code start}, {@code restart}, {@code rm}, {@code images}, {@code pull},
 * {@code rmi}, {@code logs} ({@code -f}, {@code -t}, {@code --tail}) and {@code exec}
 * ({@code -it … sh} opens a shell in the container).
 *
 * <p>Which daemon it talks to: on the laptop, the {@code minikube} node's (as after
 * {@code eval $(minikube docker-env)}; the laptop has no daemon of its own here); inside
 * {@code minikube ssh -n X}, node X's. A powered-off node answers as a stopped daemon does.
 *
 * <p>Threading: engine thread. Commands that wait (pulls, starts, stops, a foreground container,
 * {@code logs -f}) finish their {@link Execution} from the runtime's futures and events.
 */
public final class DockerProgram implements Program {
    /** What the CLI says when no daemon answers. */
    public static final String DAEMON_DOWN =
            "Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?\n";
    /** {@code docker stop}'s default grace period ({@code -t 10}). */
    static final Duration STOP_GRACE = Duration.ofSeconds(10);
    private static final DateTimeFormatter RFC3339_NANO =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);
    private static final List<String> COMMANDS = List.of("exec", "images", "logs", "ps", "pull", "restart", "rm", "rmi",
            "run", "start", "stop");

    /** Ports published with {@code -p}, per runtime and container (the runtime itself knows none). */
    private static final Map<ContainerRuntime, Map<String, String>> PUBLISHED =
            Collections.synchronizedMap(new WeakHashMap<>());

    private final String node;

    /** The laptop's {@code docker}: the {@code minikube} node's daemon. */
    public DockerProgram() {
        this(ClusterConfig.nodeName(0));
    }

    /** {@code docker} on node {@code node} ({@code minikube ssh -n minikube-m02}). */
    public DockerProgram(String node) {
        this.node = node;
    }

    @Override
    public String name() {
        return "docker";
    }

    @Override
    public List<String> complete(List<String> words, ConsoleContext context) {
        if (words.size() == 1) {
            return COMMANDS.stream().filter(c -> c.startsWith(words.get(0))).toList();
        }
        String last = words.get(words.size() - 1);
        String cmd = words.get(0);
        if (List.of("stop", "start", "restart", "rm", "logs", "exec").contains(cmd)) {
            return runtime(context).map(rt -> rt.containers().stream().filter(c -> !c.pause())
                    .map(ContainerStatus::name).filter(n -> n.startsWith(last)).toList()).orElse(List.of());
        }
        return List.of();
    }

    private Optional<ContainerRuntime> runtime(ConsoleContext context) {
        return Kubelets.byNode(context.cluster(), node).map(Kubelet::runtime);
    }

    @Override
    public Execution start(Invocation inv) {
        List<String> args = inv.args();
        Output out = inv.out();
        if (args.isEmpty() || args.get(0).equals("--help")) {
            out.out("\nUsage:  docker [OPTIONS] COMMAND\n\nA self-sufficient runtime for containers\n\nCommon Commands:\n"
                    + "  run         Create and run a new container from an image\n"
                    + "  exec        Execute a command in a running container\n"
                    + "  ps          List containers\n"
                    + "  images      List images\n"
                    + "  pull        Download an image from a registry\n");
            return Execution.finished(0);
        }
        String cmd = args.get(0);
        if (cmd.equals("--version") || cmd.equals("-v")) {
            out.out("Docker version 26.0.2, build 3c863ff\n");
            return Execution.finished(0);
        }
        if (!COMMANDS.contains(cmd)) {
            out.err("docker: '" + cmd + "' is not a docker command.\nSee 'docker --help'\n");
            return Execution.finished(1);
        }
        ContainerRuntime rt = runtime(inv.context()).orElse(null);
        if (rt == null || !rt.isPoweredOn()) {
            out.err(DAEMON_DOWN);
            return Execution.finished(1);
        }
        Call call = new Call(cmd, List.copyOf(args.subList(1, args.size())), out, rt, inv.context());
        try {
            return switch (cmd) {
                case "run" -> call.run();
                case "ps" -> call.ps();
                case "stop" -> call.stop();
                case "start" -> call.startContainers();
                case "restart" -> call.restart();
                case "rm" -> call.rm();
                case "images" -> call.images();
                case "pull" -> call.pull();
                case "rmi" -> call.rmi();
                case "logs" -> call.logs();
                case "exec" -> call.exec();
                default -> throw new IllegalStateException(cmd);
            };
        } catch (Flags.FlagException e) {
            out.err(e.getMessage() + "\nSee 'docker " + cmd + " --help'.\n");
            return Execution.finished(125);
        }
    }

    /** One command's run. */
    private static final class Call {
        final String cmd;
        final List<String> args;
        final Output out;
        final ContainerRuntime rt;
        final ConsoleContext context;

        Call(String cmd, List<String> args, Output out, ContainerRuntime rt, ConsoleContext context) {
            this.cmd = cmd;
            this.args = args;
            this.out = out;
            this.rt = rt;
            this.context = context;
        }

        Instant now() {
            return context.cluster().clock().now();
        }

        /** The CLI's "wrong number of arguments" answer. */
        Execution usage(String requirement, String usage, String description) {
            out.err("\"docker " + cmd + "\" requires " + requirement + ".\nSee 'docker " + cmd + " --help'.\n\nUsage:  docker "
                    + cmd + " " + usage + "\n\n" + description + "\n");
            return Execution.finished(1);
        }

        // ---- run --------------------------------------------------------------------------

        Execution run() {
            Flags.Parsed f = Flags.spec().bool("detach", 'd').value("name").bool("interactive", 'i').bool("tty", 't')
                    .bool("rm").value("publish", 'p').value("env", 'e').value("workdir", 'w').value("hostname", 'h')
                    .value("restart").value("entrypoint").bool("publish-all", 'P').value("memory", 'm')
                    .stopAtFirstArg().parse(args);
            if (f.args().isEmpty()) {
                return usage("at least 1 argument", "[OPTIONS] IMAGE [COMMAND] [ARG...]",
                        "Create and run a new container from an image");
            }
            String image = f.args().get(0);
            ImageRef ref;
            try {
                ref = ImageRef.parse(image);
            } catch (IllegalArgumentException e) {
                out.err("docker: " + e.getMessage() + ".\nSee 'docker run --help'.\n");
                return Execution.finished(125);
            }
            Map<String, String> env = new LinkedHashMap<>();
            for (String e : f.all("env")) {
                int eq = e.indexOf('=');
                env.put(eq < 0 ? e : e.substring(0, eq), eq < 0 ? "" : e.substring(eq + 1));
            }
            List<String> cmdArgs = f.args().subList(1, f.args().size());
            List<String> entrypoint = f.has("entrypoint") ? List.of(f.value("entrypoint", "")) : null;
            long memory = 0;
            if (f.has("memory")) {
                String m = f.value("memory", "");
                memory = ramInBytes(m);
                if (memory < 0) {
                    out.err("invalid argument \"" + m + "\" for \"-m, --memory\" flag: invalid size: '" + m + "'\n"
                            + "See 'docker run --help'.\n");
                    return Execution.finished(125);
                }
                if (memory > 0 && memory < MIN_MEMORY) {
                    out.err("docker: Error response from daemon: Minimum memory limit allowed is 6MB.\n"
                            + "See 'docker run --help'.\n");
                    return Execution.finished(125);
                }
            }
            ContainerConfig config = new ContainerConfig(f.value("name", null), image, entrypoint,
                    cmdArgs.isEmpty() ? null : List.copyOf(cmdArgs), env, f.value("workdir", null), memory, null, null,
                    null, 0, f.value("hostname", null));
            List<String> published = new ArrayList<>();
            for (String p : f.all("publish")) {
                published.add(publishedPort(p));
            }
            boolean detach = f.bool("detach");
            boolean remove = f.bool("rm");
            Runner runner = new Runner();
            Execution ex = Execution.running(runner::close);
            CompletableFuture<Void> ready;
            if (rt.image(image).isPresent()) {
                ready = CompletableFuture.completedFuture(null);
            } else {
                // docker run reports the implicit pull on stderr, without "Using default tag".
                out.err("Unable to find image '" + ref.familiar() + "' locally\n");
                ready = pullWithProgress(ref, image, false, out::err).thenApply(i -> null);
            }
            ready.whenComplete((v, pullError) -> {
                if (pullError != null) {
                    out.err("docker: " + sentence(message(pullError)) + "\nSee 'docker run --help'.\n");
                    ex.finish(125);
                    return;
                }
                rt.createContainer(null, config).whenComplete((id, createError) -> {
                    if (createError != null) {
                        out.err("docker: " + sentence(message(createError)) + "\nSee 'docker run --help'.\n");
                        ex.finish(125);
                        return;
                    }
                    if (!published.isEmpty()) {
                        PUBLISHED.computeIfAbsent(rt, r -> Collections.synchronizedMap(new LinkedHashMap<>()))
                                .put(id, String.join(", ", published));
                    }
                    if (!detach) {
                        runner.logs = rt.followLogs(id, line -> write(line, false));
                        runner.events = rt.subscribe(e -> {
                            if (e instanceof RuntimeEvent.ContainerExited exited && exited.containerId().equals(id)) {
                                runner.close();
                                if (remove) {
                                    rt.removeContainer(id);
                                }
                                ex.finish(exited.exitCode());
                            }
                        });
                    }
                    rt.startContainer(id).whenComplete((started, startError) -> {
                        if (startError != null) {
                            runner.close();
                            String m = message(startError);
                            out.err("docker: " + sentence(m) + "\n");
                            if (remove) {
                                rt.removeContainer(id);
                            }
                            // The CLI's codes: 127 when the command is not found, 126 when it cannot run.
                            ex.finish(m.contains("executable file not found") || m.contains("no such file") ? 127 : 126);
                        } else if (detach) {
                            out.out(id + "\n");
                            ex.finish(0);
                        }
                    });
                });
            });
            return ex;
        }

        /** The daemon's least memory limit: 6 MiB. */
        private static final long MIN_MEMORY = 6L << 20;

        /**
         * {@code -m}'s size as docker's {@code units.RAMInBytes} reads it: a number with an optional
         * binary unit, {@code 64m} = 67108864, {@code 1g} = 1073741824, {@code 512k}, {@code 100b} or
         * {@code 100}; -1 when it is none.
         */
        static long ramInBytes(String size) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?i)(\\d+(?:\\.\\d+)?)\\s*([kmgtp]?)i?b?").matcher(size.strip());
            if (!m.matches()) {
                return -1;
            }
            int shift = switch (m.group(2).toLowerCase()) {
                case "k" -> 10;
                case "m" -> 20;
                case "g" -> 30;
                case "t" -> 40;
                case "p" -> 50;
                default -> 0;
            };
            return new java.math.BigDecimal(m.group(1)).multiply(java.math.BigDecimal.valueOf(1L << shift)).longValue();
        }

        /** {@code 8080:80} → {@code 0.0.0.0:8080->80/tcp, :::8080->80/tcp}. */
        private static String publishedPort(String spec) {
            String[] parts = spec.split(":");
            String container = parts[parts.length - 1];
            String proto = container.contains("/") ? "" : "/tcp";
            if (parts.length == 1) {
                return "0.0.0.0:32768->" + container + proto + ", :::32768->" + container + proto;
            }
            String host = parts[parts.length - 2];
            String ip = parts.length >= 3 ? parts[0] : null;
            if (ip != null) {
                return ip + ":" + host + "->" + container + proto;
            }
            return "0.0.0.0:" + host + "->" + container + proto + ", :::" + host + "->" + container + proto;
        }

        /** What a foreground {@code docker run} or {@code docker logs -f} holds. */
        private static final class Runner {
            ContainerRuntime.Subscription logs;
            ContainerRuntime.Subscription events;

            void close() {
                if (logs != null) {
                    logs.close();
                }
                if (events != null) {
                    events.close();
                }
            }
        }

        private void write(LogLine line, boolean timestamps) {
            String text = (timestamps ? RFC3339_NANO.format(line.time()) + " " : "") + line.text() + "\n";
            if (line.stream() == LogLine.Stream.STDERR) {
                out.err(text);
            } else {
                out.out(text);
            }
        }

        // ---- pull -------------------------------------------------------------------------

        Execution pull() {
            Flags.Parsed f = Flags.spec().bool("all-tags", 'a').bool("quiet", 'q').value("platform")
                    .bool("disable-content-trust").parse(args);
            if (f.args().size() != 1) {
                return usage("exactly 1 argument", "[OPTIONS] NAME[:TAG|@DIGEST]", "Download an image from a registry");
            }
            String image = f.args().get(0);
            ImageRef ref;
            try {
                ref = ImageRef.parse(image);
            } catch (IllegalArgumentException e) {
                out.err(e.getMessage() + "\n");
                return Execution.finished(1);
            }
            Execution ex = Execution.running(null);
            boolean defaultTag = !image.contains("@") && (image.lastIndexOf(':') <= image.lastIndexOf('/'));
            pullWithProgress(ref, image, defaultTag, out::out).whenComplete((info, error) -> {
                if (error != null) {
                    out.err(message(error) + "\n");
                    ex.finish(1);
                } else {
                    out.out(ref.full() + "\n");
                    ex.finish(0);
                }
            });
            return ex;
        }

        /**
         * Pulls with the CLI's lines: {@code latest: Pulling from library/ubuntu}, a
         * {@code <layer>: Pull complete} line per layer, the digest and the status.
         */
        CompletableFuture<ImageInfo> pullWithProgress(ImageRef ref, String image, boolean defaultTag,
                                                      java.util.function.Consumer<String> print) {
            if (defaultTag) {
                print.accept("Using default tag: latest\n");
            }
            boolean present = rt.image(image).isPresent();
            return rt.pullImage(image).handle((pulled, error) -> {
                if (error != null) {
                    throw new CompletionException(cause(error));
                }
                String digest = pulled.image().repoDigests().isEmpty() ? pulled.image().id()
                        : pulled.image().repoDigests().get(0).substring(pulled.image().repoDigests().get(0).indexOf('@') + 1);
                StringBuilder b = new StringBuilder();
                b.append(ref.tag() != null ? ref.tag() : ref.digest()).append(": Pulling from ").append(ref.path()).append('\n');
                if (pulled.downloaded() && !present) {
                    for (String layer : layers(digest, pulled.image().sizeBytes())) {
                        b.append(layer).append(": Pull complete\n");
                    }
                }
                b.append("Digest: ").append(digest).append('\n');
                String name = ref.familiar();
                b.append(pulled.downloaded() && !present ? "Status: Downloaded newer image for " : "Status: Image is up to date for ")
                        .append(name).append('\n');
                print.accept(b.toString());
                return pulled.image();
            });
        }

        /**
         * The layer IDs shown while pulling, derived from the digest so they stay the same from
         * pull to pull: one layer for a base image (ubuntu, alpine, busybox, hello-world), seven for
         * an image built on one (nginx on debian is 187 MB in 7 layers).
         */
        static List<String> layers(String digest, long size) {
            int n = size > 150_000_000L ? 7 : 1;
            List<String> out = new ArrayList<>();
            String hex = digest.startsWith("sha256:") ? digest.substring(7) : digest;
            for (int i = 0; i < n; i++) {
                int from = (i * 7) % Math.max(1, hex.length() - 12);
                out.add(hex.length() >= 12 ? hex.substring(from, from + 12) : hex);
            }
            return out;
        }

        // ---- ps, images ---------------------------------------------------------------------

        Execution ps() {
            Flags.Parsed f = Flags.spec().bool("all", 'a').bool("quiet", 'q').bool("no-trunc").bool("latest", 'l')
                    .value("last", 'n').bool("size", 's').value("filter", 'f').value("format").parse(args);
            if (!f.args().isEmpty()) {
                out.err("\"docker ps\" accepts no arguments.\nSee 'docker ps --help'.\n\nUsage:  docker ps [OPTIONS]\n\n"
                        + "List containers\n");
                return Execution.finished(1);
            }
            List<ContainerStatus> all = new ArrayList<>(rt.containers());
            Collections.reverse(all); // newest first
            List<ContainerStatus> shown = new ArrayList<>();
            int last = f.bool("latest") ? 1 : Integer.parseInt(f.value("last", "-1"));
            for (ContainerStatus c : all) {
                if (last >= 0 ? shown.size() < last : f.bool("all") || c.state() == ContainerState.RUNNING) {
                    shown.add(c);
                }
            }
            boolean noTrunc = f.bool("no-trunc");
            if (f.bool("quiet")) {
                StringBuilder b = new StringBuilder();
                shown.forEach(c -> b.append(noTrunc ? c.id() : c.shortId()).append('\n'));
                out.out(b.toString());
                return Execution.finished(0);
            }
            TabWriter t = new TabWriter().row("CONTAINER ID", "IMAGE", "COMMAND", "CREATED", "STATUS", "PORTS", "NAMES");
            Instant now = now();
            for (ContainerStatus c : shown) {
                t.row(noTrunc ? c.id() : c.shortId(), c.image(), DockerFormat.command(c.command(), !noTrunc),
                        DockerFormat.ago(c.createdAt(), now), DockerFormat.status(c, now), ports(c), c.name());
            }
            out.out(t.toString());
            return Execution.finished(0);
        }

        /** The PORTS column: published ports, else the image's exposed ones; only while running. */
        private String ports(ContainerStatus c) {
            if (c.state() != ContainerState.RUNNING || c.sandboxId() != null || c.pause()) {
                return "";
            }
            Map<String, String> published = PUBLISHED.get(rt);
            String p = published == null ? null : published.get(c.id());
            if (p != null) {
                return p;
            }
            try {
                if (ImageCatalog.standard().resolve(c.image()) instanceof ImageCatalog.Resolution.Found found) {
                    return String.join(", ", found.spec().ports());
                }
            } catch (IllegalArgumentException e) {
                // not a reference the catalog reads
            }
            return "";
        }

        Execution images() {
            Flags.Parsed f = Flags.spec().bool("all", 'a').bool("quiet", 'q').bool("no-trunc").bool("digests")
                    .value("filter", 'f').value("format").parse(args);
            List<ImageInfo> images = new ArrayList<>(rt.images());
            images.sort(Comparator.comparing(ImageInfo::created).reversed());
            String repoFilter = f.args().isEmpty() ? null : f.args().get(0);
            if (f.bool("quiet")) {
                Set<String> ids = new LinkedHashSet<>();
                images.forEach(i -> ids.add(f.bool("no-trunc") ? i.id() : DockerFormat.shortImageId(i.id())));
                StringBuilder b = new StringBuilder();
                ids.forEach(id -> b.append(id).append('\n'));
                out.out(b.toString());
                return Execution.finished(0);
            }
            TabWriter t = new TabWriter().row("REPOSITORY", "TAG", "IMAGE ID", "CREATED", "SIZE");
            Instant now = now();
            for (ImageInfo i : images) {
                for (String tag : i.repoTags()) {
                    int colon = tag.lastIndexOf(':');
                    String repo = tag.substring(0, colon);
                    if (repoFilter != null && !repo.equals(repoFilter) && !tag.equals(repoFilter)) {
                        continue;
                    }
                    t.row(repo, tag.substring(colon + 1), f.bool("no-trunc") ? i.id() : DockerFormat.shortImageId(i.id()),
                            DockerFormat.ago(i.created(), now), DockerFormat.size(i.sizeBytes()));
                }
            }
            out.out(t.toString());
            return Execution.finished(0);
        }

        Execution rmi() {
            Flags.Parsed f = Flags.spec().bool("force", 'f').bool("no-prune").parse(args);
            if (f.args().isEmpty()) {
                return usage("at least 1 argument", "[OPTIONS] IMAGE [IMAGE...]", "Remove one or more images");
            }
            int code = 0;
            StringBuilder b = new StringBuilder();
            for (String image : f.args()) {
                Optional<ImageInfo> info = rt.image(image);
                if (info.isEmpty()) {
                    String shown = image;
                    try {
                        shown = ImageRef.parse(image).familiar();
                    } catch (IllegalArgumentException e) {
                        // keep as typed
                    }
                    out.out(b.toString());
                    b.setLength(0);
                    out.err("Error response from daemon: No such image: " + shown + "\n");
                    code = 1;
                    continue;
                }
                Optional<ContainerStatus> user = rt.containers().stream()
                        .filter(c -> c.imageId().equals(info.get().id())).findFirst();
                if (user.isPresent() && !f.bool("force")) {
                    out.out(b.toString());
                    b.setLength(0);
                    out.err("Error response from daemon: conflict: unable to remove repository reference \"" + image
                            + "\" (must force) - container " + user.get().shortId() + " is using its referenced image "
                            + DockerFormat.shortImageId(info.get().id()) + "\n");
                    code = 1;
                    continue;
                }
                rt.removeImage(image);
                info.get().repoTags().forEach(t -> b.append("Untagged: ").append(t).append('\n'));
                info.get().repoDigests().forEach(d -> b.append("Untagged: ").append(d).append('\n'));
                b.append("Deleted: ").append(info.get().id()).append('\n');
            }
            out.out(b.toString());
            return Execution.finished(code);
        }

        // ---- stop, start, restart, rm --------------------------------------------------------

        /** Runs {@code action} for each argument in turn; failures print the daemon's words and make the exit code 1. */
        private Execution eachContainer(String usage, String description,
                                        Function<ContainerStatus, CompletableFuture<Void>> action) {
            if (args.isEmpty()) {
                return usage("at least 1 argument", usage, description);
            }
            Execution ex = Execution.running(null);
            next(0, false, action, ex);
            return ex;
        }

        private void next(int i, boolean failed, Function<ContainerStatus, CompletableFuture<Void>> action, Execution ex) {
            if (i >= args.size()) {
                ex.finish(failed ? 1 : 0);
                return;
            }
            String arg = args.get(i);
            Optional<ContainerStatus> c = rt.findContainer(arg);
            if (c.isEmpty()) {
                out.err("Error response from daemon: No such container: " + arg + "\n");
                next(i + 1, true, action, ex);
                return;
            }
            action.apply(c.get()).whenComplete((v, error) -> {
                if (error != null) {
                    out.err(message(error) + "\n");
                    next(i + 1, true, action, ex);
                } else {
                    out.out(arg + "\n");
                    next(i + 1, failed, action, ex);
                }
            });
        }

        private Duration grace(Flags.Parsed f) {
            return Duration.ofSeconds(Long.parseLong(f.value("time", "10")));
        }

        Execution stop() {
            Flags.Parsed f = Flags.spec().value("time", 't').value("signal", 's').parse(args);
            Duration grace = grace(f);
            return new Call(cmd, f.args(), out, rt, context).eachContainer("[OPTIONS] CONTAINER [CONTAINER...]",
                    "Stop one or more running containers", c -> rt.stopContainer(c.id(), grace));
        }

        Execution startContainers() {
            Flags.Parsed f = Flags.spec().bool("attach", 'a').bool("interactive", 'i').parse(args);
            return new Call(cmd, f.args(), out, rt, context).eachContainer("[OPTIONS] CONTAINER [CONTAINER...]",
                    "Start one or more stopped containers", c -> rt.startContainer(c.id()));
        }

        Execution restart() {
            Flags.Parsed f = Flags.spec().value("time", 't').value("signal", 's').parse(args);
            Duration grace = grace(f);
            return new Call(cmd, f.args(), out, rt, context).eachContainer("[OPTIONS] CONTAINER [CONTAINER...]",
                    "Restart one or more containers",
                    c -> rt.stopContainer(c.id(), grace).thenCompose(v -> rt.startContainer(c.id())));
        }

        Execution rm() {
            Flags.Parsed f = Flags.spec().bool("force", 'f').bool("volumes", 'v').bool("link", 'l').parse(args);
            boolean force = f.bool("force");
            return new Call(cmd, f.args(), out, rt, context).eachContainer("[OPTIONS] CONTAINER [CONTAINER...]",
                    "Remove one or more containers", c -> {
                        if (c.state() == ContainerState.RUNNING && !force) {
                            return CompletableFuture.failedFuture(new IllegalStateException(
                                    "Error response from daemon: cannot remove container \"/" + c.name()
                                            + "\": container is running: stop the container before removing or force remove"));
                        }
                        CompletableFuture<Void> stopped = c.state() == ContainerState.RUNNING
                                ? rt.stopContainer(c.id(), Duration.ZERO) : CompletableFuture.completedFuture(null);
                        return stopped.thenRun(() -> rt.removeContainer(c.id()));
                    });
        }

        // ---- logs, exec ---------------------------------------------------------------------

        Execution logs() {
            Flags.Parsed f = Flags.spec().bool("follow", 'f').bool("timestamps", 't').value("tail", 'n').value("since")
                    .value("until").bool("details").parse(args);
            if (f.args().size() != 1) {
                return usage("exactly 1 argument", "[OPTIONS] CONTAINER", "Fetch the logs of a container");
            }
            String arg = f.args().get(0);
            Optional<ContainerStatus> c = rt.findContainer(arg);
            if (c.isEmpty()) {
                out.err("Error response from daemon: No such container: " + arg + "\n");
                return Execution.finished(1);
            }
            String id = c.get().id();
            boolean follow = f.bool("follow") && c.get().state() == ContainerState.RUNNING;
            // To follow: the lines so far and the later ones taken together, each once (see LogsVerb).
            LogHandOver<LogLine> handOver = new LogHandOver<>();
            ContainerRuntime.FollowedLogs both = follow ? rt.logsAndFollow(id, handOver, handOver::end) : null;
            List<LogLine> lines = follow ? both.lines() : rt.logs(id);
            String tail = f.value("tail", "all");
            if (!tail.equals("all")) {
                int n = Integer.parseInt(tail);
                lines = lines.subList(Math.max(0, lines.size() - n), lines.size());
            }
            boolean ts = f.bool("timestamps");
            lines.forEach(l -> write(l, ts));
            if (!follow) {
                return Execution.finished(0);
            }
            Runner runner = new Runner();
            Execution ex = Execution.running(runner::close);
            runner.logs = both.subscription();
            runner.events = rt.subscribe(e -> {
                if (e instanceof RuntimeEvent.ContainerExited && e.containerId().equals(id)) {
                    runner.close();
                    ex.finish(0);
                }
            });
            // The follow also ends with the log's end: the container may have exited before the
            // listener above was there.
            handOver.start(l -> write(l, ts), () -> {
                runner.close();
                ex.finish(0);
            });
            return ex;
        }

        Execution exec() {
            Flags.Parsed f = Flags.spec().bool("interactive", 'i').bool("tty", 't').bool("detach", 'd').value("env", 'e')
                    .value("workdir", 'w').value("user", 'u').bool("privileged").stopAtFirstArg().parse(args);
            if (f.args().size() < 2) {
                return usage("at least 2 arguments", "[OPTIONS] CONTAINER COMMAND [ARG...]",
                        "Execute a command in a running container");
            }
            String arg = f.args().get(0);
            Optional<ContainerStatus> c = rt.findContainer(arg);
            if (c.isEmpty()) {
                out.err("Error response from daemon: No such container: " + arg + "\n");
                return Execution.finished(1);
            }
            if (c.get().state() != ContainerState.RUNNING) {
                out.err("Error response from daemon: container " + c.get().id() + " is not running\n");
                return Execution.finished(1);
            }
            List<String> command = List.copyOf(f.args().subList(1, f.args().size()));
            if (f.bool("interactive") && f.bool("tty") && command.size() == 1 && ContainerShell.isShell(command.get(0))) {
                context.enterShell(new ContainerShell(rt, c.get(), command.get(0)));
                return Execution.finished(0);
            }
            return Execution.printing(rt.exec(c.get().id(), command), out, "", 126);
        }
    }

    static Throwable cause(Throwable t) {
        return Execution.failureCause(t);
    }

    static String message(Throwable t) {
        return Execution.failureMessage(t);
    }

    /** The CLI ends a daemon error with a full stop ({@code docker: Error response from daemon: …: unknown.}). */
    static String sentence(String message) {
        return message.endsWith(".") ? message : message + ".";
    }
}
