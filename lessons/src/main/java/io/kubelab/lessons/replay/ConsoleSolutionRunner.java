package io.kubelab.lessons.replay;

import io.kubelab.engine.console.Console;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Replays a solution's command lines through the engine's console, on a cluster the replaying
 * thread owns: simulated time moves while a command waits ({@code rollout status}). A command that
 * runs until Ctrl-C ({@code get -w}, {@code logs -f}) is interrupted after {@link #WATCH_FOR} of
 * simulated time, as a student stops it once they have seen enough; that is a success, any other
 * non-zero exit is not.
 */
public final class ConsoleSolutionRunner implements SolutionRunner {
    /** How long a watching command watches before the replay presses Ctrl-C. */
    public static final Duration WATCH_FOR = Duration.ofSeconds(30);
    /** How long any other command may wait (a rollout) before it counts as hanging. */
    public static final Duration LIMIT = Duration.ofMinutes(5);
    private static final int INTERRUPTED = 130;

    private final Console console;

    public ConsoleSolutionRunner(Console console) {
        this.console = console;
    }

    @Override
    public Result run(String commandLine, Map<String, String> files) {
        boolean watches = watches(commandLine);
        Console.Result r = console.run(commandLine, files, watches ? WATCH_FOR : LIMIT);
        int code = watches && r.exitCode() == INTERRUPTED ? 0 : r.exitCode();
        return new Result(code, r.output());
    }

    /** {@code kubectl get … -w}, {@code --watch}, {@code logs -f}, {@code docker logs -f}. */
    static boolean watches(String commandLine) {
        List<String> words = List.of(commandLine.strip().split("\\s+"));
        return words.contains("-w") || words.contains("--watch") || words.contains("-f") && words.contains("logs")
                || words.contains("--follow");
    }
}
