package io.kubelab.linux.runc;

import io.kubelab.engine.runtime.ContainerConfig;
import io.kubelab.engine.runtime.PodSandbox;
import io.kubelab.engine.runtime.SandboxConfig;
import io.kubelab.linux.image.ImageStore;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A JVM that starts a pod with two containers and waits to be killed (by {@link LeakTest}). */
public final class CrashChild {
    public static void main(String[] args) throws Exception {
        Path state = Path.of(args[0]);
        LinuxContainerRuntime rt = LinuxContainerRuntime.start(new LinuxContainerRuntime.Options(args[1],
                state.resolve("node"), ImageStore.open(state.resolve("images")), new TestNetwork.LoopbackOnly(), 2));
        PodSandbox sb = rt.runPodSandbox(new SandboxConfig("orphan", "default", "uid-orphan", 0, Map.of()))
                .get(60, TimeUnit.SECONDS);
        StringBuilder ready = new StringBuilder("READY");
        for (String name : List.of("one", "two")) {
            String id = rt.createContainer(sb.id(), new ContainerConfig(name, "busybox", List.of("sleep", "3600"), null,
                    Map.of(), null, 64L << 20, "orphan", "default", "uid-orphan", 0, null)).get(60, TimeUnit.SECONDS);
            rt.startContainer(id).get(60, TimeUnit.SECONDS);
            ready.append(' ').append(rt.pid(id));
        }
        System.out.println(ready);
        System.out.flush();
        Thread.sleep(TimeUnit.HOURS.toMillis(1));
    }
}
