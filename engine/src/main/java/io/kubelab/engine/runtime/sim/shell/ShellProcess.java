package io.kubelab.engine.runtime.sim.shell;

import io.kubelab.engine.runtime.sim.shell.Ast.AndOr;
import io.kubelab.engine.runtime.sim.shell.Ast.Arith;
import io.kubelab.engine.runtime.sim.shell.Ast.CommandSub;
import io.kubelab.engine.runtime.sim.shell.Ast.For;
import io.kubelab.engine.runtime.sim.shell.Ast.Group;
import io.kubelab.engine.runtime.sim.shell.Ast.If;
import io.kubelab.engine.runtime.sim.shell.Ast.Lit;
import io.kubelab.engine.runtime.sim.shell.Ast.Loop;
import io.kubelab.engine.runtime.sim.shell.Ast.Node;
import io.kubelab.engine.runtime.sim.shell.Ast.Param;
import io.kubelab.engine.runtime.sim.shell.Ast.Part;
import io.kubelab.engine.runtime.sim.shell.Ast.Pipeline;
import io.kubelab.engine.runtime.sim.shell.Ast.Redirect;
import io.kubelab.engine.runtime.sim.shell.Ast.Seq;
import io.kubelab.engine.runtime.sim.shell.Ast.Simple;
import io.kubelab.engine.runtime.sim.shell.Ast.Word;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

/**
 * One simulated process: a program run by the small shell interpreter in simulated time. The
 * interpreter keeps its own stack of frames instead of Java's call stack, so a {@code sleep 1} in
 * the middle of a {@code while} loop simply parks the process and a timer of the simulation
 * clock resumes it — {@code while true; do echo hello world; sleep 1; done} writes exactly one
 * line per simulated second and costs nothing in between.
 *
 * <p>Signals follow Linux: PID 1 ignores a signal it has no handler ({@code trap}) for, which is
 * why a container running {@code sh -c 'sleep 3600'} waits for the whole grace period and then dies
 * of {@code SIGKILL} with exit code 137; any other process dies with 128 + the signal number.
 *
 * <p>Engine thread only.
 */
public final class ShellProcess {
    /** Commands run in a row without time passing before the process is made to yield. */
    static final int STEP_BUDGET = 5_000;
    /** How long a process that used up its budget waits (a busy loop still writes a bounded amount). */
    static final Duration BUSY_PAUSE = Duration.ofSeconds(1);

    public static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    /** Where a process writes. */
    @FunctionalInterface
    public interface Output {
        void write(String text);

        /**
         * Writes {@code line} and a newline: the same as {@code write(line + "\n")}, which is what
         * it does unless the output can take a whole line as it is (a container's log does: an
         * echoed literal, such as each of nginx's entrypoint lines, then costs no copy).
         */
        default void writeLine(String line) {
            write(line + "\n");
        }

        Output NULL = t -> { };
    }

    /** The process's standard streams for one command. */
    public record Io(Output out, Output err, String stdin) {}

    /** What a command does. */
    public sealed interface Outcome {
        /** Finished with {@code status}. */
        record Done(int status) implements Outcome {}

        /** Wait {@code duration} of simulated time, then continue with {@code then}. */
        record Sleep(Duration duration, Supplier<Outcome> then) implements Outcome {}

        /** Run until a signal ends it (servers, {@code sleep infinity}); {@code onInterrupt} cleans up. */
        record Block(Runnable onInterrupt) implements Outcome {}

        /** Run a shell script in this process ({@code sh -c}, script files). */
        record Script(Node script, String arg0, List<String> args, String flavor, boolean program) implements Outcome {
            public Script(Node script, String arg0, List<String> args, String flavor) {
                this(script, arg0, args, flavor, false);
            }
        }

        /** End the process with {@code status}. */
        record Exit(int status) implements Outcome {}
    }

    /** A program (the shell's "binaries" such as {@code ls} or {@code sleep}). */
    @FunctionalInterface
    public interface Command {
        Outcome run(Invocation inv);
    }

    /** One run of a command: its argv (argv[0] included), streams and the process it runs in. */
    public record Invocation(List<String> argv, Io io, ShellProcess process, ProcessHost host) {
        public List<String> args() {
            return argv.subList(1, argv.size());
        }

        public String name() {
            return SimFileSystem.baseName(argv.get(0));
        }

        public void out(String text) {
            io.out().write(text);
        }

        public void err(String text) {
            io.err().write(text);
        }
    }

    public enum State { NEW, RUNNING, WAITING, EXITED }

    private final ProcessHost host;
    private final Map<String, String> vars;
    private final boolean pid1;
    private final Io io;
    private final IntConsumer onExit;
    /** The interpreter's frames; a script rarely nests deeper than a few (ArrayDeque's default holds 16). */
    private final Deque<Frame> stack = new ArrayDeque<>(8);
    /** Signal handlers ({@code trap}); a null handler ignores the signal. Empty until the first trap. */
    private Map<String, Node> traps = Map.of();
    private List<String> positional = List.of();
    private String arg0 = "sh";
    private String flavor = "ash";
    private String cwd;
    private int status;
    private State state = State.NEW;
    private long waitToken;
    private Frame waitingFrame;
    private boolean synchronous;
    private List<String> commandLine = List.of();
    private int exitCode = -1;
    /** How many program scripts (see {@link SimFileSystem.Entry#program()}) are running in this process. */
    private int programDepth;

