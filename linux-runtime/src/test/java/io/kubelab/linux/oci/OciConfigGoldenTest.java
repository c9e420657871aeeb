package io.kubelab.linux.oci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Golden files of generated {@code config.json}s. To re-bless after a deliberate change:
 * {@code -Dgolden.update=true}, then review the diff of {@code src/test/resources/oci}.
 */
class OciConfigGoldenTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String POD = "/var/lib/kubelab/nodes/minikube/sandboxes/1a2b3c4d";

    static Stream<Arguments> specs() {
        ContainerSpec pause = new ContainerSpec("/var/lib/kubelab/images/busybox/rootfs", true,
                List.of("/bin/sleep", "2147483647"), List.of("PATH=/usr/sbin:/usr/bin:/sbin:/bin"), "/", 0, 0,
                "web-7d4b9c8f5-x2x9k", null, List.of(), ContainerSpec.Resources.NONE,
                "/kubelab/minikube/default_web-7d4b9c8f5-x2x9k_1a2b3c4d/POD",
                Map.of("io.kubernetes.pod.name", "web-7d4b9c8f5-x2x9k", "io.kubernetes.pod.namespace", "default",
                        "io.kubernetes.container.name", "POD"),
                // the pod network is made before the pause and pinned; the pause joins it (so its
                // veth, address and route are set up while runc starts the pause)
                "/run/netns/kubelab-a1b2c3-pod-1a2b3c4d5e6f");
        ContainerSpec nginx = new ContainerSpec("/var/lib/kubelab/nodes/minikube/containers/5e6f7a8b/rootfs", false,
                List.of("httpd", "-f", "-p", "80", "-h", "/var/www"),
                List.of("PATH=/usr/sbin:/usr/bin:/sbin:/bin", "HOSTNAME=web-7d4b9c8f5-x2x9k", "GREETING=hello world"),
                "/", 0, 0, null, 4242L, List.of(new ContainerSpec.BindMount(POD + "/hosts", "/etc/hosts", false)),
                // requests.cpu 250m, limits.cpu 500m, limits.memory 128Mi: 250 × 1024 / 1000 = 256 shares,
                // 500 × 100000 / 1000 = 50000 µs per 100000 µs, 134217728 bytes; pids.max 1024 (a sandbox's)
                new ContainerSpec.Resources(128L << 20, 256, 50_000, 100_000, 1024),
                "/kubelab/minikube/default_web-7d4b9c8f5-x2x9k_1a2b3c4d/nginx_5e6f7a8b",
                Map.of("io.kubernetes.pod.name", "web-7d4b9c8f5-x2x9k", "io.kubernetes.container.name", "nginx"));
        ContainerSpec emptyDir = new ContainerSpec("/var/lib/kubelab/nodes/minikube/containers/9c0d1e2f/rootfs", false,
                List.of("sh", "-c", "echo hi > /cache/greeting; sleep 3600"), List.of("PATH=/bin"), "/work", 1000, 1000,
                null, 4242L, List.of(new ContainerSpec.BindMount(POD + "/volumes/cache", "/cache", false),
                        new ContainerSpec.BindMount(POD + "/volumes/config", "/etc/app", true)),
                ContainerSpec.Resources.NONE, "/kubelab/minikube/default_web-7d4b9c8f5-x2x9k_1a2b3c4d/writer_9c0d1e2f",
                Map.of());
        // limits.cpu 1500m and no request: the API defaults the request to the limit, so
        // 1500 × 1024 / 1000 = 1536 shares and 1500 × 100000 / 1000 = 150000 µs per 100000 µs (1.5 cores)
        ContainerSpec cpuOnly = new ContainerSpec("/var/lib/kubelab/nodes/minikube/containers/3a4b5c6d/rootfs", false,
                List.of("sh", "-c", "while true; do :; done"), List.of("PATH=/bin"), "/", 0, 0, null, 4242L, List.of(),
                ContainerSpec.Resources.of(io.kubelab.engine.runtime.LinuxContainerResources.fromKubernetes(0, 1500, 0)),
                "/kubelab/minikube/default_burn_1a2b3c4d/burn_3a4b5c6d", Map.of());
        return Stream.of(Arguments.of("pause-sandbox.json", pause), Arguments.of("nginx-with-limits.json", nginx),
                Arguments.of("container-with-emptydir.json", emptyDir), Arguments.of("cpu-limit-only.json", cpuOnly));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specs")
    void matchesGoldenFile(String file, ContainerSpec spec) throws IOException {
        String generated = OciConfig.json(spec);
        if (Boolean.getBoolean("golden.update")) {
            Files.writeString(Path.of("src/test/resources/oci", file), generated);
        }
        try (InputStream in = getClass().getResourceAsStream("/oci/" + file)) {
            assertThat(in).as("golden file oci/" + file).isNotNull();
            String golden = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            JsonNode expected = JSON.readTree(golden);
            assertThat(JSON.readTree(generated)).isEqualTo(expected);
            assertThat(generated).isEqualTo(golden);
        }
    }
}
