package io.kubelab.engine.runtime.sim.shell;

import io.kubelab.engine.clock.SimClock;
import io.kubelab.engine.runtime.HttpRequest;
import io.kubelab.engine.runtime.HttpResult;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** A container for shell tests: a busybox-like file system, a clock, one network namespace. */
final class FakeHost implements ProcessHost {
    final SimClock clock = new SimClock(Instant.parse("2026-01-01T00:00:00Z"));
    final SimFileSystem fs = new SimFileSystem(clock.now());
    final Map<Integer, Function<HttpRequest, HttpResult.Response>> listeners = new HashMap<>();
    long memory;
    long limit = Long.MAX_VALUE;
    final List<ShellProcess> oomKilled = new ArrayList<>();

    FakeHost() {
        for (String d : List.of("/bin", "/tmp", "/etc", "/root", "/usr/bin", "/www")) {
            fs.mkdirs(d, clock.now());
        }
        for (String b : List.of("sh", "sleep", "cat", "ls", "hostname", "env", "printenv", "date", "touch", "rm", "mkdir",
                "uname", "wc", "head", "tail", "grep", "ps", "seq", "echo", "httpd", "stress", "alloc", "wget", "nslookup")) {
            fs.putBinary("/bin/" + b, b, clock.now());
        }
        fs.write("/etc/hostname", "demo\n", false, clock.now());
    }

    void advance(Duration d) {
        clock.advance(d);
    }

    @Override
    public Instant now() {
        return clock.now();
    }

    @Override
    public void after(Duration delay, Runnable action) {
        clock.after(delay, action);
    }

    @Override
    public SimFileSystem fs() {
        return fs;
    }

    @Override
    public String hostname() {
        return "demo";
    }

    @Override
    public String kernelRelease() {
        return "5.15.0-107-generic";
    }

    @Override
    public String ip() {
        return "10.244.0.5";
    }

    @Override
    public String nodeName() {
        return "minikube";
    }

    @Override
    public String namespace() {
        return "default";
    }

    @Override
    public boolean listen(int port, Function<HttpRequest, HttpResult.Response> handler, ShellProcess owner) {
        return listeners.putIfAbsent(port, handler) == null;
    }

    @Override
    public void unlisten(int port, ShellProcess owner) {
        listeners.remove(port);
    }

    @Override
    public void allocate(long bytes, ShellProcess owner) {
        memory += bytes;
        if (memory > limit) {
            oomKilled.add(owner);
            owner.kill(137);
        }
    }

    @Override
    public List<String> processes() {
        return List.of("sh");
    }

    @Override
    public SimNetwork network() {
        return null;
    }
}