    /**
     * @param host   the container
     * @param env    the environment (copied)
     * @param cwd    the working directory
     * @param pid1   whether this is the container's main process (it ignores signals it does not trap)
     * @param io     where its output goes
     * @param onExit called once with the exit status when the process ends
     */
    public ShellProcess(ProcessHost host, Map<String, String> env, String cwd, boolean pid1, Io io, IntConsumer onExit) {
        this.host = host;
        // Over a container's frozen environment, the variables are a copy-on-write overlay of it.
        this.vars = Environment.variables(env);
        this.cwd = cwd == null || cwd.isEmpty() ? "/" : cwd;
        this.pid1 = pid1;
        this.io = io;
        this.onExit = onExit;
        vars.putIfAbsent("PWD", this.cwd);
    }

    public State state() {
        return state;
    }

    public int exitCode() {
        return exitCode;
    }

    public boolean isPid1() {
        return pid1;
    }

    public List<String> commandLine() {
        return commandLine;
    }

    public Map<String, String> environment() {
        return vars;
    }

    public String cwd() {
        return cwd;
    }

    public ProcessHost host() {
        return host;
    }

    // ---- starting and resolving -----------------------------------------------------------

    /**
     * Finds the executable {@code argv0} names: a path, or a name searched in {@code PATH}.
     *
     * @return the file's path, if it exists and is a binary or a script
     */
    public static Optional<String> resolveExecutable(SimFileSystem fs, String argv0, String path, String cwd) {
        SimFileSystem.Located found = locate(fs, argv0, path, cwd);
        return found == null ? Optional.empty() : Optional.of(found.path());
    }

    /** {@link #resolveExecutable}, with the entry found: null when there is none. */
    private static SimFileSystem.Located locate(SimFileSystem fs, String argv0, String path, String cwd) {
        if (argv0.isEmpty()) {
            return null;
        }
        if (argv0.contains("/")) {
            String p = SimFileSystem.resolve(cwd, argv0);
            SimFileSystem.Entry e = fs.get(p).orElse(null);
            return e != null && (e.isBinary() || e.isScript()) ? new SimFileSystem.Located(p, e) : null;
        }
        // Looked up in PATH for every command of every script: the file system remembers its image's answers.
        return fs.findInPath(path == null ? DEFAULT_PATH : path, argv0);
    }

    /** Runs {@code argv} as the process's program (already resolved by the caller). */
    public void start(List<String> argv) {
        if (state != State.NEW) {
            throw new IllegalStateException("process already started");
        }
        commandLine = List.copyOf(argv);
        stack.push(new SimpleFrame(io, argv));
        run();
    }

    /** Runs a script text in this process (for {@code sh -c} style starts and tests). */
    public void startScript(String script) {
        commandLine = List.of("sh", "-c", script);
        stack.push(frameFor(ShellParser.parse(script), io));
        run();
    }

    // ---- the machine ----------------------------------------------------------------------

    private void run() {
        state = State.RUNNING;
        int steps = 0;
        while (state == State.RUNNING) {
            if (stack.isEmpty()) {
                finish(status);
                return;
            }
            stack.peek().step();
            if (++steps >= STEP_BUDGET && state == State.RUNNING) {
                if (synchronous) {
                    // A command substitution that loops forever: give up on it.
                    finish(status);
                    return;
                }
                state = State.WAITING;
                waitingFrame = null;
                long token = ++waitToken;
                host.after(BUSY_PAUSE, () -> resume(token, null));
                return;
            }
        }
    }

    private void resume(long token, Runnable then) {
        if (token != waitToken || state != State.WAITING) {
            return;
        }
        state = State.RUNNING;
        waitingFrame = null;
        if (then != null) {
            then.run();
        }
        if (state == State.RUNNING) {
            run();
        }
    }

    private void finish(int code) {
        if (state == State.EXITED) {
            return;
        }
        state = State.EXITED;
        exitCode = code;
        stack.clear();
        waitToken++;
        onExit.accept(code);
    }

    /** Ends the process at once ({@code SIGKILL}, the OOM killer) with {@code code}. */
    public void kill(int code) {
        if (state == State.EXITED) {
            return;
        }
        if (waitingFrame instanceof SimpleFrame sf && sf.onInterrupt != null) {
            sf.onInterrupt.run();
        }
        finish(code);
    }

    /**
     * Delivers a signal ({@code TERM}, {@code QUIT}, {@code INT}, {@code HUP}, {@code KILL}): runs
     * its trap, or ends the process, or — for PID 1 without a trap — is ignored.
     */
    public void signal(String name) {
        if (state == State.EXITED || state == State.NEW) {
            return;
        }
        String sig = name.startsWith("SIG") ? name.substring(3) : name;
        int number = signalNumber(sig);
        if (sig.equals("KILL")) {
            kill(128 + 9);
            return;
        }
        Node trap = traps.get(sig);
        if (trap == null && traps.containsKey(sig)) {
            return; // trap '' SIG: ignored
        }
        if (trap != null) {
            interruptWait(128 + number);
            int saved = status;
            stack.push(new RestoreStatusFrame(saved));
            stack.push(frameFor(trap, io));
            run();
            return;
        }
        if (pid1) {
            return;
        }
        kill(128 + number);
    }

    private void interruptWait(int code) {
        if (state != State.WAITING) {
            return;
        }
        waitToken++;
        if (waitingFrame instanceof SimpleFrame sf) {
            if (sf.onInterrupt != null) {
                sf.onInterrupt.run();
            }
            stack.remove(sf);
            status = code;
        }
        waitingFrame = null;
        state = State.RUNNING;
    }

