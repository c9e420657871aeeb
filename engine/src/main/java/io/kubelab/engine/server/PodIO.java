package io.kubelab.engine.server;

import io.fabric8.kubernetes.api.model.Pod;
import io.kubelab.engine.model.ApiException;

import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * What the API server needs from the nodes for {@code pods/log} and {@code pods/exec}: the kubelet's
 * streaming side. The HTTP layer validates the pod and the container first (404, 400) and handles
 * the protocols (plain and chunked text, WebSocket channels); an implementation only reads logs and
 * runs commands. The cluster wires one to its container runtime; {@link #NONE} answers as a
 * cluster without a runtime would.
 *
 * <p>Threading: methods are called on the API server's handler threads and must return quickly;
 * output callbacks may come from any thread.
 */
public interface PodIO {

    /** One log line as the runtime recorded it, without its line break. */
    record LogLine(Instant time, String text) {}

    /** A container's log. */
    interface ContainerLog {
        /** The lines logged so far, oldest first. */
        List<LogLine> lines();

        /**
         * Delivers every line logged after those {@link #lines()} returned, until the container stops
         * (then {@code onEnd} runs once) or the returned handle is closed.
         */
        AutoCloseable follow(Consumer<LogLine> onLine, Runnable onEnd);
    }

    /**
     * The log of a container of a pod bound to a node.
     *
     * @param previous the log of the previous (terminated) instance of the container
     * @param follow   whether {@link ContainerLog#follow} will be called: then the lines logged from the
     *                 moment {@link ContainerLog#lines()} was taken are kept for it (none lost between)
     * @throws ApiException 400 in Kubernetes' words when there is none, e.g. {@code container "nginx"
     *                      in pod "web" is waiting to start: ContainerCreating}, or {@code previous
     *                      terminated container "nginx" in pod "web" not found}
     */
    ContainerLog log(Pod pod, String container, boolean previous, boolean follow);

    /** Where a command's output goes. Any thread; {@code exit} or {@code error} comes last, once. */
    interface ExecOutput {
        void stdout(byte[] data);

        void stderr(byte[] data);

        /** The command ended with this exit code. */
        void exit(int code);

        /** The command could not run, e.g. {@code executable file not found in $PATH}. */
        void error(String message);
    }

    /** A running command. */
    interface ExecSession {
        void stdin(byte[] data);

        /** Stdin reached its end (the client closed it). */
        void closeStdin();

        /** The terminal was resized (with {@code tty}). */
        void resize(int width, int height);

        /** The client went away: stop the command. */
        void terminate();
    }

    /**
     * Runs a command in a container of a running pod.
     *
     * @throws ApiException 400 when the container cannot run commands, e.g. {@code container not found ("nginx")}
     *                      (kubectl prints it as {@code error: unable to upgrade connection: container not found ("nginx")})
     */
    ExecSession exec(Pod pod, String container, List<String> command, boolean stdin, boolean tty, ExecOutput output);

    /**
     * A cluster without a container runtime (the simulation before kubelets are wired): containers
     * never start, so there are no logs and nothing to exec into.
     */
    PodIO NONE = new PodIO() {
        @Override
        public ContainerLog log(Pod pod, String container, boolean previous, boolean follow) {
            throw ApiException.badRequest("container \"" + container + "\" in pod \"" + pod.getMetadata().getName()
                    + "\" is waiting to start: ContainerCreating");
        }

        @Override
        public ExecSession exec(Pod pod, String container, List<String> command, boolean stdin, boolean tty,
                                ExecOutput output) {
            throw ApiException.badRequest("container not found (\"" + container + "\")");
        }
    };
}
