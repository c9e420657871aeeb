package io.kubelab.app.console;

import io.kubelab.app.i18n.I18n;
import io.kubelab.app.session.ClusterSession;
import io.kubelab.app.session.KubeErrors;
import io.kubelab.engine.console.Console;
import io.kubelab.engine.console.Execution;
import io.kubelab.engine.console.Output;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The console pane: a terminal over the session's {@link Console}. Lines typed (or pasted, one
 * after the other) run on the engine thread; what they print comes back to the UI thread as
 * {@link Chunk}s of the {@link #transcript()}, stdout and stderr apart.
 *
 * <p>Like a terminal, the input stays usable while a command runs: a waiting command
 * ({@code kubectl rollout status}, {@code kubectl get -w}) stops on {@link #interrupt()} (Ctrl-C),
 * and lines entered meanwhile wait their turn (type-ahead).
 *
 * <p>Threading: every public method on the UI thread. The console's {@code start}, {@code prompt}
 * and {@code complete} are submitted to the engine thread through the session; output arrives on
 * whatever thread the program writes from and is handed over through {@code ui}.
 */
public final class ConsoleViewModel {
    /** The terminal keeps the last 200,000 characters (a few thousand lines), as a scrollback limit. */
    static final int MAX_CHARS = 200_000;

    /** Which stream a piece of the transcript came from; each is styled apart. */
    public enum Stream {
        /** The prompt and the line as entered. */
        COMMAND("console-command"),
        OUT("console-out"),
        ERR("console-err"),
        /** What the pane itself says: {@code ^C}, completion candidates, a reset. */
        INFO("console-info");

        private final String styleClass;

        Stream(String styleClass) {
            this.styleClass = styleClass;
        }

        public String styleClass() {
            return styleClass;
        }
    }

    /** A piece of the transcript. */
    public record Chunk(Stream stream, String text) {}

    private final ClusterSession session;
    private final I18n i18n;
    private final Executor ui;
    private final ReadOnlyStringWrapper prompt = new ReadOnlyStringWrapper(this, "prompt", Console.PROMPT);
    private final StringProperty input = new SimpleStringProperty(this, "input", "");
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(this, "running");
    private final ObservableList<Chunk> transcript = FXCollections.observableArrayList();
    private final ObservableList<Chunk> transcriptView = FXCollections.unmodifiableObservableList(transcript);
    private final ObjectProperty<Map<String, String>> files = new SimpleObjectProperty<>(this, "files", Map.of());
    private final Deque<String> pending = new ArrayDeque<>();
    private final List<String> history = new ArrayList<>();
    private final ConcurrentLinkedQueue<Chunk> incoming = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private int transcriptChars;
    private int historyIndex = -1;
    private String draft = "";
    /** The run in progress: its number, and its execution once the engine thread started it. */
    private long run;
    private Execution execution;
    private boolean interruptRequested;

    /**
     * @param ui runs work on the UI thread ({@code Platform::runLater}; {@code Runnable::run} in tests)
     */
    public ConsoleViewModel(ClusterSession session, I18n i18n, Executor ui) {
        this.session = session;
        this.i18n = i18n;
        this.ui = ui;
        session.addClusterListener(c -> ui.execute(this::onReset));
    }

    // ---- entering lines ------------------------------------------------------------------

    /** Enter: runs the input line (after the running command and earlier type-ahead, if any). */
    public void submit() {
        String line = input.get();
        input.set("");
        historyIndex = -1;
        enqueue(line);
    }

    /**
     * Paste: the text goes into the input line; every complete line of it runs, one after the
     * other, and what follows the last line break stays in the input, as in a terminal.
     */
    public void paste(String text) {
        if (text == null || text.isEmpty()) {
            return;
        }
        String[] lines = (input.get() + text).split("\\R", -1);
        input.set(lines[lines.length - 1]);
        historyIndex = -1;
        for (int i = 0; i < lines.length - 1; i++) {
            enqueue(lines[i]);
        }
    }

    private void enqueue(String line) {
        pending.add(line);
        pump();
    }

    /** Starts the next pending line unless one runs. */
    private void pump() {
        while (!running.get() && !pending.isEmpty()) {
            String line = pending.poll();
            append(new Chunk(Stream.COMMAND, prompt.get() + line + "\n"));
            String trimmed = line.strip();
            if (trimmed.isEmpty()) {
                continue;
            }
            if (history.isEmpty() || !history.get(history.size() - 1).equals(trimmed)) {
                history.add(trimmed);
            }
            start(trimmed);
        }
    }

    private void start(String line) {
        long id = ++run;
        running.set(true);
        execution = null;
        interruptRequested = false;
        Console console = session.console();
        Map<String, String> workFiles = files.get();
        Output out = new Output() {
            @Override
            public void out(String text) {
                offer(id, new Chunk(Stream.OUT, text));
            }

            @Override
            public void err(String text) {
                offer(id, new Chunk(Stream.ERR, text));
            }
        };
        session.submit(() -> console.start(line, workFiles, out)).whenComplete((exec, error) -> {
            if (error != null) {
                // A program that throws instead of printing its error: show what it said.
                offer(id, new Chunk(Stream.ERR, KubeErrors.describe(error) + "\n"));
                finished(id, console);
                return;
            }
            ui.execute(() -> {
                if (id == run && running.get()) {
                    execution = exec;
                    if (interruptRequested) {
                        interruptOnEngine(exec);
                    }
                }
            });
            exec.exit().whenComplete((code, e) -> finished(id, console));
        });
    }

    /** After a run: the prompt may have changed ({@code minikube ssh}, {@code exit}); then the next line. */
    private void finished(long id, Console console) {
        session.submit(console::prompt).whenComplete((p, e) -> ui.execute(() -> {
            drain();
            if (id != run) {
                return;
            }
            if (p != null) {
                prompt.set(p);
            }
            execution = null;
            running.set(false);
            pump();
        }));
    }

    // ---- keys ----------------------------------------------------------------------------

    /**
     * Ctrl-C: stops the running command (its execution releases its watches and timers on the
     * engine thread) and drops the type-ahead; without one, abandons the line being typed.
     */
    public void interrupt() {
        if (running.get()) {
            pending.clear();
            append(new Chunk(Stream.INFO, "^C\n"));
            Execution e = execution;
            if (e != null) {
                interruptOnEngine(e);
            } else {
                interruptRequested = true;
            }
        } else {
            append(new Chunk(Stream.COMMAND, prompt.get() + input.get()));
            append(new Chunk(Stream.INFO, "^C\n"));
            input.set("");
            historyIndex = -1;
        }
    }

    private void interruptOnEngine(Execution e) {
        session.submit(() -> {
            e.interrupt();
            return null;
        });
    }

    /** Ctrl-L: clears the screen (not the history). */
    public void clear() {
        transcript.clear();
        transcriptChars = 0;
    }

    /** Up: the previous line of the history; the line being typed is kept for coming back down. */
    public void historyPrevious() {
        if (history.isEmpty()) {
            return;
        }
        if (historyIndex < 0) {
            draft = input.get();
            historyIndex = history.size() - 1;
        } else if (historyIndex > 0) {
            historyIndex--;
        }
        input.set(history.get(historyIndex));
    }

    /** Down: the next line of the history, and after the newest the line that was being typed. */
    public void historyNext() {
        if (historyIndex < 0) {
            return;
        }
        historyIndex++;
        if (historyIndex >= history.size()) {
            historyIndex = -1;
            input.set(draft);
        } else {
            input.set(history.get(historyIndex));
        }
    }

    /**
     * Tab: completes the last word from {@link Console#complete}. One candidate replaces the word
     * (and a space follows); several extend it to their common prefix, or, when that adds nothing,
     * are listed below the line, as bash does on a second Tab.
     */
    public void complete() {
        String line = input.get();
        Console console = session.console();
        session.submit(() -> console.complete(line)).whenComplete((candidates, e) -> ui.execute(() -> {
            if (e != null || candidates == null || !line.equals(input.get())) {
                return;
            }
            Completion c = Completion.of(line, candidates);
            if (!c.line().equals(line)) {
                input.set(c.line());
            } else if (c.candidates().size() > 1) {
                append(new Chunk(Stream.COMMAND, prompt.get() + line + "\n"));
                append(new Chunk(Stream.INFO, String.join("  ", c.candidates()) + "\n"));
            }
        }));
    }

    /** What Tab does to a line, given the console's candidates for its last word. */
    record Completion(String line, List<String> candidates) {
        static Completion of(String line, List<String> candidates) {
            int start = line.length();
            while (start > 0 && !Character.isWhitespace(line.charAt(start - 1))) {
                start--;
            }
            String word = line.substring(start);
            List<String> fitting = candidates.stream().filter(c -> c.startsWith(word)).toList();
            if (fitting.isEmpty()) {
                return new Completion(line, List.of());
            }
            if (fitting.size() == 1) {
                return new Completion(line.substring(0, start) + fitting.get(0) + " ", fitting);
            }
            String common = fitting.get(0);
            for (String c : fitting) {
                int n = 0;
                while (n < common.length() && n < c.length() && common.charAt(n) == c.charAt(n)) {
                    n++;
                }
                common = common.substring(0, n);
            }
            return new Completion(line.substring(0, start) + common, fitting);
        }
    }

    // ---- output --------------------------------------------------------------------------

    /** Any thread: queues a chunk of run {@code id} and asks the UI thread to take it. */
    private void offer(long id, Chunk chunk) {
        if (chunk.text().isEmpty()) {
            return;
        }
        incoming.add(chunk);
        if (drainScheduled.compareAndSet(false, true)) {
            ui.execute(this::drain);
        }
    }

    /** UI thread: moves the chunks that arrived into the transcript, in the order they were written. */
    private void drain() {
        drainScheduled.set(false);
        Chunk c;
        while ((c = incoming.poll()) != null) {
            append(c);
        }
    }

    private void append(Chunk chunk) {
        if (chunk.text().isEmpty()) {
            return;
        }
        transcript.add(chunk);
        transcriptChars += chunk.text().length();
        int drop = 0;
        int chars = transcriptChars;
        while (chars > MAX_CHARS && drop < transcript.size() - 1) {
            chars -= transcript.get(drop).text().length();
            drop++;
        }
        if (drop > 0) {
            transcript.remove(0, drop);
            transcriptChars = chars;
        }
    }

    /** A reset or a loaded snapshot: the old console and what ran in it are gone. */
    private void onReset() {
        drain();
        run++;
        execution = null;
        pending.clear();
        running.set(false);
        prompt.set(Console.PROMPT);
        append(new Chunk(Stream.INFO, i18n.get("console.reset") + "\n"));
    }

    // ---- state ---------------------------------------------------------------------------

    /** The console of the current cluster; lessons read its {@link Console#history()}. */
    public Console console() {
        return session.console();
    }

    /** The prompt before the input line: {@code $ }, or a node's ({@code docker@minikube:~$ }) in {@code minikube ssh}. */
    public ReadOnlyStringProperty promptProperty() {
        return prompt.getReadOnlyProperty();
    }

    /** The line being typed; the view binds its input field both ways. */
    public StringProperty inputProperty() {
        return input;
    }

    /** A command runs (Ctrl-C stops it). */
    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    /** What the terminal shows, oldest first; trimmed at the front past {@link #MAX_CHARS}. */
    public ObservableList<Chunk> transcript() {
        return transcriptView;
    }

    /** The transcript as plain text (what a copy of everything gives). */
    public String transcriptText() {
        StringBuilder b = new StringBuilder(transcriptChars);
        for (Chunk c : transcript) {
            b.append(c.text());
        }
        return b.toString();
    }

    /** The working folder's files by name ({@code kubectl apply -f run-my-nginx.yaml} reads them). */
    public ObjectProperty<Map<String, String>> filesProperty() {
        return files;
    }

    /** The lines entered here, oldest first, without repeats in a row (what Up walks through). */
    public List<String> history() {
        return List.copyOf(history);
    }
}
