package io.kubelab.engine.console;

import io.kubelab.engine.Cluster;
import io.kubelab.engine.runtime.sim.shell.Ast;
import io.kubelab.engine.runtime.sim.shell.ShellParser;
import io.kubelab.engine.runtime.sim.shell.ShellSyntaxException;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The console: the laptop's terminal of the deck, where {@code kubectl}, {@code minikube},
 * {@code docker} and {@code curl} run against the engine's cluster. The app's console pane types
 * into it; the lessons replay their solutions through it; its history feeds the lessons' checks.
 *
 * <p>Threading: {@link #start} runs on the engine thread (the app submits it to its engine loop).
 * {@link #run} is for tests and replays that own the cluster: it starts a line and advances
 * simulated time until the command finishes.
 */
public final class Console implements ConsoleContext {
    /** The laptop's prompt, as in the deck's screenshots. */
    public static final String PROMPT = "$ ";

    private final Cluster cluster;
    private final Map<String, Program> programs = new LinkedHashMap<>();
    private final List<String> history = Collections.synchronizedList(new ArrayList<>());
    private final Deque<Shell> shells = new ArrayDeque<>();
    /** Variables {@code export}ed into the laptop's shell (by {@code eval $(minikube docker-env)}). */
    private final Map<String, String> environment = Collections.synchronizedMap(new LinkedHashMap<>());

    public Console(Cluster cluster) {
        this.cluster = cluster;
    }

    public Console register(Program program) {
        programs.put(program.name(), program);
        return this;
    }

    @Override
    public Cluster cluster() {
        return cluster;
    }

    @Override
    public void enterShell(Shell shell) {
        shells.push(shell);
    }

    /** The laptop shell's exported variables, in the order they were set. */
    public Map<String, String> environment() {
        synchronized (environment) {
            return Map.copyOf(environment);
        }
    }

    /** The prompt for the next line: the innermost open shell's, else the laptop's. */
    public String prompt() {
        dropClosedShells();
        return shells.isEmpty() ? PROMPT : shells.peek().prompt();
    }

    /** Every line entered, oldest first (what a lesson's {@code console: {ran: …}} check reads). */
    public List<String> history() {
        synchronized (history) {
            return List.copyOf(history);
        }
    }

    /** Starts one line. Never blocks; the returned execution finishes when the command does. */
    public Execution start(String line, Map<String, String> files, Output out) {
        String trimmed = line.strip();
        if (trimmed.isEmpty()) {
            return Execution.finished(0);
        }
        history.add(trimmed);
        dropClosedShells();
        if (!shells.isEmpty()) {
            return shells.peek().start(trimmed, out);
        }
        List<String> words;
        try {
            Ast.Simple command = simpleCommand(ShellParser.parse(trimmed));
            List<String> substituted = evalSubstitution(command);
            if (substituted != null) {
                return eval(substituted, files, out);
            }
            words = words(command);
        } catch (ShellSyntaxException e) {
            out.err("bash: " + e.getMessage() + "\n");
            return Execution.finished(2);
        }
        if (words.isEmpty()) {
            return Execution.finished(0);
        }
        Program program = programs.get(words.get(0));
        if (program == null) {
            out.err(words.get(0) + ": command not found\n");
            return Execution.finished(127);
        }
        return program.start(new Invocation(List.copyOf(words.subList(1, words.size())), out, files, this));
    }

    /**
     * Runs one line to its end on a cluster this thread owns, advancing simulated time while the
     * command waits; a command still running after {@code limit} is interrupted (Ctrl-C).
     */
    public Result run(String line, Map<String, String> files, Duration limit) {
        StringBuilder text = new StringBuilder();
        Output out = new Output() {
            @Override
            public void out(String s) {
                synchronized (text) {
                    text.append(s);
                }
            }

            @Override
            public void err(String s) {
                synchronized (text) {
                    text.append(s);
                }
            }
        };
        Execution execution = start(line, files, out);
        if (!execution.isDone()) {
            cluster.runUntil(execution::isDone, limit);
            execution.interrupt();
        }
        // What the command changed is taken up before the next line, as the controllers would
        // while a student reads the output (no simulated time passes).
        cluster.settle();
        synchronized (text) {
            return new Result(execution.exitCode(), text.toString());
        }
    }

    /** Completion candidates for the line's last word. */
    public List<String> complete(String line) {
        // A line being typed is often not yet valid shell (an open quote, a word like "do" that
        // the parser takes for a keyword): split it on blanks.
        List<String> words = new ArrayList<>(line.isBlank() ? List.of() : List.of(line.strip().split("\\s+")));
        if (line.isEmpty() || Character.isWhitespace(line.charAt(line.length() - 1))) {
            words.add("");
        }
        if (words.size() <= 1) {
            String prefix = words.isEmpty() ? "" : words.get(0);
            return programs.keySet().stream().filter(n -> n.startsWith(prefix)).toList();
        }
        Program program = programs.get(words.get(0));
        return program == null ? List.of() : new ArrayList<>(new TreeSet<>(program.complete(words.subList(1, words.size()), this)));
    }

    private void dropClosedShells() {
        while (!shells.isEmpty() && shells.peek().isClosed()) {
            shells.pop();
        }
    }

    /**
     * The words of the command inside {@code eval $(…)} (or {@code eval `…`}), the one form of
     * command substitution the laptop's shell takes: minikube prints
     * {@code # eval $(minikube -p minikube docker-env)} for students to type. Null for any other line.
     */
    static List<String> evalSubstitution(Ast.Simple simple) {
        if (simple.words().size() != 2
                || !(simple.words().get(0).parts().size() == 1
                     && simple.words().get(0).parts().get(0) instanceof Ast.Lit lit && lit.text().equals("eval"))
                || simple.words().get(1).parts().size() != 1
                || !(simple.words().get(1).parts().get(0) instanceof Ast.CommandSub sub)) {
            return null;
        }
        return words(simpleCommand(sub.script()));
    }

    /**
     * {@code eval $(COMMAND)}: runs the command, then evaluates what it printed as the laptop's bash
     * would — {@code export NAME="value"} and {@code unset NAME} change the shell's environment,
     * comments and blank lines do nothing. Like bash, the line succeeds when the command failed and
     * printed nothing (its error already went to the terminal).
     */
    private Execution eval(List<String> words, Map<String, String> files, Output out) {
        if (words.isEmpty()) {
            return Execution.finished(0);
        }
        Program program = programs.get(words.get(0));
        if (program == null) {
            out.err("bash: " + words.get(0) + ": command not found\n");
            return Execution.finished(0);
        }
        StringBuilder printed = new StringBuilder();
        Output capture = new Output() {
            @Override
            public void out(String s) {
                synchronized (printed) {
                    printed.append(s);
                }
            }

            @Override
            public void err(String s) {
                out.err(s);
            }
        };
        Execution inner = program.start(new Invocation(List.copyOf(words.subList(1, words.size())), capture, files, this));
        Execution outer = Execution.running(inner::interrupt);
        inner.exit().whenComplete((code, error) -> {
            String text;
            synchronized (printed) {
                text = printed.toString();
            }
            outer.finish(evaluate(text, out));
        });
        return outer;
    }

    private int evaluate(String script, Output out) {
        // $(…) splits on blanks and eval joins the words again: newlines and semicolons end statements.
        for (String statement : script.replace('\n', ';').split(";")) {
            String st = statement.strip();
            if (st.isEmpty() || st.startsWith("#")) {
                continue;
            }
            List<String> words;
            try {
                words = words(st);
            } catch (ShellSyntaxException e) {
                out.err("bash: " + e.getMessage() + "\n");
                return 2;
            }
            if (words.get(0).equals("export") || words.get(0).equals("unset")) {
                for (String w : words.subList(1, words.size())) {
                    int eq = w.indexOf('=');
                    if (words.get(0).equals("unset")) {
                        environment.remove(w);
                    } else if (eq > 0) {
                        environment.put(w.substring(0, eq), w.substring(eq + 1));
                    }
                }
            } else {
                out.err("bash: eval: only export and unset are supported here, not " + words.get(0) + "\n");
                return 1;
            }
        }
        return 0;
    }

    /** A command line's words, quotes removed, as bash would pass them (no expansions). */
    static List<String> words(String line) {
        return words(simpleCommand(ShellParser.parse(line)));
    }

    /** The one simple command a line holds; the laptop's shell takes no lists, pipes or loops. */
    private static Ast.Simple simpleCommand(Ast.Node node) {
        if (node instanceof Ast.Seq seq && seq.items().size() == 1) {
            node = seq.items().get(0);
        }
        if (!(node instanceof Ast.Simple simple)) {
            throw new ShellSyntaxException("only one simple command per line is supported here");
        }
        return simple;
    }

    private static List<String> words(Ast.Simple simple) {
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

    /** What a finished line did: its exit code and everything it printed (stdout and stderr as they came). */
    public record Result(int exitCode, String output) {}
}
