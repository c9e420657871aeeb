package io.kubelab.engine.kubelet;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.kubelab.engine.Cluster;
import io.kubelab.engine.model.Kube;
import io.kubelab.engine.model.ResourceTypes;
import io.kubelab.engine.runtime.HttpRequest;
import io.kubelab.engine.runtime.HttpResult;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A ConfigMap edited while its pod runs: the mounted files follow at the kubelet's next sync (1 min),
 * env vars taken from it do not, and a deleted ConfigMap leaves the last files in place.
 */
class KubeletVolumeRefreshTest extends KubeletTestSupport {

    private static final String V1 = """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: web-content}
            data:
              index.html: "<h1>v1</h1>\\n"
              old.txt: "going\\n"
              color: blue
            """;
    private static final String V2 = """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: web-content}
            data:
              index.html: "<h1>v2</h1>\\n"
              new.txt: "here\\n"
              color: green
            """;
    private static final String WEB = """
              containers:
              - name: nginx
                image: nginx
                env:
                - name: COLOR
                  valueFrom: {configMapKeyRef: {name: web-content, key: color}}
                envFrom:
                - prefix: CM_
                  configMapRef: {name: web-content}
                volumeMounts:
                - {name: html, mountPath: /usr/share/nginx/html}
              volumes:
              - name: html
                configMap: {name: web-content}
            """;

    private static String sh(Kubelet k, String script) {
        return k.exec("default", "web", null, List.of("sh", "-c", script)).join().stdout();
    }

    @Test
    void anEditedConfigMapReachesTheFilesAtTheNextSyncButNotTheEnvAndADeletedOneLeavesThem() throws Exception {
        Cluster c = cluster(1);
        Kubelet k = Kubelets.byNode(c, "minikube").orElseThrow();
        c.apply(V1);
        c.apply(podYaml("web", "minikube", WEB));
        advance(c, 5);
        assertThat(pod(c, "web").getStatus().getPhase()).isEqualTo("Running");
        String dir = "/usr/share/nginx/html";
        assertThat(sh(k, "ls " + dir)).isEqualTo("color\nindex.html\nold.txt\n");
        assertThat(sh(k, "echo $COLOR $CM_color")).isEqualTo("blue blue\n");

        // A replace (kubectl replace / edit): index.html and color changed, old.txt gone, new.txt added.
        ConfigMap v2 = Kube.YAML.readValue(V2, ConfigMap.class);
        v2.getMetadata().setResourceVersion(c.store().<ConfigMap>get(ResourceTypes.CONFIGMAPS, "default", "web-content")
                .getMetadata().getResourceVersion());
        v2.getMetadata().setNamespace("default");
        c.api().update(v2);
        advance(c, 30); // the pod's volumes were set up ~5 s ago: the next sync is at ~55 s
        assertThat(sh(k, "cat " + dir + "/index.html")).isEqualTo("<h1>v1</h1>\n");
        assertThat(sh(k, "ls " + dir)).isEqualTo("color\nindex.html\nold.txt\n");

        advance(c, 31);
        assertThat(sh(k, "cat " + dir + "/index.html")).isEqualTo("<h1>v2</h1>\n");
        assertThat(sh(k, "ls " + dir)).isEqualTo("color\nindex.html\nnew.txt\n");
        assertThat(sh(k, "cat " + dir + "/new.txt; cat " + dir + "/color")).isEqualTo("here\ngreen");
        // The environment was fixed when the container was created.
        assertThat(sh(k, "echo $COLOR $CM_color")).isEqualTo("blue blue\n");
        // What nginx serves is the file: the page changed with it.
        String ip = pod(c, "web").getStatus().getPodIP();
        var page = k.runtime().http(new HttpRequest("10.244.0.1", ip, 80, "GET", "/", Map.of())).join();
        assertThat(((HttpResult.Response) page).body()).isEqualTo("<h1>v2</h1>\n");

        c.api().delete(ResourceTypes.CONFIGMAPS, "default", "web-content", null);
        advance(c, 125);
        assertThat(sh(k, "ls " + dir)).isEqualTo("color\nindex.html\nnew.txt\n");
        assertThat(sh(k, "cat " + dir + "/index.html")).isEqualTo("<h1>v2</h1>\n");
        assertThat(events(c, "web")).contains(
                "FailedMount: MountVolume.SetUp failed for volume \"html\" : configmap \"web-content\" not found");
        assertThat(pod(c, "web").getStatus().getPhase()).isEqualTo("Running");
    }

    @Test
    void theRefreshLoopRunsOnlyWhileTheNodeHasPodsWithConfigMapVolumes() {
        Cluster c = cluster(2);
        Kubelet k = Kubelets.byNode(c, "minikube").orElseThrow();
        Kubelet other = Kubelets.byNode(c, "minikube-m02").orElseThrow();
        c.apply(podYaml("plain", "minikube-m02", """
                  containers:
                  - {name: nginx, image: nginx}
                """));
        c.apply(V1);
        c.apply(podYaml("web", "minikube", WEB));
        advance(c, 5);
        assertThat(k.refreshesVolumes()).isTrue();
        assertThat(other.refreshesVolumes()).isFalse();
        advance(c, 120);
        assertThat(k.refreshesVolumes()).isTrue();
        assertThat(other.refreshesVolumes()).isFalse();

        c.api().delete(ResourceTypes.PODS, "default", "web", null);
        advance(c, 90); // terminated within its 30 s grace period; the next tick finds no pod and ends the loop
        assertThat(pod(c, "web")).isNull();
        assertThat(k.refreshesVolumes()).isFalse();
    }
}