    public static int signalNumber(String sig) {
        return switch (sig) {
            case "HUP" -> 1;
            case "INT" -> 2;
            case "QUIT" -> 3;
            case "KILL" -> 9;
            case "USR1" -> 10;
            case "USR2" -> 12;
            case "TERM" -> 15;
            default -> 15;
        };
    }

    // ---- frames ---------------------------------------------------------------------------

    private abstract static class Frame {
        final Io io;

        Frame(Io io) {
            this.io = io;
        }

        abstract void step();

        boolean isLoop() {
            return false;
        }
    }

    private Frame frameFor(Node node, Io frameIo) {
        if (node instanceof Seq seq) {
            return new SeqFrame(frameIo, seq.items());
        } else if (node instanceof AndOr andOr) {
            return new AndOrFrame(frameIo, andOr);
        } else if (node instanceof Pipeline p) {
            return new PipelineFrame(frameIo, p);
        } else if (node instanceof Simple s) {
            return new SimpleFrame(frameIo, s);
        } else if (node instanceof Loop l) {
            return new LoopFrame(frameIo, l);
        } else if (node instanceof For f) {
            return new ForFrame(frameIo, f);
        } else if (node instanceof If i) {
            return new IfFrame(frameIo, i);
        } else if (node instanceof Group g) {
            Io groupIo = applyRedirects(g.redirects(), frameIo);
            return groupIo == null ? new DoneFrame(frameIo, redirectFailure()) : new SeqFrame(groupIo, List.of(g.body()));
        }
        throw new IllegalArgumentException(String.valueOf(node));
    }

    private final class DoneFrame extends Frame {
        private final int code;

        DoneFrame(Io io, int code) {
            super(io);
            this.code = code;
        }

        @Override
        void step() {
            status = code;
            stack.pop();
        }
    }

    private final class RestoreStatusFrame extends Frame {
        private final int saved;

        RestoreStatusFrame(int saved) {
            super(null);
            this.saved = saved;
        }

        @Override
        void step() {
            status = saved;
            stack.pop();
        }
    }

    private final class SeqFrame extends Frame {
        private final List<Node> items;
        private int index;

        SeqFrame(Io io, List<Node> items) {
            super(io);
            this.items = items;
        }

        @Override
        void step() {
            if (index < items.size()) {
                stack.push(frameFor(items.get(index++), io));
            } else {
                stack.pop();
            }
        }
    }

    private final class AndOrFrame extends Frame {
        private final AndOr node;
        private int index;

        AndOrFrame(Io io, AndOr node) {
            super(io);
            this.node = node;
        }

        @Override
        void step() {
            if (index == 0) {
                stack.push(frameFor(node.items().get(index++), io));
                return;
            }
            while (index < node.items().size()) {
                String op = node.ops().get(index - 1);
                boolean run = op.equals("&&") ? status == 0 : status != 0;
                if (run) {
                    stack.push(frameFor(node.items().get(index++), io));
                    return;
                }
                index++;
            }
            stack.pop();
        }
    }

    private final class PipelineFrame extends Frame {
        private final Pipeline node;
        private int index;
        private StringBuilder previous;

        PipelineFrame(Io io, Pipeline node) {
            super(io);
            this.node = node;
        }

        @Override
        void step() {
            if (index < node.commands().size()) {
                boolean last = index == node.commands().size() - 1;
                String stdin = previous == null ? io.stdin() : previous.toString();
                Output out;
                if (last) {
                    out = io.out();
                } else {
                    StringBuilder buffer = new StringBuilder();
                    previous = buffer;
                    out = buffer::append;
                }
                stack.push(frameFor(node.commands().get(index++), new Io(out, io.err(), stdin)));
                return;
            }
            if (node.negate()) {
                status = status == 0 ? 1 : 0;
            }
            stack.pop();
        }
    }

    private final class LoopFrame extends Frame {
        private final Loop node;
        private boolean checking;
        private int bodyStatus;

        LoopFrame(Io io, Loop node) {
            super(io);
            this.node = node;
        }

        @Override
        boolean isLoop() {
            return true;
        }

        void restart() {
            checking = false;
        }

        @Override
        void step() {
            if (!checking) {
                checking = true;
                stack.push(frameFor(node.condition(), io));
                return;
            }
            checking = false;
            boolean go = (status == 0) != node.until();
            if (go) {
                stack.push(new BodyStatusFrame(this));
                stack.push(frameFor(node.body(), io));
            } else {
                status = bodyStatus;
                stack.pop();
            }
        }
    }

    /** Remembers the status of a loop body (a loop's status is its last body's). */
    private final class BodyStatusFrame extends Frame {
        private final LoopFrame loop;

        BodyStatusFrame(LoopFrame loop) {
            super(null);
            this.loop = loop;
        }

        @Override
        void step() {
            loop.bodyStatus = status;
            stack.pop();
        }
    }

    private final class ForFrame extends Frame {
        private final For node;
        private List<String> values;
        private int index;

        ForFrame(Io io, For node) {
            super(io);
            this.node = node;
        }

        @Override
        boolean isLoop() {
            return true;
        }

        @Override
        void step() {
            if (values == null) {
                values = node.items() == null ? new ArrayList<>(positional) : expandWords(node.items(), io);
                status = 0;
            }
            if (index < values.size()) {
                vars.put(node.variable(), values.get(index++));
                stack.push(frameFor(node.body(), io));
            } else {
                stack.pop();
            }
        }
    }

    private final class IfFrame extends Frame {
        private final If node;
        private int branch;
        private boolean testing;
        private boolean entered;

