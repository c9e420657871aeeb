package io.kubelab.engine.runtime.sim;

import io.kubelab.engine.clock.SimClock;
import io.kubelab.engine.runtime.ContainerConfig;
import io.kubelab.engine.runtime.ExecResult;
import io.kubelab.engine.runtime.HttpRequest;
import io.kubelab.engine.runtime.HttpResult;
import io.kubelab.engine.runtime.LogLine;
import io.kubelab.engine.runtime.PodSandbox;
import io.kubelab.engine.runtime.SandboxConfig;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pins, byte for byte, what a student sees of a pod's nginx container in the simulated runtime:
 * its log (each line's time, stream and text: the entrypoint's lines, nginx's start-up lines with
 * the clock's second, an access-log line, the shutdown lines on SIGQUIT), the files the runtime
 * writes at start ({@code /etc/hostname}, {@code /etc/hosts}, {@code /etc/resolv.conf}), the
 * image's configuration, the environment in its order and a few commands run with {@code exec}.
 * The runtime's start-up path is tuned for 150,000 containers; this test is what keeps the
 * tuning from changing anything visible.
 */
class NginxContainerPinTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private final SimClock clock = new SimClock(T0);
    private final SimContainerRuntime runtime = new SimContainerRuntime("minikube-m03", 3, clock, ImageCatalog.standard(), 7,
            4L * 1024 * 1024 * 1024);

    private <T> T await(CompletableFuture<T> f) {
        for (int i = 0; i < 600 && !f.isDone(); i++) {
            clock.advance(Duration.ofMillis(100));
        }
        assertThat(f).isDone();
        return f.join();
    }

    /** A pod with one nginx container, started as the kubelet starts it (the kubernetes Service's variables in its env). */
    private String startPod(String pod, String namespace) {
        PodSandbox sb = await(runtime.runPodSandbox(new SandboxConfig(pod, namespace, "uid-" + pod, 0, Map.of("app", "web"))));
        Map<String, String> env = new LinkedHashMap<>();
        env.put("KUBERNETES_SERVICE_HOST", "10.0.0.1");
        env.put("KUBERNETES_SERVICE_PORT", "443");
        env.put("KUBERNETES_SERVICE_PORT_HTTPS", "443");
        env.put("KUBERNETES_PORT", "tcp://10.0.0.1:443");
        env.put("KUBERNETES_PORT_443_TCP", "tcp://10.0.0.1:443");
        env.put("KUBERNETES_PORT_443_TCP_PROTO", "tcp");
        env.put("KUBERNETES_PORT_443_TCP_PORT", "443");
        env.put("KUBERNETES_PORT_443_TCP_ADDR", "10.0.0.1");
        String id = await(runtime.createContainer(sb.id(), new ContainerConfig("nginx", "nginx:1.25", null, null, env,
                null, 0, pod, namespace, "uid-" + pod, 0, null)));
        await(runtime.startContainer(id));
        return id;
    }

    private static String dump(List<LogLine> lines) {
        StringBuilder sb = new StringBuilder();
        for (LogLine l : lines) {
            sb.append(l.time()).append(' ').append(l.stream()).append(' ').append(l.text()).append('\n');
        }
        return sb.toString();
    }

    private String exec(String id, String... command) {
        ExecResult r = await(runtime.exec(id, List.of(command)));
        return r.exitCode() + "|" + r.stdout() + "|" + r.stderr();
    }

    @Test
    void aPodsNginxContainerLogsAndFilesAreExactlyAsBefore() {
        await(runtime.pullImage("nginx:1.25"));
        String web = startPod("web-7d4b9c", "default");
        clock.advance(Duration.ofMillis(1234));
        String other = startPod("api-5f6d8", "shop");

        HttpResult.Response r = (HttpResult.Response) await(runtime.http(HttpRequest.get("10.244.3.1", "10.244.3.2", 80,
                "/", "curl/7.81.0")));
        assertThat(r.status()).isEqualTo(200);

        StringBuilder seen = new StringBuilder();
        seen.append("== web log\n").append(dump(runtime.logs(web)));
        seen.append("== other log\n").append(dump(runtime.logs(other)));
        for (String file : List.of("/etc/hostname", "/etc/hosts", "/etc/resolv.conf", "/etc/nginx/conf.d/default.conf")) {
            seen.append("== cat ").append(file).append('\n').append(exec(web, "cat", file)).append('\n');
        }
        seen.append("== other resolv.conf\n").append(exec(other, "cat", "/etc/resolv.conf")).append('\n');
        seen.append("== env\n").append(exec(web, "env")).append('\n');
        seen.append("== ls -l /etc\n").append(exec(web, "ls", "-l", "/etc")).append('\n');
        seen.append("== sh\n").append(exec(web, "sh", "-c", "echo $HOSTNAME $(date '+%H:%M:%S') $(uname -r); "
                + "echo \"$NGINX_VERSION\" > /tmp/v; cat /tmp/v; nosuch; echo $?; nginx -v")).append('\n');
        seen.append("== ps\n").append(exec(web, "ps")).append('\n');

        clock.advance(Duration.ofMillis(2500));
        await(runtime.stopContainer(web, Duration.ofSeconds(30)));
        seen.append("== web log after stop\n").append(dump(runtime.logs(web)));
        seen.append("== status ").append(runtime.containerStatus(web).orElseThrow().exitCode()).append(' ')
                .append(runtime.containerStatus(web).orElseThrow().finishedAt()).append('\n');

        assertThat(seen.toString()).isEqualTo(EXPECTED);
    }

    @Test
    void aContainersOwnProgramsInPathShadowTheImagesAndNoOtherContainerSeesThem() {
        await(runtime.pullImage("nginx:1.25"));
        String a = startPod("a", "default");
        String b = startPod("b", "default");
        String date = "0|Thu Jan  1 00:00:03 UTC 2026\n|";

        assertThat(exec(a, "date")).isEqualTo(date);
        // A script earlier in PATH than /bin/date wins, in exec and in a shell alike.
        assertThat(exec(a, "sh", "-c", "echo '#!/bin/sh' > /usr/sbin/date; echo 'echo fake date' >> /usr/sbin/date"))
                .isEqualTo("0||");
        assertThat(exec(a, "date")).isEqualTo("0|fake date\n|");
        assertThat(exec(a, "sh", "-c", "date; uname -r")).isEqualTo("0|fake date\n5.15.0-107-generic\n|");
        assertThat(exec(b, "date")).isEqualTo(date);
        // A plain file or a directory of that name is passed over, as PATH search passes over what it cannot run.
        assertThat(exec(a, "sh", "-c", "echo text > /usr/sbin/uname; mkdir /usr/sbin/hostname; uname -r; hostname"))
                .isEqualTo("0|5.15.0-107-generic\na\n|");
        // Removed: the image's program again; the image's program removed: not found.
        assertThat(exec(a, "sh", "-c", "rm /usr/sbin/date; date; rm /bin/uname; uname -r; echo $?"))
                .isEqualTo("0|Thu Jan  1 00:00:03 UTC 2026\n127\n|sh: uname: not found\n");
        assertThat(exec(a, "uname")).startsWith("126||OCI runtime exec failed");
        assertThat(exec(b, "uname", "-r")).isEqualTo("0|5.15.0-107-generic\n|");
    }

    private static final String EXPECTED = """
            == web log
            2026-01-01T00:00:02.900Z STDOUT /docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration
            2026-01-01T00:00:02.900Z STDOUT /docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/
            2026-01-01T00:00:02.900Z STDOUT /docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh
            2026-01-01T00:00:02.900Z STDOUT 10-listen-on-ipv6-by-default.sh: info: Getting the checksum of /etc/nginx/conf.d/default.conf
            2026-01-01T00:00:02.900Z STDOUT 10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf
            2026-01-01T00:00:02.900Z STDOUT /docker-entrypoint.sh: Sourcing /docker-entrypoint.d/15-local-resolvers.envsh
            2026-01-01T00:00:02.900Z STDOUT /docker-entrypoint.sh: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh
            2026-01-01T00:00:02.900Z STDOUT /docker-entrypoint.sh: Launching /docker-entrypoint.d/30-tune-worker-processes.sh
            2026-01-01T00:00:02.900Z STDOUT /docker-entrypoint.sh: Configuration complete; ready for start up
            2026-01-01T00:00:02.900Z STDERR 2026/01/01 00:00:02 [notice] 1#1: using the "epoll" event method
            2026-01-01T00:00:02.900Z STDERR 2026/01/01 00:00:02 [notice] 1#1: nginx/1.25.5
            2026-01-01T00:00:02.900Z STDERR 2026/01/01 00:00:02 [notice] 1#1: built by gcc 12.2.0 (Debian 12.2.0-14)\s
            2026-01-01T00:00:02.900Z STDERR 2026/01/01 00:00:02 [notice] 1#1: OS: Linux 5.15.0-107-generic
            2026-01-01T00:00:02.900Z STDERR 2026/01/01 00:00:02 [notice] 1#1: getrlimit(RLIMIT_NOFILE): 1048576:1048576
            2026-01-01T00:00:02.900Z STDERR 2026/01/01 00:00:02 [notice] 1#1: start worker processes
            2026-01-01T00:00:02.900Z STDERR 2026/01/01 00:00:02 [notice] 1#1: start worker process 29
            2026-01-01T00:00:02.900Z STDERR 2026/01/01 00:00:02 [notice] 1#1: start worker process 30
            2026-01-01T00:00:04.934Z STDOUT 10.244.3.1 - - [01/Jan/2026:00:00:04 +0000] "GET / HTTP/1.1" 200 615 "-" "curl/7.81.0" "-"
            == other log
            2026-01-01T00:00:04.934Z STDOUT /docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration
            2026-01-01T00:00:04.934Z STDOUT /docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/
            2026-01-01T00:00:04.934Z STDOUT /docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh
            2026-01-01T00:00:04.934Z STDOUT 10-listen-on-ipv6-by-default.sh: info: Getting the checksum of /etc/nginx/conf.d/default.conf
            2026-01-01T00:00:04.934Z STDOUT 10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf
            2026-01-01T00:00:04.934Z STDOUT /docker-entrypoint.sh: Sourcing /docker-entrypoint.d/15-local-resolvers.envsh
            2026-01-01T00:00:04.934Z STDOUT /docker-entrypoint.sh: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh
            2026-01-01T00:00:04.934Z STDOUT /docker-entrypoint.sh: Launching /docker-entrypoint.d/30-tune-worker-processes.sh
            2026-01-01T00:00:04.934Z STDOUT /docker-entrypoint.sh: Configuration complete; ready for start up
            2026-01-01T00:00:04.934Z STDERR 2026/01/01 00:00:04 [notice] 1#1: using the "epoll" event method
            2026-01-01T00:00:04.934Z STDERR 2026/01/01 00:00:04 [notice] 1#1: nginx/1.25.5
            2026-01-01T00:00:04.934Z STDERR 2026/01/01 00:00:04 [notice] 1#1: built by gcc 12.2.0 (Debian 12.2.0-14)\s
            2026-01-01T00:00:04.934Z STDERR 2026/01/01 00:00:04 [notice] 1#1: OS: Linux 5.15.0-107-generic
            2026-01-01T00:00:04.934Z STDERR 2026/01/01 00:00:04 [notice] 1#1: getrlimit(RLIMIT_NOFILE): 1048576:1048576
            2026-01-01T00:00:04.934Z STDERR 2026/01/01 00:00:04 [notice] 1#1: start worker processes
            2026-01-01T00:00:04.934Z STDERR 2026/01/01 00:00:04 [notice] 1#1: start worker process 29
            2026-01-01T00:00:04.934Z STDERR 2026/01/01 00:00:04 [notice] 1#1: start worker process 30
            == cat /etc/hostname
            0|web-7d4b9c
            |
            == cat /etc/hosts
            0|# Kubernetes-managed hosts file.
            127.0.0.1\tlocalhost
            ::1\tlocalhost ip6-localhost ip6-loopback
            fe00::0\tip6-localnet
            fe00::0\tip6-mcastprefix
            fe00::1\tip6-allnodes
            fe00::2\tip6-allrouters
            10.244.3.2\tweb-7d4b9c
            |
            == cat /etc/resolv.conf
            0|nameserver 10.0.0.10
            search default.svc.cluster.local svc.cluster.local cluster.local
            options ndots:5
            |
            == cat /etc/nginx/conf.d/default.conf
            0|server {
                listen       80;
                listen  [::]:80;
                server_name  localhost;

                location / {
                    root   /usr/share/nginx/html;
                    index  index.html index.htm;
                }

                error_page   500 502 503 504  /50x.html;
                location = /50x.html {
                    root   /usr/share/nginx/html;
                }
            }
            |
            == other resolv.conf
            0|nameserver 10.0.0.10
            search shop.svc.cluster.local svc.cluster.local cluster.local
            options ndots:5
            |
            == env
            0|PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
            HOSTNAME=web-7d4b9c
            KUBERNETES_SERVICE_HOST=10.0.0.1
            KUBERNETES_SERVICE_PORT=443
            KUBERNETES_SERVICE_PORT_HTTPS=443
            KUBERNETES_PORT=tcp://10.0.0.1:443
            KUBERNETES_PORT_443_TCP=tcp://10.0.0.1:443
            KUBERNETES_PORT_443_TCP_PROTO=tcp
            KUBERNETES_PORT_443_TCP_PORT=443
            KUBERNETES_PORT_443_TCP_ADDR=10.0.0.1
            NGINX_VERSION=1.25.5
            NJS_VERSION=0.8.4
            PKG_RELEASE=1~bookworm
            HOME=/root
            PWD=/
            |
            == ls -l /etc
            0|total 24
            -rw-r--r--  1 root root        5 Apr 16 14:29 debian_version
            -rw-r--r--  1 root root       11 Jan  1 00:00 hostname
            -rw-r--r--  1 root root      205 Jan  1 00:00 hosts
            drwxr-xr-x  2 root root     4096 Apr 16 14:29 nginx
            -rw-r--r--  1 root root      267 Apr 16 14:29 os-release
            -rw-r--r--  1 root root      102 Jan  1 00:00 resolv.conf
            |
            == sh
            0|web-7d4b9c 00:00:04 5.15.0-107-generic
            1.25.5
            127
            |sh: nosuch: not found
            nginx version: nginx/1.25.5

            == ps
            126||OCI runtime exec failed: exec failed: unable to start container process: exec: "ps": executable file not found in $PATH: unknown

            == web log after stop
            2026-01-01T00:00:02.900Z STDOUT /docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration
            2026-01-01T00:00:02.900Z STDOUT /docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/
            2026-01-01T00:00:02.900Z STDOUT /docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh
            2026-01-01T00:00:02.900Z STDOUT 10-listen-on-ipv6-by-default.sh: info: Getting the checksum of /etc/nginx/conf.d/default.conf
            2026-01-01T00:00:02.900Z STDOUT 10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf
            2026-01-01T00:00:02.900Z STDOUT /docker-entrypoint.sh: Sourcing /docker-entrypoint.d/15-local-resolvers.envsh
            2026-01-01T00:00:02.900Z STDOUT /docker-entrypoint.sh: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh
            2026-01-01T00:00:02.900Z STDOUT /docker-entrypoint.sh: Launching /docker-entrypoint.d/30-tune-worker-processes.sh
            2026-01-01T00:00:02.900Z STDOUT /docker-entrypoint.sh: Configuration complete; ready for start up
            2026-01-01T00:00:02.900Z STDERR 2026/01/01 00:00:02 [notice] 1#1: using the "epoll" event method
            2026-01-01T00:00:02.900Z STDERR 2026/01/01 00:00:02 [notice] 1#1: nginx/1.25.5
            2026-01-01T00:00:02.900Z STDERR 2026/01/01 00:00:02 [notice] 1#1: built by gcc 12.2.0 (Debian 12.2.0-14)\s
            2026-01-01T00:00:02.900Z STDERR 2026/01/01 00:00:02 [notice] 1#1: OS: Linux 5.15.0-107-generic
            2026-01-01T00:00:02.900Z STDERR 2026/01/01 00:00:02 [notice] 1#1: getrlimit(RLIMIT_NOFILE): 1048576:1048576
            2026-01-01T00:00:02.900Z STDERR 2026/01/01 00:00:02 [notice] 1#1: start worker processes
            2026-01-01T00:00:02.900Z STDERR 2026/01/01 00:00:02 [notice] 1#1: start worker process 29
            2026-01-01T00:00:02.900Z STDERR 2026/01/01 00:00:02 [notice] 1#1: start worker process 30
            2026-01-01T00:00:04.934Z STDOUT 10.244.3.1 - - [01/Jan/2026:00:00:04 +0000] "GET / HTTP/1.1" 200 615 "-" "curl/7.81.0" "-"
            2026-01-01T00:00:07.434Z STDERR 2026/01/01 00:00:07 [notice] 1#1: signal 3 (SIGQUIT) received, shutting down
            2026-01-01T00:00:07.434Z STDERR 2026/01/01 00:00:07 [notice] 29#29: gracefully shutting down
            2026-01-01T00:00:07.434Z STDERR 2026/01/01 00:00:07 [notice] 29#29: exiting
            2026-01-01T00:00:07.434Z STDERR 2026/01/01 00:00:07 [notice] 29#29: exit
            2026-01-01T00:00:07.434Z STDERR 2026/01/01 00:00:07 [notice] 1#1: signal 17 (SIGCHLD) received from 29
            2026-01-01T00:00:07.434Z STDERR 2026/01/01 00:00:07 [notice] 1#1: worker process 29 exited with code 0
            2026-01-01T00:00:07.434Z STDERR 2026/01/01 00:00:07 [notice] 1#1: exit
            == status 0 2026-01-01T00:00:07.434Z
            """;
}
