package io.kubelab.engine.console.kubectl;

import io.kubelab.engine.Cluster;
import io.kubelab.engine.ClusterConfig;
import io.kubelab.engine.console.Console;
import io.kubelab.engine.console.Consoles;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The classic configMap exercise in the console, as a student types it: nginx serving a page from a
 * ConfigMap mounted over {@code /usr/share/nginx/html}; the pod waits in ContainerCreating until the
 * ConfigMap exists; the page is what {@code exec cat} shows and what another pod fetches.
 */
class VolumesConsoleTest {
    static final String WEB_CONTENT = """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: web-content}
            data:
              index.html: "<h1>Hello from a ConfigMap</h1>\\n"
            """;
    static final String WEB = """
            apiVersion: v1
            kind: Pod
            metadata: {name: web, labels: {app: web}}
            spec:
              containers:
              - name: nginx
                image: nginx
                volumeMounts:
                - {name: html, mountPath: /usr/share/nginx/html}
              volumes:
              - name: html
                configMap: {name: web-content}
            """;
    private static final String PAGE = "<h1>Hello from a ConfigMap</h1>\n";

    private Cluster cluster;
    private Console console;
    private final Map<String, String> files = Map.of("web.yaml", WEB, "web-content.yaml", WEB_CONTENT,
            "web-content-v2.yaml", WEB_CONTENT.replace("Hello from a ConfigMap", "Version 2"));

    @BeforeEach
    void setUp() {
        cluster = Cluster.create(ClusterConfig.defaults());
        cluster.start();
        console = Consoles.standard(cluster);
    }

    @AfterEach
    void tearDown() {
        cluster.close();
    }

    private Console.Result run(String line) {
        return console.run(line, files, Duration.ofMinutes(2));
    }

    @Test
    void aPageFromAConfigMapIsWhatExecCatShowsAndWhatAnotherPodFetches() {
        assertThat(run("kubectl apply -f web.yaml").output()).isEqualTo("pod/web created\n");
        cluster.advance(Duration.ofSeconds(10));
        assertThat(run("kubectl get pods").output()).isEqualTo("""
                NAME   READY   STATUS              RESTARTS   AGE
                web    0/1     ContainerCreating   0          10s
                """);
        String describe = run("kubectl describe pod web").output();
        assertThat(describe).contains("    Type:        ConfigMap (a volume populated by a ConfigMap)\n"
                + "    Name:        web-content\n");
        assertThat(describe).containsPattern("Warning  FailedMount  \\S+ \\(x5 over 10s\\)  kubelet +"
                + "MountVolume.SetUp failed for volume \"html\" : configmap \"web-content\" not found\n");

        assertThat(run("kubectl apply -f web-content.yaml").output()).isEqualTo("configmap/web-content created\n");
        cluster.advance(Duration.ofSeconds(20));
        assertThat(run("kubectl get pods").output()).contains("web    1/1     Running   0          30s");

        Console.Result cat = run("kubectl exec web -- cat /usr/share/nginx/html/index.html");
        assertThat(cat.output()).isEqualTo(PAGE);
        assertThat(run("kubectl exec web -- ls /usr/share/nginx/html").output()).isEqualTo("index.html\n");
        Console.Result write = run("kubectl exec web -- sh -c 'echo x > /usr/share/nginx/html/x'");
        assertThat(write.output()).isEqualTo("sh: can't create /usr/share/nginx/html/x: Read-only file system\n"
                + "command terminated with exit code 1\n");
        assertThat(write.exitCode()).isEqualTo(1);

        String ip = run("kubectl get pod web -o jsonpath={.status.podIP}").output();
        assertThat(ip).matches("10\\.244\\.\\d+\\.\\d+");
        assertThat(run("kubectl run client --image=busybox --restart=Never -- wget -qO- " + ip).output())
                .isEqualTo("pod/client created\n");
        assertThat(run("kubectl expose pod web --port=80").output()).isEqualTo("service/web exposed\n");
        assertThat(run("kubectl run viasvc --image=busybox --restart=Never -- wget -qO- web").output())
                .isEqualTo("pod/viasvc created\n");
        cluster.advance(Duration.ofSeconds(30));
        assertThat(run("kubectl logs client").output()).isEqualTo(PAGE);
        assertThat(run("kubectl logs viasvc").output()).isEqualTo(PAGE);
    }

    @Test
    void anEditedConfigMapReachesTheMountedPageAboutAMinuteLaterAndNginxServesIt() {
        run("kubectl apply -f web-content.yaml");
        run("kubectl apply -f web.yaml");
        cluster.advance(Duration.ofSeconds(20));
        assertThat(run("kubectl get pods").output()).contains("web    1/1     Running   0          20s");
        assertThat(run("kubectl exec web -- cat /usr/share/nginx/html/index.html").output()).isEqualTo(PAGE);

        assertThat(run("kubectl apply -f web-content-v2.yaml").output()).isEqualTo("configmap/web-content configured\n");
        cluster.advance(Duration.ofSeconds(10));
        // Not yet: the kubelet rewrites the files on its next pod sync, once a minute.
        assertThat(run("kubectl exec web -- cat /usr/share/nginx/html/index.html").output()).isEqualTo(PAGE);
        cluster.advance(Duration.ofSeconds(50));
        assertThat(run("kubectl exec web -- cat /usr/share/nginx/html/index.html").output())
                .isEqualTo("<h1>Version 2</h1>\n");
        assertThat(run("kubectl get pods").output()).contains("web    1/1     Running   0          ");

        String ip = run("kubectl get pod web -o jsonpath={.status.podIP}").output();
        run("kubectl run client --image=busybox --restart=Never -- wget -qO- " + ip);
        cluster.advance(Duration.ofSeconds(30));
        assertThat(run("kubectl logs client").output()).isEqualTo("<h1>Version 2</h1>\n");
    }
}
