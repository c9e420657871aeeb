package io.kubelab.app.demo;

import io.kubelab.app.console.ConsoleViewModel;
import io.kubelab.app.session.ClusterSession;
import javafx.animation.PauseTransition;
import javafx.beans.value.ChangeListener;
import javafx.util.Duration;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Lines typed into the console pane at given moments of simulated time, for demos and
 * screenshots ({@code -Dkubelab.console=…}): {@code @2 kubectl apply -f run-my-nginx.yaml|@16 kubectl get pods}
 * types the first line when the cluster is 2 s further, the second at 16 s. Time is paused and
 * stepped, so the picture is the same on a fast machine and on a busy one: for the line at 16 s
 * the clock is moved from wherever the previous line left it to 16 s, then the line is typed,
 * and the next step waits until it has finished (a command that waits is given one simulated
 * second at a time).
 *
 * <p>Threading: the UI thread; the clock moves on the engine thread through the session.
 */
public final class ConsoleScript {
    /** A line and when to type it, in simulated seconds since the script began. */
    public record Entry(double at, String line) {}

    private final List<Entry> entries;

    private ConsoleScript(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /** {@code @SECONDS line|@SECONDS line|…}; a line without {@code @} comes right after the previous one. */
    public static ConsoleScript parse(String script) {
        List<Entry> out = new ArrayList<>();
        double last = 0;
        for (String part : script.split("\\|")) {
            String line = part.strip();
            double at = last;
            if (line.startsWith("@")) {
                int space = line.indexOf(' ');
                at = Double.parseDouble(line.substring(1, space < 0 ? line.length() : space));
                line = space < 0 ? "" : line.substring(space + 1).strip();
            }
            out.add(new Entry(at, line));
            last = at;
        }
        return new ConsoleScript(out);
    }

    public List<Entry> entries() {
        return entries;
    }

    /**
     * Plays the script, then moves the clock to {@code endAt} simulated seconds; the session is
     * left paused. Completes on the UI thread.
     */
    public CompletableFuture<Void> play(ClusterSession session, ConsoleViewModel console, double endAt, Executor ui) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        session.setPaused(true);
        new Player(session, console, ui, entries.iterator(), endAt, done).next(0);
        return done;
    }

    private static final class Player {
        private final ClusterSession session;
        private final ConsoleViewModel console;
        private final Executor ui;
        private final Iterator<Entry> it;
        private final double endAt;
        private final CompletableFuture<Void> done;

        Player(ClusterSession session, ConsoleViewModel console, Executor ui, Iterator<Entry> it, double endAt,
               CompletableFuture<Void> done) {
            this.session = session;
            this.console = console;
            this.ui = ui;
            this.it = it;
            this.endAt = endAt;
            this.done = done;
        }

        /** {@code now}: the simulated seconds since the script began. */
        void next(double now) {
            if (!it.hasNext()) {
                stepTo(now, Math.max(now, endAt), () -> done.complete(null));
                return;
            }
            Entry e = it.next();
            stepTo(now, Math.max(now, e.at()), () -> {
                console.paste(e.line() + "\n");
                awaitIdle(Math.max(now, e.at()));
            });
        }

        private void stepTo(double now, double at, Runnable then) {
            if (at <= now) {
                then.run();
                return;
            }
            session.step(java.time.Duration.ofMillis(Math.round((at - now) * 1000)))
                    .whenComplete((v, err) -> ui.execute(then));
        }

        /** Waits for the line to finish: three seconds of wall time, then a simulated second at a time. */
        private void awaitIdle(double now) {
            if (!console.runningProperty().get()) {
                next(now);
                return;
            }
            boolean[] fired = {false};
            ChangeListener<Boolean> listener = new ChangeListener<>() {
                @Override
                public void changed(javafx.beans.value.ObservableValue<? extends Boolean> o, Boolean a, Boolean running) {
                    if (!running && !fired[0]) {
                        fired[0] = true;
                        console.runningProperty().removeListener(this);
                        next(now);
                    }
                }
            };
            console.runningProperty().addListener(listener);
            PauseTransition wait = new PauseTransition(Duration.seconds(3));
            wait.setOnFinished(ev -> {
                if (!fired[0]) {
                    fired[0] = true;
                    console.runningProperty().removeListener(listener);
                    stepTo(now, now + 1, () -> awaitIdle(now + 1));
                }
            });
            wait.play();
        }
    }
}