        IfFrame(Io io, If node) {
            super(io);
            this.node = node;
        }

        @Override
        void step() {
            if (entered) {
                stack.pop();
                return;
            }
            if (testing) {
                testing = false;
                if (status == 0) {
                    entered = true;
                    stack.push(frameFor(node.bodies().get(branch), io));
                    return;
                }
                branch++;
            }
            if (branch < node.conditions().size()) {
                testing = true;
                stack.push(frameFor(node.conditions().get(branch), io));
                return;
            }
            entered = true;
            if (node.otherwise() != null) {
                stack.push(frameFor(node.otherwise(), io));
            } else {
                status = 0;
            }
        }
    }

    /** Runs a script with its own positional parameters, restoring the caller's afterwards. */
    private final class ScriptFrame extends Frame {
        private final Node script;
        private final List<String> savedPositional;
        private final String savedArg0;
        private final String savedFlavor;
        private final boolean program;
        private boolean started;

        ScriptFrame(Io io, Node script, String arg0, List<String> args, String flavor, boolean program) {
            super(io);
            this.script = script;
            this.program = program;
            this.savedPositional = positional;
            this.savedArg0 = ShellProcess.this.arg0;
            this.savedFlavor = ShellProcess.this.flavor;
            positional = List.copyOf(args);
            ShellProcess.this.arg0 = arg0;
            if (flavor != null) {
                ShellProcess.this.flavor = flavor;
            }
        }

        @Override
        void step() {
            if (!started) {
                started = true;
                if (program) {
                    programDepth++;
                }
                stack.push(frameFor(script, io));
                return;
            }
            if (program) {
                programDepth--;
            }
            positional = savedPositional;
            arg0 = savedArg0;
            flavor = savedFlavor;
            stack.pop();
        }
    }

    /** Ends the process with the status of what ran above it ({@code exec cmd}). */
    private final class ExitAfterFrame extends Frame {
        ExitAfterFrame() {
            super(null);
        }

        @Override
        void step() {
            finish(status);
        }
    }

    private final class SimpleFrame extends Frame {
        private final Simple node;
        private final List<String> literalArgv;
        private Supplier<Outcome> resumeWith;
        private Runnable onInterrupt;

        SimpleFrame(Io io, Simple node) {
            super(io);
            this.node = node;
            this.literalArgv = null;
        }

        SimpleFrame(Io io, List<String> argv) {
            super(io);
            this.node = null;
            this.literalArgv = argv;
        }

        @Override
        void step() {
            if (resumeWith != null) {
                Supplier<Outcome> then = resumeWith;
                resumeWith = null;
                handle(then.get(), io);
                return;
            }
            Io cmdIo = io;
            List<String> argv;
            if (node != null) {
                argv = expandWords(node.words(), io);
                if (argv == null) {
                    return; // expansion failed and ended the process
                }
                cmdIo = applyRedirects(node.redirects(), io);
                if (cmdIo == null) {
                    status = redirectFailure();
                    stack.pop();
                    return;
                }
                if (argv.isEmpty()) {
                    for (Ast.Assign a : node.assigns()) {
                        vars.put(a.name(), expandString(a.value(), io));
                    }
                    status = 0;
                    stack.pop();
                    return;
                }
                for (Ast.Assign a : node.assigns()) {
                    vars.put(a.name(), expandString(a.value(), io));
                }
            } else {
                argv = literalArgv;
            }
            dispatch(argv, cmdIo);
        }

        private void dispatch(List<String> argv, Io cmdIo) {
            String name = argv.get(0);
            Outcome special = shellBuiltin(argv, cmdIo, this);
            if (special != null) {
                handle(special, cmdIo);
                return;
            }
            if (state != State.RUNNING || stack.peek() != this) {
                return; // the builtin changed the stack (exec, break, eval)
            }
            SimFileSystem.Located exe = locate(host.fs(), name, vars.get("PATH"), cwd);
            if (exe == null && programDepth > 0 && !name.contains("/") && Commands.exists(name)) {
                handle(Commands.get(name).run(new Invocation(argv, cmdIo, ShellProcess.this, host)), cmdIo);
                return;
            }
            if (exe == null) {
                cmdIo.err().write(notFound(name));
                status = 127;
                stack.pop();
                return;
            }
            SimFileSystem.Entry entry = exe.entry();
            if (entry.isScript()) {
                Node script;
                try {
                    script = ShellParser.parse(entry.content());
                } catch (ShellSyntaxException e) {
                    cmdIo.err().write(exe.path() + ": " + e.getMessage() + "\n");
                    status = 2;
                    stack.pop();
                    return;
                }
                handle(new Outcome.Script(script, exe.path(), argv.subList(1, argv.size()), null, entry.program()), cmdIo);
                return;
            }
            Command command = Commands.get(entry.command());
            if (command == null) {
                cmdIo.err().write(notFound(name));
                status = 127;
                stack.pop();
                return;
            }
            handle(command.run(new Invocation(argv, cmdIo, ShellProcess.this, host)), cmdIo);
        }

