package io.kubelab.engine.kubelet;

import io.kubelab.engine.Cluster;
import io.kubelab.engine.model.ApiException;
import io.kubelab.engine.runtime.ExecResult;
import io.kubelab.engine.runtime.LogLine;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KubeletLogsExecTest extends KubeletTestSupport {

    @Test
    void logsFollowAndExecOfARunningPod() {
        Cluster c = cluster(1);
        Kubelet k = Kubelets.byNode(c, "minikube").orElseThrow();
        c.apply(podYaml("hello", "minikube", """
                  containers:
                  - name: hello
                    image: busybox:1.36
                    command: ["sh", "-c", "while true; do echo hello world; sleep 1; done"]
                    env:
                    - name: GREETING
                      value: hi $(MY_POD)
                    - name: MY_POD
                      valueFrom:
                        fieldRef:
                          fieldPath: metadata.name
                """));
        assertThatThrownBy(() -> k.logs("default", "hello", null, false)).isInstanceOf(ApiException.class)
                .hasMessageContaining("container \"hello\" in pod \"hello\" is waiting to start: ContainerCreating");
        advance(c, 6);
        List<LogLine> lines = k.logs("default", "hello", null, false);
        assertThat(lines).hasSizeGreaterThanOrEqualTo(3).extracting(LogLine::text).containsOnly("hello world");
        assertThat(lines.get(1).time()).isEqualTo(lines.get(0).time().plusSeconds(1));

        List<LogLine> followed = new ArrayList<>();
        k.followLogs("default", "hello", "hello", followed::add);
        advance(c, 3);
        assertThat(followed).hasSize(3);

        ExecResult host = k.exec("default", "hello", null, List.of("hostname")).join();
        assertThat(host).isEqualTo(new ExecResult(0, "hello\n", ""));
        ExecResult env = k.exec("default", "hello", null, List.of("printenv", "MY_POD", "KUBERNETES_SERVICE_HOST")).join();
        assertThat(env.stdout()).isEqualTo("hello\n10.0.0.1\n");
        ExecResult ip = k.exec("default", "hello", null, List.of("cat", "/etc/hosts")).join();
        assertThat(ip.stdout()).endsWith("10.244.0.2\thello\n");
        assertThat(k.exec("default", "hello", null, List.of("sh", "-c", "exit 3")).join().exitCode()).isEqualTo(3);
        assertThatThrownBy(() -> k.logs("default", "hello", null, true))
                .hasMessageContaining("previous terminated container \"hello\" in pod \"hello\" not found");
    }

    @Test
    void multiContainerPodsNeedAContainerName() {
        Cluster c = cluster(1);
        Kubelet k = Kubelets.byNode(c, "minikube").orElseThrow();
        c.apply(podYaml("two", "minikube", """
                  containers:
                  - name: a
                    image: busybox:1.36
                    command: ["sleep", "3600"]
                  - name: b
                    image: busybox:1.36
                    command: ["sleep", "3600"]
                """));
        advance(c, 5);
        assertThatThrownBy(() -> k.logs("default", "two", null, false))
                .hasMessageContaining("a container name must be specified for pod two, choose one of: [a b]");
        assertThat(k.logs("default", "two", "b", false)).isEmpty();
    }
}
