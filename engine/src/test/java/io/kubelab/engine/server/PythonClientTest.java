package io.kubelab.engine.server;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The official Python client (python3-kubernetes 22.6 in Debian) against the API server. Runs when
 * {@code python3} can import {@code kubernetes}, with {@code KUBELAB_PYTHONPATH} (system property or
 * environment variable) added to its path, e.g. a {@code dpkg -x} of the Debian packages.
 */
@Tag("python")
class PythonClientTest {

    private static ProcessBuilder python(String... args) {
        ProcessBuilder pb = new ProcessBuilder(args);
        String extra = System.getProperty("KUBELAB_PYTHONPATH", System.getenv("KUBELAB_PYTHONPATH"));
        if (extra != null && !extra.isBlank()) {
            String current = pb.environment().get("PYTHONPATH");
            pb.environment().put("PYTHONPATH", current == null ? extra : extra + File.pathSeparator + current);
        }
        return pb;
    }

    @Test
    void theOfficialPythonClientWorks(@TempDir Path dir) throws Exception {
        boolean available;
        try {
            Process probe = python("python3", "-c", "import kubernetes").redirectErrorStream(true).start();
            available = probe.waitFor(30, TimeUnit.SECONDS) && probe.exitValue() == 0;
        } catch (java.io.IOException e) {
            available = false;
        }
        Assumptions.assumeTrue(available, "python3 cannot import kubernetes: install python3-kubernetes or set "
                + "KUBELAB_PYTHONPATH to where its packages are unpacked");

        FakePodIO io = new FakePodIO();
        try (ServerFixture f = new ServerFixture(io)) {
            f.addNode("minikube", "192.168.49.2");
            f.post("/api/v1/namespaces/default/pods", ServerFixture.pod("web", "minikube"));
            io.log(Instant.parse("2026-01-01T00:00:01Z"), "nginx: starting");
            Path kubeconfig = dir.resolve("kubeconfig");
            Files.writeString(kubeconfig, """
                    apiVersion: v1
                    kind: Config
                    clusters:
                    - cluster: {server: %s}
                      name: kubelab
                    contexts:
                    - context: {cluster: kubelab, user: kubelab}
                      name: kubelab
                    current-context: kubelab
                    users:
                    - name: kubelab
                      user: {}
                    """.formatted(f.base()));
            Path script = dir.resolve("python_client.py");
            try (InputStream in = PythonClientTest.class.getResourceAsStream("python_client.py")) {
                Files.copy(in, script);
            }
            Process p = python("python3", script.toString(), kubeconfig.toString()).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            String output = new String(p.getInputStream().readAllBytes());
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(output).isZero();
            List<String> lines = output.lines().filter(l -> l.startsWith("ok ") || l.startsWith("FAILED ")).toList();
            assertThat(lines).as(output).hasSize(18).allMatch(l -> l.startsWith("ok "));
        }
    }
}
