package io.kubelab.engine.kubelet;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapVolumeSource;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.kubelab.engine.Cluster;
import io.kubelab.engine.model.Kube;
import io.kubelab.engine.runtime.Mount;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** configMap volumes: what the kubelet hands the runtime, and a pod waiting for its ConfigMap. */
class KubeletVolumesTest extends KubeletTestSupport {

    private static final String CONFIG_MAP = """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: web-content}
            data:
              index.html: "<h1>Hello from a ConfigMap</h1>\\n"
              app.properties: "color=blue\\n"
            binaryData:
              logo.txt: aGkK
            """;

    private static ConfigMap configMap(String yaml) throws Exception {
        return Kube.YAML.readValue(yaml, ConfigMap.class);
    }

    private static ConfigMapVolumeSource source(String yaml) throws Exception {
        return Kube.YAML.readValue(yaml, ConfigMapVolumeSource.class);
    }

    private static final String WEB = """
              containers:
              - name: nginx
                image: nginx
                volumeMounts:
                - {name: html, mountPath: /usr/share/nginx/html}
              volumes:
              - name: html
                configMap: {name: web-content}
            """;

    @Test
    void everyKeyOfDataAndBinaryDataIsAFileNamedByTheKey() throws Exception {
        assertThat(PodVolumes.configMapFiles("html", source("name: web-content"), configMap(CONFIG_MAP))).containsExactly(
                Map.entry("app.properties", "color=blue\n"),
                Map.entry("index.html", "<h1>Hello from a ConfigMap</h1>\n"),
                Map.entry("logo.txt", "hi\n"));
    }

    @Test
    void itemsPickKeysAndPlaceThemAtTheirPathsNestedFoldersIncluded() throws Exception {
        ConfigMapVolumeSource items = source("""
                name: web-content
                items:
                - {key: index.html, path: site/index.html}
                - {key: logo.txt, path: img/logo.txt}
                """);
        assertThat(PodVolumes.configMapFiles("html", items, configMap(CONFIG_MAP))).containsExactly(
                Map.entry("img/logo.txt", "hi\n"), Map.entry("site/index.html", "<h1>Hello from a ConfigMap</h1>\n"));
    }

    @Test
    void aMissingKeyFailsUnlessOptionalAndAMissingOptionalConfigMapIsAnEmptyFolder() throws Exception {
        ConfigMapVolumeSource noKey = source("""
                name: web-content
                items: [{key: nokey, path: x}, {key: index.html, path: index.html}]
                """);
        assertThatThrownBy(() -> PodVolumes.configMapFiles("html", noKey, configMap(CONFIG_MAP)))
                .hasMessage("MountVolume.SetUp failed for volume \"html\" : configmap references non-existent config key: nokey");
        noKey.setOptional(true);
        assertThat(PodVolumes.configMapFiles("html", noKey, configMap(CONFIG_MAP))).containsOnlyKeys("index.html");

        assertThatThrownBy(() -> PodVolumes.configMapFiles("html", source("name: web-content"), null))
                .hasMessage("MountVolume.SetUp failed for volume \"html\" : configmap \"web-content\" not found");
        assertThat(PodVolumes.configMapFiles("html", source("{name: web-content, optional: true}"), null)).isEmpty();

        ConfigMapVolumeSource escape = source("{name: web-content, items: [{key: index.html, path: ../../etc/passwd}]}");
        assertThatThrownBy(() -> PodVolumes.configMapFiles("html", escape, configMap(CONFIG_MAP)))
                .hasMessageContaining("invalid path");
    }

    @Test
    void theContainersMountsCarryTheConfigMapsFilesReadOnlyBesideEmptyDirsInMountOrder() throws Exception {
        Pod p = Kube.YAML.readValue(podYaml("web", "minikube", """
                  containers:
                  - name: nginx
                    image: nginx
                    volumeMounts:
                    - {name: html, mountPath: /usr/share/nginx/html}
                    - {name: cache, mountPath: /cache}
                  volumes:
                  - name: cache
                    emptyDir: {}
                  - name: html
                    configMap: {name: web-content}
                """), Pod.class);
        PodVolumes volumes = new PodVolumes(Map.of("html", Map.of("index.html", "hi\n")), null, null);
        assertThat(ContainerResources.mounts(p, p.getSpec().getContainers().get(0), volumes)).containsExactly(
                new Mount("html", "/usr/share/nginx/html", true, Map.of("index.html", "hi\n")),
                new Mount("cache", "/cache", false));
        assertThat(ContainerResources.mounts(p, p.getSpec().getContainers().get(0), volumes).get(1).isEmptyDir()).isTrue();
    }

    @Test
    void aMissingConfigMapKeepsThePodContainerCreatingWithFailedMountUntilItIsCreated() {
        Cluster c = cluster(1);
        Kubelet k = Kubelets.byNode(c, "minikube").orElseThrow();
        c.apply(podYaml("web", "minikube", WEB));
        advance(c, 10);

        Pod p = pod(c, "web");
        assertThat(p.getStatus().getPhase()).isEqualTo("Pending");
        assertThat(p.getStatus().getPodIP()).isNull();
        assertThat(status(c, "web", "nginx").getState().getWaiting().getReason()).isEqualTo("ContainerCreating");
        assertThat(events(c, "web")).containsExactly(
                "FailedMount: MountVolume.SetUp failed for volume \"html\" : configmap \"web-content\" not found");
        Event failed = event(c, "web", "FailedMount");
        assertThat(failed.getType()).isEqualTo("Warning");
        assertThat(failed.getSource().getComponent()).isEqualTo("kubelet");
        // Tries at 0, 0.5, 1.5, 3.5 and 7.5 s: the kubelet backs off 500 ms, doubling.
        assertThat(failed.getCount()).isEqualTo(5);

        c.apply(CONFIG_MAP);
        advance(c, 8); // the next try at 15.5 s mounts it; then sandbox, pull, create, start
        advance(c, 5);
        assertThat(pod(c, "web").getStatus().getPhase()).isEqualTo("Running");
        assertThat(event(c, "web", "FailedMount").getCount()).isEqualTo(5);
        assertThat(k.exec("default", "web", null, List.of("cat", "/usr/share/nginx/html/index.html")).join().stdout())
                .isEqualTo("<h1>Hello from a ConfigMap</h1>\n");
    }

    @Test
    void anOptionalMissingConfigMapMountsAnEmptyFolderAndAMissingKeyWaitsWithItsOwnMessage() {
        Cluster c = cluster(1);
        c.apply(podYaml("opt", "minikube", WEB.replace("{name: web-content}", "{name: web-content, optional: true}")));
        c.apply(CONFIG_MAP.replace("web-content", "other"));
        c.apply(podYaml("nokey", "minikube", WEB.replace("{name: web-content}",
                "{name: other, items: [{key: nokey, path: x}]}")));
        advance(c, 10);
        assertThat(pod(c, "opt").getStatus().getPhase()).isEqualTo("Running");
        assertThat(events(c, "opt")).noneMatch(e -> e.startsWith("FailedMount"));
        assertThat(pod(c, "nokey").getStatus().getPhase()).isEqualTo("Pending");
        assertThat(events(c, "nokey")).containsExactly(
                "FailedMount: MountVolume.SetUp failed for volume \"html\" : configmap references non-existent config key: nokey");

        // A pod waiting for its volumes has no sandbox to stop: it is deleted at once.
        c.api().delete(io.kubelab.engine.model.ResourceTypes.PODS, "default", "nokey", null);
        advance(c, 1);
        assertThat(pod(c, "nokey")).isNull();
    }
}