        private void handle(Outcome outcome, Io cmdIo) {
            if (state == State.EXITED) {
                return; // the command ended its own process (alloc past the memory limit: the OOM killer)
            }
            if (outcome instanceof Outcome.Done d) {
                status = d.status();
                stack.pop();
            } else if (outcome instanceof Outcome.Exit e) {
                finish(e.status());
            } else if (outcome instanceof Outcome.Sleep s) {
                if (synchronous) {
                    handle(s.then().get(), cmdIo);
                    return;
                }
                state = State.WAITING;
                waitingFrame = this;
                long token = ++waitToken;
                host.after(s.duration(), () -> resume(token, () -> resumeWith = s.then()));
            } else if (outcome instanceof Outcome.Block b) {
                if (synchronous) {
                    if (b.onInterrupt() != null) {
                        b.onInterrupt().run();
                    }
                    status = 0;
                    stack.pop();
                    return;
                }
                onInterrupt = b.onInterrupt();
                state = State.WAITING;
                waitingFrame = this;
                ++waitToken;
            } else if (outcome instanceof Outcome.Script sc) {
                stack.pop();
                stack.push(new ScriptFrame(cmdIo, sc.script(), sc.arg0(), sc.args(), sc.flavor(), sc.program()));
            }
        }
    }

    private String notFound(String name) {
        return switch (flavor) {
            case "bash" -> "bash: line 1: " + name + ": command not found\n";
            case "dash" -> SimFileSystem.baseName(arg0) + ": 1: " + name + ": not found\n";
            default -> SimFileSystem.baseName(arg0) + ": " + name + ": not found\n";
        };
    }

    /** The prefix of the shell's own error messages ({@code sh: }, {@code sh: 1: }). */
    String errorPrefix() {
        return switch (flavor) {
            case "bash" -> "bash: line 1: ";
            case "dash" -> SimFileSystem.baseName(arg0) + ": 1: ";
            default -> SimFileSystem.baseName(arg0) + ": ";
        };
    }

    private Map<String, Node> traps() {
        if (traps.isEmpty() && !(traps instanceof LinkedHashMap)) {
            traps = new LinkedHashMap<>();
        }
        return traps;
    }

    /** Installs a signal handler, as {@code trap 'script' SIG} does (for programs that handle signals). */
    public void trap(String signal, String script) {
        traps().put(signal, ShellParser.parse(script));
    }

    // ---- the shell's own builtins ---------------------------------------------------------

    private Outcome shellBuiltin(List<String> argv, Io cmdIo, SimpleFrame frame) {
        String name = argv.get(0);
        List<String> args = argv.subList(1, argv.size());
        switch (name) {
            case ":", "true":
                return new Outcome.Done(0);
            case "false":
                return new Outcome.Done(1);
            case "exit": {
                int code = status;
                if (!args.isEmpty()) {
                    try {
                        code = Integer.parseInt(args.get(0)) & 0xff;
                    } catch (NumberFormatException e) {
                        cmdIo.err().write(errorPrefix() + "exit: Illegal number: " + args.get(0) + "\n");
                        code = 2;
                    }
                }
                return new Outcome.Exit(code);
            }
            case "echo":
                return Commands.echo(args, cmdIo);
            case "printf":
                return Commands.printf(args, cmdIo);
            case "test":
                return new Outcome.Done(Commands.test(args, host.fs(), cwd, cmdIo));
            case "[": {
                if (args.isEmpty() || !args.get(args.size() - 1).equals("]")) {
                    cmdIo.err().write(errorPrefix() + "[: missing ]\n");
                    return new Outcome.Done(2);
                }
                return new Outcome.Done(Commands.test(args.subList(0, args.size() - 1), host.fs(), cwd, cmdIo));
            }
            case "pwd":
                cmdIo.out().write(cwd + "\n");
                return new Outcome.Done(0);
            case "cd": {
                String target = args.isEmpty() ? vars.getOrDefault("HOME", "/") : args.get(0);
                String p = SimFileSystem.resolve(cwd, target);
                if (!host.fs().isDirectory(p)) {
                    cmdIo.err().write(errorPrefix() + "cd: can't cd to " + target + ": No such file or directory\n");
                    return new Outcome.Done(2);
                }
                cwd = p;
                vars.put("PWD", p);
                return new Outcome.Done(0);
            }
            case "export": {
                for (String a : args) {
                    int eq = a.indexOf('=');
                    if (eq > 0) {
                        vars.put(a.substring(0, eq), a.substring(eq + 1));
                    }
                }
                return new Outcome.Done(0);
            }
            case "unset":
                args.forEach(vars::remove);
                return new Outcome.Done(0);
            case "set":
            case "wait":
                return new Outcome.Done(0);
            case "shift": {
                int n = args.isEmpty() ? 1 : Integer.parseInt(args.get(0));
                if (n > positional.size()) {
                    return new Outcome.Done(1);
                }
                positional = List.copyOf(positional.subList(n, positional.size()));
                return new Outcome.Done(0);
            }
            case "trap": {
                if (args.size() < 2) {
                    return new Outcome.Done(0);
                }
                String action = args.get(0);
                for (String s : args.subList(1, args.size())) {
                    String sig = s.startsWith("SIG") ? s.substring(3) : s;
                    if (sig.equals("15")) {
                        sig = "TERM";
                    } else if (sig.equals("3")) {
                        sig = "QUIT";
                    } else if (sig.equals("2")) {
                        sig = "INT";
                    }
                    if (action.equals("-")) {
                        traps().remove(sig);
                    } else if (action.isEmpty()) {
                        traps().put(sig, null);
                    } else {
                        traps().put(sig, ShellParser.parse(action));
                    }
                }
                return new Outcome.Done(0);
            }
            case "exec": {
                if (args.isEmpty()) {
                    return new Outcome.Done(0);
                }
                // The program replaces the script: nothing of the script runs after it (ExitAfterFrame
                // ends the process), so its frames are dropped rather than kept for the program's
                // whole life (nginx's docker-entrypoint.sh ends in exec "$@").
                stack.clear();
                stack.push(new ExitAfterFrame());
                stack.push(new SimpleFrame(cmdIo, List.copyOf(args)));
                return null;
            }
            case "eval": {
                Node script = ShellParser.parse(String.join(" ", args));
                stack.pop();
                stack.push(frameFor(script, cmdIo));
                return null;
            }
            case ".", "source": {
                if (args.isEmpty()) {
                    return new Outcome.Done(0);
                }
                String p = SimFileSystem.resolve(cwd, args.get(0));
                Optional<SimFileSystem.Entry> e = host.fs().get(p).filter(x -> !x.directory());
                if (e.isEmpty()) {
                    cmdIo.err().write(errorPrefix() + ".: can't open '" + args.get(0) + "'\n");
                    return new Outcome.Done(2);
                }
                stack.pop();
                stack.push(frameFor(ShellParser.parse(e.get().content()), cmdIo));
                return null;
            }
            case "break", "continue": {
                int n = args.isEmpty() ? 1 : Math.max(1, Integer.parseInt(args.get(0)));
                stack.pop();
                while (!stack.isEmpty()) {
                    Frame f = stack.peek();
                    if (f.isLoop()) {
                        n--;
                        if (n == 0) {
                            if (name.equals("break")) {
                                stack.pop();
                            } else if (f instanceof LoopFrame lf) {
                                lf.restart();
                            }
                            break;
                        }
                    }
                    stack.pop();
                }
                status = 0;
                return null;
            }
            case "read": {
                String line = cmdIo.stdin() == null ? null : cmdIo.stdin().lines().findFirst().orElse(null);
                if (line == null) {
                    return new Outcome.Done(1);
                }
                if (!args.isEmpty()) {
                    vars.put(args.get(0), line);
                }
                return new Outcome.Done(0);
            }
            default:
                return null;
        }
    }

