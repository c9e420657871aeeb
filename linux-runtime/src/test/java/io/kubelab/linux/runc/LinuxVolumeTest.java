package io.kubelab.linux.runc;

import io.kubelab.engine.runtime.ContainerConfig;
import io.kubelab.engine.runtime.ExecResult;
import io.kubelab.engine.runtime.LinuxContainerResources;
import io.kubelab.engine.runtime.Mount;
import io.kubelab.engine.runtime.PodSandbox;
import io.kubelab.engine.runtime.SandboxConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.kubelab.linux.runc.LinuxContainerRuntimeTest.await;
import static org.assertj.core.api.Assertions.assertThat;

/** configMap volumes in real containers: the kubelet's files, bound read-only, shared by the pod's containers. Needs root. */
@Tag("root")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LinuxVolumeTest {
    static final String NODE = RootTests.node("klvol");
    private TestRuntime runtime;
    private LinuxContainerRuntime rt;

    @BeforeAll
    void start() throws Exception {
        RootTests.assumeRealMode();
        runtime = TestRuntime.start(NODE, "kubelab-vol-");
        rt = runtime.rt;
    }

    @AfterAll
    void stop() throws Exception {
        if (runtime != null) {
            runtime.close();
        }
    }

    private String run(PodSandbox sb, String name, List<Mount> mounts) throws Exception {
        ContainerConfig c = new ContainerConfig(name, "busybox", List.of("sleep", "3600"), null, Map.of(), null,
                LinuxContainerResources.NONE, mounts, "web", "default", "uid-web", 0, null);
        String id = await(rt.createContainer(sb.id(), c));
        await(rt.startContainer(id));
        return id;
    }

    private ExecResult exec(String id, String... command) throws Exception {
        return await(rt.exec(id, List.of(command)));
    }

    @Test
    void aConfigMapVolumesFilesAreVisibleReadOnlyAndTheSameInEveryContainerOfThePod() throws Exception {
        PodSandbox sb = await(rt.runPodSandbox(new SandboxConfig("web", "default", "uid-web", 0, Map.of())));
        Mount html = new Mount("html", "/var/www", false,
                Map.of("index.html", "<h1>Hello from a ConfigMap</h1>\n", "conf/app.properties", "color=blue\n"));
        String a = run(sb, "a", List.of(html));
        String b = run(sb, "b", List.of(new Mount("html", "/srv", false, html.files())));

        assertThat(exec(a, "cat", "/var/www/index.html").stdout()).isEqualTo("<h1>Hello from a ConfigMap</h1>\n");
        assertThat(exec(a, "cat", "/var/www/conf/app.properties").stdout()).isEqualTo("color=blue\n");
        assertThat(exec(a, "ls", "/var/www").stdout()).isEqualTo("conf\nindex.html\n");
        assertThat(exec(b, "cat", "/srv/index.html").stdout()).isEqualTo("<h1>Hello from a ConfigMap</h1>\n");

        ExecResult write = exec(a, "sh", "-c", "echo x > /var/www/x");
        assertThat(write.exitCode()).isEqualTo(1);
        assertThat(write.stderr()).isEqualTo("sh: can't create /var/www/x: Read-only file system\n");
        ExecResult rm = exec(a, "rm", "/var/www/index.html");
        assertThat(rm.exitCode()).isEqualTo(1);
        assertThat(rm.stderr()).contains("Read-only file system");
        assertThat(exec(b, "ls", "/srv").stdout()).isEqualTo("conf\nindex.html\n");

        for (String id : List.of(a, b)) {
            await(rt.stopContainer(id, Duration.ZERO));
            rt.removeContainer(id);
        }
        await(rt.stopPodSandbox(sb.id()));
        rt.removePodSandbox(sb.id());
    }
}
