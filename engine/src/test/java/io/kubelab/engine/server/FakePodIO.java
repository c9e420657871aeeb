package io.kubelab.engine.server;

import io.fabric8.kubernetes.api.model.Pod;
import io.kubelab.engine.model.ApiException;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A container runtime for tests: logs are lines the test adds; commands are a few scripted ones.
 *
 * <ul>
 *   <li>{@code echo <words>}: prints the words, exits 0;</li>
 *   <li>{@code sh -c 'exit N'}: prints "bye" on stderr, exits N;</li>
 *   <li>{@code cat}: echoes stdin until it closes, then exits 0;</li>
 *   <li>{@code nosuch}: cannot start ({@code executable file not found});</li>
 *   <li>{@code hostname}: prints the pod's name.</li>
 * </ul>
 */
final class FakePodIO implements PodIO {
    final List<LogLine> lines = new CopyOnWriteArrayList<>();
    final List<Consumer<LogLine>> followers = new CopyOnWriteArrayList<>();
    final List<Runnable> enders = new CopyOnWriteArrayList<>();
    final List<String> resizes = new CopyOnWriteArrayList<>();
    volatile boolean terminated;
    /** Runs once a follow's snapshot is taken, before the server asks to follow: a line logged in between. */
    volatile Runnable afterSnapshot;

    synchronized void log(Instant t, String text) {
        LogLine l = new LogLine(t, text);
        lines.add(l);
        followers.forEach(c -> c.accept(l));
    }

    void endLogs() {
        enders.forEach(Runnable::run);
    }

    @Override
    public synchronized ContainerLog log(Pod pod, String container, boolean previous, boolean follow) {
        if (previous) {
            throw ApiException.badRequest("previous terminated container \"" + container + "\" in pod \""
                    + pod.getMetadata().getName() + "\" not found");
        }
        List<LogLine> snapshot = new ArrayList<>(lines);
        // As the real one: lines logged from the snapshot on are kept for follow(), none lost between.
        io.kubelab.engine.runtime.LogHandOver<PodIO.LogLine> handOver = new io.kubelab.engine.runtime.LogHandOver<>();
        if (follow) {
            followers.add(handOver);
            Runnable hook = afterSnapshot;
            if (hook != null) {
                afterSnapshot = null;
                hook.run();
            }
        }
        return new ContainerLog() {
            @Override
            public List<LogLine> lines() {
                List<LogLine> mine = new ArrayList<>();
                for (LogLine l : snapshot) {
                    if (l.text().startsWith(container + ":") || !l.text().contains(":")) {
                        mine.add(l);
                    }
                }
                return mine;
            }

            @Override
            public AutoCloseable follow(Consumer<LogLine> onLine, Runnable onEnd) {
                handOver.start(onLine);
                enders.add(onEnd);
                return () -> {
                    followers.remove(handOver);
                    enders.remove(onEnd);
                };
            }
        };
    }

    @Override
    public ExecSession exec(Pod pod, String container, List<String> command, boolean stdin, boolean tty,
                            ExecOutput output) {
        String cmd = String.join(" ", command);
        ByteArrayOutputStream in = new ByteArrayOutputStream();
        ExecSession session = new ExecSession() {
            @Override
            public void stdin(byte[] data) {
                if (cmd.equals("cat")) {
                    output.stdout(data);
                }
                in.writeBytes(data);
            }

            @Override
            public void closeStdin() {
                if (cmd.equals("cat")) {
                    output.exit(0);
                }
            }

            @Override
            public void resize(int width, int height) {
                resizes.add(width + "x" + height);
            }

            @Override
            public void terminate() {
                terminated = true;
            }
        };
        if (cmd.startsWith("echo ")) {
            output.stdout((cmd.substring(5) + "\n").getBytes(StandardCharsets.UTF_8));
            output.exit(0);
        } else if (cmd.startsWith("sh -c exit ")) {
            output.stderr("bye\n".getBytes(StandardCharsets.UTF_8));
            output.exit(Integer.parseInt(cmd.substring("sh -c exit ".length()).trim()));
        } else if (cmd.equals("hostname")) {
            output.stdout((pod.getMetadata().getName() + "\n").getBytes(StandardCharsets.UTF_8));
            output.exit(0);
        } else if (cmd.equals("nosuch")) {
            output.error("failed to exec in container: exec: \"nosuch\": executable file not found in $PATH");
        } else if (!cmd.equals("cat")) {
            output.error("unknown command " + cmd);
        }
        return session;
    }
}
