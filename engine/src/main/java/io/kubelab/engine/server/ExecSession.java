package io.kubelab.engine.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Pod;
import io.kubelab.engine.model.ApiException;
import io.kubelab.engine.model.Kube;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One {@code kubectl exec} between a transport (WebSocket or SPDY streams) and the {@link PodIO}
 * that runs the command. Both transports speak the same remotecommand protocol (v4/v5): numbered
 * streams stdin 0, stdout 1, stderr 2, error 3, resize 4; the error stream carries the final
 * {@code Status}: {@code Success}, or {@code NonZeroExitCode} with the exit code as its cause,
 * from which kubectl takes its own exit code.
 */
final class ExecSession implements PodIO.ExecOutput {
    static final int STDIN = 0;
    static final int STDOUT = 1;
    static final int STDERR = 2;
    static final int ERROR = 3;
    static final int RESIZE = 4;

    /** The validated request: which container of which pod runs what. */
    record Request(Pod pod, String container, List<String> command, boolean stdin, boolean stdout, boolean stderr,
                   boolean tty) {}

    /** Where the session's output goes. */
    interface Transport {
        /** Sends data on stream {@link #STDOUT} or {@link #STDERR}. Any thread. */
        void send(int stream, byte[] data);

        /** Sends the final Status on the error stream and closes everything. Any thread; called once. */
        void finish(byte[] status);
    }

    private final Request request;
    private final Transport transport;
    private final AtomicBoolean finished = new AtomicBoolean();
    private volatile PodIO.ExecSession running;

    ExecSession(Request request, Transport transport) {
        this.request = request;
        this.transport = transport;
    }

    /** Starts the command; an error the runtime reports at once ends the session with its Status. */
    void start(PodIO podIO) {
        try {
            running = podIO.exec(request.pod(), request.container(), request.command(), request.stdin(), request.tty(),
                    this);
        } catch (ApiException e) {
            finishWith(Exchange.statusBytes(e.status()));
        } catch (RuntimeException e) {
            error(e.getMessage() == null ? e.toString() : e.getMessage());
        }
    }

    /** Data the client sent on a stream. */
    void received(int stream, byte[] data) {
        PodIO.ExecSession s = running;
        if (s == null || finished.get()) {
            return;
        }
        if (stream == STDIN && request.stdin()) {
            s.stdin(data);
        } else if (stream == RESIZE) {
            try (MappingIterator<JsonNode> it = Kube.JSON.readerFor(JsonNode.class).readValues(data)) {
                while (it.hasNextValue()) {
                    JsonNode size = it.nextValue();
                    s.resize(size.path("Width").asInt(), size.path("Height").asInt());
                }
            } catch (java.io.IOException | RuntimeException e) {
                // A torn resize message: the next one will do.
            }
        }
    }

    /** The client closed its stdin. */
    void stdinClosed() {
        PodIO.ExecSession s = running;
        if (s != null && !finished.get()) {
            s.closeStdin();
        }
    }

    /** The client went away. */
    void terminate() {
        if (finished.compareAndSet(false, true)) {
            PodIO.ExecSession s = running;
            if (s != null) {
                s.terminate();
            }
        }
    }

    @Override
    public void stdout(byte[] data) {
        if (!finished.get() && request.stdout()) {
            transport.send(STDOUT, data);
        }
    }

    @Override
    public void stderr(byte[] data) {
        if (finished.get()) {
            return;
        }
        if (request.tty()) {
            // With a TTY there is no stderr stream: the terminal carries both.
            transport.send(STDOUT, data);
        } else if (request.stderr()) {
            transport.send(STDERR, data);
        }
    }

    @Override
    public void exit(int code) {
        finishWith(code == 0 ? success() : nonZeroExit(code));
    }

    @Override
    public void error(String message) {
        finishWith(internalError(message));
    }

    private void finishWith(byte[] status) {
        if (finished.compareAndSet(false, true)) {
            transport.finish(status);
        }
    }

    static byte[] success() {
        ObjectNode s = Kube.JSON.createObjectNode();
        s.putObject("metadata");
        s.put("status", "Success");
        return Kube.toJsonBytes(s);
    }

    /** kubectl prints {@code command terminated with exit code 3} and exits with 3. */
    static byte[] nonZeroExit(int code) {
        ObjectNode s = Kube.JSON.createObjectNode();
        s.putObject("metadata");
        s.put("status", "Failure");
        s.put("message", "command terminated with non-zero exit code: exit status " + code);
        s.put("reason", "NonZeroExitCode");
        ObjectNode cause = s.putObject("details").putArray("causes").addObject();
        cause.put("reason", "ExitCode");
        cause.put("message", Integer.toString(code));
        return Kube.toJsonBytes(s);
    }

    static byte[] internalError(String message) {
        String m = "error executing command in container: " + message;
        ObjectNode s = Kube.JSON.createObjectNode();
        s.putObject("metadata");
        s.put("status", "Failure");
        s.put("message", "Internal error occurred: " + m);
        s.put("reason", "InternalError");
        s.putObject("details").putArray("causes").addObject().put("message", m);
        s.put("code", 500);
        return Kube.toJsonBytes(s);
    }
}
