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

/** A configMap volume's files replaced under running containers (the kubelet's resync). Needs root. */
@Tag("root")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LinuxVolumeUpdateTest {
    static final String NODE = RootTests.node("klvup");
    private TestRuntime runtime;
    private LinuxContainerRuntime rt;

    @BeforeAll
    void start() throws Exception {
        RootTests.assumeRealMode();
        runtime = TestRuntime.start(NODE, "kubelab-vup-");
        rt = runtime.rt;
    }

    @AfterAll
    void stop() throws Exception {
        if (runtime != null) {
            runtime.close();
        }
    }

    private String run(PodSandbox sb, String name, Mount mount) throws Exception {
        ContainerConfig c = new ContainerConfig(name, "busybox", List.of("sleep", "3600"), null, Map.of(), null,
                LinuxContainerResources.NONE, List.of(mount), "web", "default", "uid-web", 0, null);
        String id = await(rt.createContainer(sb.id(), c));
        await(rt.startContainer(id));
        return id;
    }

    private String sh(String id, String script) throws Exception {
        ExecResult r = await(rt.exec(id, List.of("sh", "-c", script)));
        return r.stdout() + r.stderr();
    }

    @Test
    void updatedFilesReachEveryRunningContainerInTheBoundFolderAndRemovedKeysGo() throws Exception {
        PodSandbox sb = await(rt.runPodSandbox(new SandboxConfig("web", "default", "uid-web", 0, Map.of())));
        Map<String, String> v1 = Map.of("index.html", "<h1>v1</h1>\n", "old.txt", "going\n", "conf/a.properties", "a=1\n");
        String a = run(sb, "a", new Mount("html", "/var/www", false, v1));
        String b = run(sb, "b", new Mount("html", "/srv", false, v1));
        assertThat(sh(a, "ls -R /var/www")).contains("conf", "index.html", "old.txt");
        assertThat(sh(a, "cat /var/www/index.html")).isEqualTo("<h1>v1</h1>\n");

        await(rt.updateVolume(sb.id(), "html", Map.of("index.html", "<h1>v2</h1>\n", "new.txt", "here\n",
                "site/deep/page.html", "deep\n")));

        assertThat(sh(a, "cat /var/www/index.html")).isEqualTo("<h1>v2</h1>\n");
        assertThat(sh(b, "cat /srv/index.html")).isEqualTo("<h1>v2</h1>\n");
        assertThat(sh(a, "cat /var/www/new.txt /var/www/site/deep/page.html")).isEqualTo("here\ndeep\n");
        assertThat(sh(a, "ls /var/www")).isEqualTo("index.html\nnew.txt\nsite\n"); // old.txt and conf/ gone
        assertThat(sh(b, "cat /srv/old.txt")).isEqualTo("cat: can't open '/srv/old.txt': No such file or directory\n");
        // Still read-only for the containers.
        assertThat(sh(a, "echo x > /var/www/index.html")).contains("Read-only file system");

        for (String id : List.of(a, b)) {
            await(rt.stopContainer(id, Duration.ZERO));
            rt.removeContainer(id);
        }
        await(rt.stopPodSandbox(sb.id()));
        rt.removePodSandbox(sb.id());
    }
}
