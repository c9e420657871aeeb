package io.kubelab.engine.console.docker;

import io.kubelab.engine.console.Execution;
import io.kubelab.engine.console.Output;
import io.kubelab.engine.console.Shell;
import io.kubelab.engine.runtime.ContainerRuntime;
import io.kubelab.engine.runtime.ContainerStatus;

import java.util.List;
import java.util.Set;

/**
 * The shell of {@code docker exec -it <container> bash}: each line runs in the container as
 * {@code sh -c <line>}, with bash's prompt ({@code root@3b9c0d3f5a5e:/# }, the container's
 * hostname) or sh's ({@code # }); {@code exit} leaves. Engine thread.
 */
final class ContainerShell implements Shell {
    private static final Set<String> SHELLS = Set.of("bash", "sh", "ash", "/bin/bash", "/bin/sh", "/bin/ash");

    private final ContainerRuntime rt;
    private final ContainerStatus container;
    private final String prompt;
    private boolean closed;

    ContainerShell(ContainerRuntime rt, ContainerStatus container, String shell) {
        this.rt = rt;
        this.container = container;
        String pod = container.labels().get(io.kubelab.engine.runtime.PodLabels.POD_NAME);
        String hostname = pod != null ? pod : container.shortId();
        this.prompt = shell.endsWith("bash") ? "root@" + hostname + ":/# " : "# ";
    }

    static boolean isShell(String command) {
        return SHELLS.contains(command);
    }

    @Override
    public String prompt() {
        return prompt;
    }

    @Override
    public Execution start(String line, Output out) {
        String trimmed = line.strip();
        if (trimmed.equals("exit") || trimmed.startsWith("exit ")) {
            closed = true;
            out.out("exit\n");
            return Execution.finished(0);
        }
        if (rt.containerStatus(container.id()).map(c -> c.state() != io.kubelab.engine.runtime.ContainerState.RUNNING)
                .orElse(true)) {
            closed = true;
            return Execution.finished(137);
        }
        return Execution.printing(rt.exec(container.id(), List.of("sh", "-c", trimmed)), out, "", 126);
    }

    @Override
    public boolean isClosed() {
        return closed;
    }
}
