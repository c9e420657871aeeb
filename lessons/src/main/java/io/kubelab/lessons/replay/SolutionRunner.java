package io.kubelab.lessons.replay;

import java.util.Map;

/**
 * Runs a console command line for a replayed solution, exactly as if a student typed it. The app
 * wires it to its command console ({@code kubectl}, {@code minikube}, {@code docker}, {@code curl}),
 * so CI can replay every solution, not only those made of manifests.
 */
@FunctionalInterface
public interface SolutionRunner {

    /**
     * Runs one command line. Called on the engine thread (the thread replaying), which may move
     * the cluster while the command runs.
     *
     * @param commandLine the line as typed, e.g. {@code kubectl apply -f run-my-nginx.yaml}
     * @param files       the lesson's files by name: the console's working folder for this lesson
     * @return the command's exit code and what it printed
     */
    Result run(String commandLine, Map<String, String> files);

    /** What a command did: 0 is success, as for a shell. */
    record Result(int exitCode, String output) {
        public static Result ok(String output) {
            return new Result(0, output);
        }
    }
}