    // ---- expansion ------------------------------------------------------------------------

    /** Expands words into fields (parameter, command and arithmetic expansion, field splitting). */
    List<String> expandWords(List<Word> words, Io frameIo) {
        List<String> fields = new ArrayList<>();
        for (Word w : words) {
            expandInto(w, frameIo, fields);
        }
        return fields;
    }

    private void expandInto(Word w, Io frameIo, List<String> fields) {
        // Most words are one literal (a command's name, a quoted message): the literal is the
        // field, with no builder (nginx's start-up runs 30 such words per container).
        if (w.parts().size() == 1 && w.parts().get(0) instanceof Lit lit) {
            if (lit.quoted() || !lit.text().isEmpty()) {
                fields.add(lit.text());
            }
            return;
        }
        if (w.quotedParams()) {
            fields.add(expandQuoted(w));
            return;
        }
        if (w.parts().size() == 1 && w.parts().get(0).quoted()) {
            // One quoted part ("$1", "$@", "$(cmd)"): its value is the field, with no builder; "$@" is
            // a field per positional parameter (none when there are none), exec "$@" passes them on.
            Part p = w.parts().get(0);
            if (p instanceof Param param && param.op() == null && param.name().equals("@")) {
                fields.addAll(positional);
            } else {
                fields.add(String.valueOf(valueOf(p, frameIo)));
            }
            return;
        }
        // Sized for the literal text and a value or two ("$t [notice] 1#1: nginx/$NGINX_VERSION"), so
        // that the builder does not grow twice on the way.
        int literal = 0;
        for (Part p : w.parts()) {
            if (p instanceof Lit lit) {
                literal += lit.text().length();
            }
        }
        StringBuilder cur = new StringBuilder(literal + 32);
        boolean started = false;
        for (Part p : w.parts()) {
            if (p instanceof Lit lit) {
                cur.append(lit.text());
                if (lit.quoted() || !lit.text().isEmpty()) {
                    started = true;
                }
                continue;
            }
            if (p instanceof Param param && param.op() == null && (param.name().equals("@") || param.name().equals("*"))
                    && param.quoted() && param.name().equals("@")) {
                for (int i = 0; i < positional.size(); i++) {
                    if (i > 0) {
                        fields.add(cur.toString());
                        cur.setLength(0);
                    }
                    cur.append(positional.get(i));
                    started = true;
                }
                continue;
            }
            String value = valueOf(p, frameIo);
            if (p.quoted()) {
                cur.append(value);
                started = true;
                continue;
            }
            // Unquoted: split on blanks and newlines.
            int i = 0;
            int n = value.length();
            while (i < n) {
                char c = value.charAt(i);
                if (c == ' ' || c == '\t' || c == '\n') {
                    if (started || cur.length() > 0) {
                        fields.add(cur.toString());
                        cur.setLength(0);
                        started = false;
                    }
                    while (i < n && (value.charAt(i) == ' ' || value.charAt(i) == '\t' || value.charAt(i) == '\n')) {
                        i++;
                    }
                    continue;
                }
                cur.append(c);
                started = true;
                i++;
            }
        }
        if (started || cur.length() > 0) {
            fields.add(cur.toString());
        }
    }

