package io.kubelab.engine.runtime;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The container runtime of one node, shaped after the CRI ({@code RuntimeService} and
 * {@code ImageService}) plus what the node's {@code docker} CLI needs: pod sandboxes, images,
 * containers inside a sandbox or standalone ({@code docker run}), logs, exec, and HTTP/TCP to the
 * addresses it owns (used by probes and by kube-proxy).
 *
 * <p>Two implementations: the simulated runtime ({@code runtime.sim}), which finishes its work on
 * timers of the simulation clock, and the real one in {@code linux-runtime} (runc), which does its
 * blocking work on an executor.
 *
 * <p>Threading contract: every method is called on the engine thread and never blocks. Work that
 * takes time answers with a {@link CompletableFuture}; the future may be completed on any thread
 * (the engine thread for the simulated runtime, an executor thread for the real one), so callers
 * must only hand the result over to the engine thread in their callbacks (the kubelet queues it
 * and handles it in its {@code drain()}). The same goes for {@link #subscribe} listeners and
 * {@link #followLogs} sinks. Reads ({@link #containerStatus}, {@link #containers}, {@link #logs},
 * {@link #images}) answer from the runtime's own table without blocking.
 */
public interface ContainerRuntime {

    /** {@code docker}: the runtime's name, the prefix of container IDs ({@code docker://…}). */
    String runtimeName();

    /** {@code 26.0.2}. */
    String runtimeVersion();

    /** {@code docker://26.0.2}, the node's {@code nodeInfo.containerRuntimeVersion}. */
    default String versionString() {
        return runtimeName() + "://" + runtimeVersion();
    }

    /** The node's kernel release ({@code uname -r}), for {@code nodeInfo.kernelVersion}. */
    String kernelVersion();

    /** The node's OS ({@code PRETTY_NAME} of os-release), for {@code nodeInfo.osImage}. */
    String osImage();

    // ---- machine --------------------------------------------------------------------------

    /**
     * The node loses power: every process dies at once (no signal, no event), sandboxes and their
     * addresses are gone; images stay on disk and stopped containers stay listed, as after a
     * reboot ({@code Exited (255)}).
     */
    void powerOff();

    /** The node boots again; nothing runs until asked. */
    void powerOn();

    boolean isPoweredOn();

    // ---- images ---------------------------------------------------------------------------

    /**
     * Pulls an image (also when present: the registry is asked again, as for
     * {@code imagePullPolicy: Always}). Fails with {@link ImagePullException} carrying the
     * registry's words when the image or tag does not exist.
     */
    CompletableFuture<PulledImage> pullImage(String image);

    /** The local image a reference names, if present ({@code nginx} means {@code nginx:latest}). */
    Optional<ImageInfo> image(String image);

    /** Every local image, largest first. */
    List<ImageInfo> images();

    /** Removes a local image ({@code docker rmi}); false when absent. */
    boolean removeImage(String image);

    // ---- pod sandboxes ----------------------------------------------------------------------

    /** Creates and starts a pod sandbox (the pause container holding the pod's network namespace and IP). */
    CompletableFuture<PodSandbox> runPodSandbox(SandboxConfig config);

    /** Stops a sandbox: kills what still runs in it and releases its IP. */
    CompletableFuture<Void> stopPodSandbox(String sandboxId);

    /** Forgets a stopped sandbox and its (exited) containers. */
    void removePodSandbox(String sandboxId);

    Optional<PodSandbox> sandbox(String sandboxId);

    /**
     * Replaces the files of a sandbox's configMap volume (a {@link Mount} with files) that its
     * containers have mounted: every container of the pod that mounts {@code volumeName} sees the
     * new files from now on, changed files with their new text, new ones added, files not in
     * {@code files} gone, as the kubelet's atomic writer swaps a configMap volume's content while
     * the pod runs. A volume no container has mounted yet may be made now or by the next container
     * that mounts it; either way its containers see these files. The default does nothing: a runtime that cannot swap files
     * keeps those the containers started with.
     *
     * @param files relative path → text, as {@link Mount#files()}
     * @return completes when the files are in place
     */
    default CompletableFuture<Void> updateVolume(String sandboxId, String volumeName, java.util.Map<String, String> files) {
        return CompletableFuture.completedFuture(null);
    }

    // ---- containers -----------------------------------------------------------------------

    /**
     * Creates a container from a local image, in a sandbox or, with {@code sandboxId == null}, on
     * its own network like {@code docker create}.
     *
     * @return the container ID (64 hex digits)
     */
    CompletableFuture<String> createContainer(String sandboxId, ContainerConfig config);

    /**
     * Starts a created (or, as {@code docker start} allows, an exited) container. Completes once
     * its process runs; fails with {@link RuntimeOperationException} when it cannot run (executable
     * not found), leaving the container exited.
     */
    CompletableFuture<Void> startContainer(String containerId);

    /**
     * Stops a container: the image's stop signal, then {@code SIGKILL} after {@code grace}.
     * Completes when the container has exited (at once when it does not run).
     */
    CompletableFuture<Void> stopContainer(String containerId, Duration grace);

    /** Removes an exited container; false when absent. */
    boolean removeContainer(String containerId);

    Optional<ContainerStatus> containerStatus(String containerId);

    /** Every container, running or not, sandboxes' pause containers included, oldest first. */
    List<ContainerStatus> containers();

    /** A container by ID, unique ID prefix or name, as the docker CLI finds it ({@code docker stop 3b9c}). */
    default Optional<ContainerStatus> findContainer(String idOrName) {
        for (ContainerStatus c : containers()) {
            if (c.id().equals(idOrName) || c.name().equals(idOrName)) {
                return Optional.of(c);
            }
        }
        List<ContainerStatus> prefixed = containers().stream().filter(c -> c.id().startsWith(idOrName)).toList();
        return prefixed.size() == 1 && !idOrName.isEmpty() ? Optional.of(prefixed.get(0)) : Optional.empty();
    }

    // ---- logs, exec, network ----------------------------------------------------------------

    /** Everything the container wrote to stdout and stderr, oldest first. */
    List<LogLine> logs(String containerId);

    /**
     * Delivers each new line the container writes until closed (for {@code logs -f}). Lines
     * already written are not repeated. The sink may be called on any thread.
     */
    Subscription followLogs(String containerId, Consumer<LogLine> sink);

    /**
     * {@link #followLogs(String, Consumer)}, and {@code onEnd} runs once when the container stops
     * (at once if it has already stopped), as {@code kubectl logs -f} ends with its container. A
     * runtime that cannot tell never calls it.
     */
    default Subscription followLogs(String containerId, Consumer<LogLine> sink, Runnable onEnd) {
        return followLogs(containerId, sink);
    }

    /**
     * The lines so far and a follow of every later one ({@code kubectl logs -f}), each line exactly
     * once: in {@link FollowedLogs#lines()} or to {@code sink}, never both, none lost between them;
     * {@code onEnd} as for {@link #followLogs(String, Consumer, Runnable)}. The default takes the two
     * one after the other, which is exact for a runtime that writes its logs on the caller's thread
     * (the simulated one, on the engine thread); a runtime that logs on its own threads overrides it.
     */
    default FollowedLogs logsAndFollow(String containerId, Consumer<LogLine> sink, Runnable onEnd) {
        List<LogLine> lines = logs(containerId);
        return new FollowedLogs(lines, followLogs(containerId, sink, onEnd));
    }

    /** What {@link #logsAndFollow} took: the lines so far, and the follow of the later ones. */
    record FollowedLogs(List<LogLine> lines, Subscription subscription) {}

    /** Runs a command inside a running container ({@code docker exec}, {@code kubectl exec}). */
    CompletableFuture<ExecResult> exec(String containerId, List<String> command);

    /**
     * {@code ip ARGS} run on the node itself ({@code minikube ssh}'s {@code ip addr}, {@code ip route}),
     * when the node is a real one: the real runtime answers from the node's network namespace. Empty
     * for the simulated runtime, whose node shell draws minikube's addresses itself.
     */
    default Optional<CompletableFuture<ExecResult>> nodeIpCommand(List<String> args) {
        return Optional.empty();
    }

    /** Whether {@code ip} belongs to a sandbox (or standalone container) of this runtime. */
    boolean ownsAddress(String ip);

    /**
     * An HTTP request to {@code ip:port} on this node's pod network, as a probe or kube-proxy sends
     * it. Completes with the app's answer, or with {@link HttpResult.Refused} when nothing listens.
     */
    CompletableFuture<HttpResult> http(HttpRequest request);

    /** A TCP connect to {@code ip:port} (tcpSocket probes): whether something listens. */
    CompletableFuture<Boolean> tcpConnect(String ip, int port);

    /** Container lifecycle events (started, exited). The listener may be called on any thread. */
    Subscription subscribe(Consumer<RuntimeEvent> listener);

    /** Stops a delivery ({@link #subscribe}, {@link #followLogs}). */
    interface Subscription extends AutoCloseable {
        @Override
        void close();
    }
}
