package io.kubelab.linux.runc;

import io.kubelab.engine.runtime.ContainerConfig;
import io.kubelab.engine.runtime.PodSandbox;
import io.kubelab.engine.runtime.RuntimeEvent;
import io.kubelab.engine.runtime.SandboxConfig;
import io.kubelab.linux.image.ImageStore;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.kubelab.linux.runc.LinuxContainerRuntimeTest.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The runtime tells the engine loop when it has a result ({@link LinuxContainerRuntime#onResult}):
 * once per completed operation and per container event, after the event reached the listeners —
 * so that a woken engine thread finds it in the kubelet's inbox.
 */
@Tag("root")
class WakeOnResultTest {

    @Test
    void everyResultAndEventOfAPodStartWakesTheLoopAfterItWasDelivered() throws Exception {
        RootTests.assumeRealMode();
        Path state = Files.createTempDirectory("kubelab-wake-");
        TestNetwork network = new TestNetwork();
        LinuxContainerRuntime rt = null;
        try {
            rt = LinuxContainerRuntime.start(new LinuxContainerRuntime.Options(RootTests.node("klwake"), state.resolve("node"),
                    ImageStore.open(state.resolve("images")), network, 2));
            // the kubelet's inbox: what the runtime's listeners posted
            ConcurrentLinkedQueue<RuntimeEvent> inbox = new ConcurrentLinkedQueue<>();
            rt.subscribe(inbox::add);
            Semaphore wakes = new Semaphore(0);
            AtomicInteger seenAtLastWake = new AtomicInteger(-1);
            rt.onResult(() -> {
                seenAtLastWake.set(inbox.size());
                wakes.release();
            });

            PodSandbox sb = await(rt.runPodSandbox(new SandboxConfig("wake", "default", "uid-wake", 0, Map.of())));
            String id = await(rt.createContainer(sb.id(), new ContainerConfig("main", "busybox", List.of("sleep", "3600"),
                    null, Map.of(), null, 0, "wake", "default", "uid-wake", 0, null)));
            await(rt.startContainer(id));

            // sandbox: the pause's ContainerStarted + the result; create: the result; start: ContainerStarted + the result
            assertThat(wakes.tryAcquire(5, 60, TimeUnit.SECONDS)).as("5 wake-ups for a pod's start").isTrue();
            assertThat(inbox).filteredOn(e -> e instanceof RuntimeEvent.ContainerStarted).hasSize(2);
            // the last wake-up came after the last event had reached the inbox
            assertThat(seenAtLastWake.get()).isEqualTo(inbox.size());
        } finally {
            if (rt != null) {
                rt.close();
                Leaks.assertNone(rt, state.resolve("node"));
            }
            network.close();
            Commands.run(List.of("rm", "-rf", "--one-file-system", state.toString()));
        }
    }
}