    /**
     * A word of quoted literals and plain parameters: one field, their text joined. The word's last
     * expansion is reused, without a builder or a new string, while the parameters' values are the
     * same (compared by value): the text is a function of those values alone, and a parameter's
     * value is read without side effects.
     */
    private String expandQuoted(Word w) {
        Word.Expansion last = w.last();
        String[] values = null;
        int k = 0;
        for (Part p : w.parts()) {
            if (p instanceof Param param) {
                String v = simpleParam(param.name());
                if (values == null) {
                    if (last != null && java.util.Objects.equals(v, last.values()[k])) {
                        k++;
                        continue;
                    }
                    values = new String[w.params()];
                    if (k > 0) {
                        System.arraycopy(last.values(), 0, values, 0, k);
                    }
                }
                values[k++] = v;
            }
        }
        if (values == null) {
            return last.text();
        }
        int length = w.literalLength();
        for (String v : values) {
            length += String.valueOf(v).length();
        }
        StringBuilder sb = new StringBuilder(length);
        k = 0;
        for (Part p : w.parts()) {
            sb.append(p instanceof Lit lit ? lit.text() : values[k++]);
        }
        String text = sb.toString();
        w.last(new Word.Expansion(values, text));
        return text;
    }

    /** Expands a word into one string, without field splitting (assignments, redirections). */
    String expandString(Word w, Io frameIo) {
        if (w.quotedParams()) {
            return expandQuoted(w);
        }
        List<Part> parts = w.parts();
        if (parts.size() == 1) {
            // One part (the "2" of >&2, t=$(date …)): its text as it is, with no builder.
            Part p = parts.get(0);
            // String.valueOf: a null value reads "null", as the builder below would append it.
            return p instanceof Lit lit ? lit.text() : String.valueOf(valueOf(p, frameIo));
        }
        StringBuilder sb = new StringBuilder();
        for (Part p : w.parts()) {
            sb.append(p instanceof Lit lit ? lit.text() : valueOf(p, frameIo));
        }
        return sb.toString();
    }

    private String valueOf(Part p, Io frameIo) {
        if (p instanceof Param param) {
            return paramValue(param, frameIo);
        }
        if (p instanceof CommandSub cs) {
            return commandSubstitution(cs.script(), frameIo);
        }
        if (p instanceof Arith a) {
            return Long.toString(Arithmetic.evaluate(substituteParams(a.expression()), vars));
        }
        return "";
    }

    private String substituteParams(String expression) {
        StringBuilder sb = new StringBuilder();
        int i = 0;
        while (i < expression.length()) {
            char c = expression.charAt(i);
            if (c == '$') {
                int j = i + 1;
                boolean braced = j < expression.length() && expression.charAt(j) == '{';
                if (braced) {
                    j++;
                }
                int start = j;
                while (j < expression.length() && (Character.isLetterOrDigit(expression.charAt(j)) || expression.charAt(j) == '_'
                        || (j == start && "?#".indexOf(expression.charAt(j)) >= 0))) {
                    j++;
                }
                String name = expression.substring(start, j);
                if (braced && j < expression.length()) {
                    j++;
                }
                sb.append(simpleParam(name));
                i = j;
            } else {
                sb.append(c);
                i++;
            }
        }
        return sb.toString();
    }

    private String simpleParam(String name) {
        switch (name) {
            case "?":
                return Integer.toString(status);
            case "#":
                return Integer.toString(positional.size());
            case "@":
            case "*":
                return String.join(" ", positional);
            case "$":
                return pid1 ? "1" : "7";
            case "!":
                return "";
            case "0":
                return arg0;
            default:
                break;
        }
        if (!name.isEmpty() && Character.isDigit(name.charAt(0))) {
            int n = Integer.parseInt(name);
            return n >= 1 && n <= positional.size() ? positional.get(n - 1) : "";
        }
        return vars.getOrDefault(name, "");
    }

    private boolean isSet(String name) {
        if (name.length() == 1 && "?#@*$!0".contains(name)) {
            return true;
        }
        if (Character.isDigit(name.charAt(0))) {
            return Integer.parseInt(name) <= positional.size();
        }
        return vars.containsKey(name);
    }

    private String paramValue(Param p, Io frameIo) {
        String value = simpleParam(p.name());
        if (p.op() == null) {
            return value;
        }
        boolean set = isSet(p.name());
        switch (p.op()) {
            case "#":
                if (p.argument() == null) {
                    return Integer.toString(value.length());
                }
                return removeAffix(value, expandString(p.argument(), frameIo), true, false);
            case "##":
                return removeAffix(value, expandString(p.argument(), frameIo), true, true);
            case "%":
                return removeAffix(value, expandString(p.argument(), frameIo), false, false);
            case "%%":
                return removeAffix(value, expandString(p.argument(), frameIo), false, true);
            case ":-":
                return value.isEmpty() ? expandString(p.argument(), frameIo) : value;
            case "-":
                return set ? value : expandString(p.argument(), frameIo);
            case ":=":
            case "=": {
                boolean use = p.op().equals(":=") ? value.isEmpty() : !set;
                if (use) {
                    String v = expandString(p.argument(), frameIo);
                    vars.put(p.name(), v);
                    return v;
                }
                return value;
            }
            case ":+":
                return value.isEmpty() ? "" : expandString(p.argument(), frameIo);
            case "+":
                return set ? expandString(p.argument(), frameIo) : "";
            default:
                return value;
        }
    }

    /**
     * {@code ${v#p}}, {@code ${v##p}}, {@code ${v%p}}, {@code ${v%%p}}: removes the shortest or longest
     * prefix or suffix matching the glob {@code p}. {@code v=1.14.2-1~stretch}: {@code ${v%%-*}} is
     * {@code 1.14.2}, {@code ${v#*.}} is {@code 14.2-1~stretch}.
     */
    static String removeAffix(String value, String glob, boolean prefix, boolean longest) {
        java.util.regex.Pattern p = java.util.regex.Pattern.compile(globToRegex(glob), java.util.regex.Pattern.DOTALL);
        int n = value.length();
        if (prefix) {
            for (int k = longest ? n : 0; longest ? k >= 0 : k <= n; k += longest ? -1 : 1) {
                if (p.matcher(value.substring(0, k)).matches()) {
                    return value.substring(k);
                }
            }
        } else {
            for (int k = longest ? 0 : n; longest ? k <= n : k >= 0; k += longest ? 1 : -1) {
                if (p.matcher(value.substring(k)).matches()) {
                    return value.substring(0, k);
                }
            }
        }
        return value;
    }

    private static String globToRegex(String glob) {
        StringBuilder sb = new StringBuilder();
        for (char c : glob.toCharArray()) {
            switch (c) {
                case '*' -> sb.append(".*");
                case '?' -> sb.append('.');
                default -> sb.append(java.util.regex.Pattern.quote(String.valueOf(c)));
            }
        }
        return sb.toString();
    }

    /** Runs {@code $(…)} to completion at once (sleeps inside it take no time), returning its output. */
    private String commandSubstitution(Node script, Io frameIo) {
        StringBuilder out = new StringBuilder();
        ShellProcess sub = new ShellProcess(host, Environment.lend(vars), cwd, false, new Io(out::append, frameIo.err(), ""),
                code -> { });
        sub.synchronous = true;
        sub.positional = positional;
        sub.arg0 = arg0;
        sub.flavor = flavor;
        sub.programDepth = programDepth;
        sub.commandLine = commandLine;
        sub.stack.push(sub.frameFor(script, sub.io));
        sub.run();
        status = sub.exitCode < 0 ? sub.status : sub.exitCode;
        String text = out.toString();
        int end = text.length();
        while (end > 0 && text.charAt(end - 1) == '\n') {
            end--;
        }
        return text.substring(0, end);
    }

    /**
     * What a shell says when a redirection cannot create its file, and {@link #redirectFailure} its
     * status: busybox's {@code sh: can't create /ro/x: Read-only file system} (1), dash's
     * {@code sh: 1: cannot create /ro/x: Read-only file system} (2), bash's
     * {@code bash: line 1: /ro/x: Read-only file system} (1).
     */
    private String cannotCreate(String target, String reason) {
        return switch (flavor) {
            case "dash" -> errorPrefix() + "cannot create " + target + ": " + reason + "\n";
            case "bash" -> errorPrefix() + target + ": " + reason + "\n";
            default -> errorPrefix() + "can't create " + target + ": " + reason + "\n";
        };
    }

    /** The status of a command whose redirection failed: 2 in dash ({@code redirectsafe}), 1 in busybox and bash. */
    private int redirectFailure() {
        return flavor.equals("dash") ? 2 : 1;
    }

    /** Applies redirections to a command's streams; {@code null} when one fails (message written). */
    private Io applyRedirects(List<Redirect> redirects, Io base) {
        if (redirects.isEmpty()) {
            return base;
        }
        Output out = base.out();
        Output err = base.err();
        String stdin = base.stdin();
        for (Redirect r : redirects) {
            String target = expandString(r.target(), base);
            switch (r.op()) {
                case ">", ">>", "&>" -> {
                    String p = SimFileSystem.resolve(cwd, target);
                    if (host.fs().isReadOnly(p)) {
                        base.err().write(cannotCreate(target, "Read-only file system"));
                        return null;
                    }
                    Output file = fileOutput(target, r.op().equals(">>"));
                    if (file == null) {
                        base.err().write(cannotCreate(target, flavor.equals("dash") ? "Directory nonexistent"
                                : flavor.equals("bash") ? "No such file or directory" : "nonexistent directory"));
                        return null;
                    }
                    if (r.op().equals("&>")) {
                        out = file;
                        err = file;
                    } else if (r.fd() == 2) {
                        err = file;
                    } else {
                        out = file;
                    }
                }
                case ">&" -> {
                    Output to = target.equals("2") ? err : target.equals("1") ? out : null;
                    if (to == null) {
                        if (target.equals("-")) {
                            to = Output.NULL;
                        } else {
                            base.err().write(errorPrefix() + target + ": bad file descriptor\n");
                            return null;
                        }
                    }
                    if (r.fd() == 2) {
                        err = to;
                    } else {
                        out = to;
                    }
                }
                case "<" -> {
                    String p = SimFileSystem.resolve(cwd, target);
                    Optional<SimFileSystem.Entry> e = host.fs().get(p).filter(x -> !x.directory());
                    if (e.isEmpty()) {
                        base.err().write(errorPrefix() + "can't open " + target + ": no such file\n");
                        return null;
                    }
                    stdin = e.get().content();
                }
                default -> { }
            }
        }
        return new Io(out, err, stdin);
    }

    private Output fileOutput(String target, boolean append) {
        if (target.equals("/dev/null")) {
            return Output.NULL;
        }
        if (target.equals("/dev/stdout")) {
            return io.out();
        }
        if (target.equals("/dev/stderr")) {
            return io.err();
        }
        String p = SimFileSystem.resolve(cwd, target);
        int slash = p.lastIndexOf('/');
        String dir = slash <= 0 ? "/" : p.substring(0, slash);
        if (!host.fs().isDirectory(dir) || host.fs().isDirectory(p)) {
            return null;
        }
        if (!append) {
            host.fs().write(p, "", false, host.now());
        }
        return text -> host.fs().write(p, text, true, host.now());
    }
}
