package io.kubelab.app.runtime;

import io.kubelab.app.session.ClusterSession;
import io.kubelab.engine.ClusterConfig;
import io.kubelab.engine.console.Execution;
import io.kubelab.engine.console.Output;
import io.kubelab.linux.LinuxPlatform;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

class ScratchRealTest {
    @TempDir
    Path dir;

    @Test
    void print() throws Exception {
        ClusterSession s = ClusterSession.running(ClusterFactories.of(ClusterRuntime.LINUX, ClusterConfig.defaults().withNodes(2),
                n -> LinuxPlatform.create(n, dir)), 50, false);
        try {
            for (String line : System.getProperty("lines").split("\\|")) {
                if (line.startsWith("@")) {
                    Thread.sleep(Long.parseLong(line.substring(1)) * 1000);
                    continue;
                }
                StringBuilder b = new StringBuilder();
                Output out = new Output() {
                    public void out(String t) { synchronized (b) { b.append(t); } }
                    public void err(String t) { synchronized (b) { b.append(t); } }
                };
                Execution e = s.submit(() -> s.console().start(line, Map.of(), out)).get();
                for (int i = 0; i < 300 && !e.isDone(); i++) {
                    Thread.sleep(100);
                }
                if (!e.isDone()) {
                    s.submit(() -> { e.interrupt(); return null; }).get();
                }
                String prompt = s.submit(() -> s.console().prompt()).get();
                synchronized (b) {
                    System.out.println(prompt + line + "\n" + b);
                }
            }
        } finally {
            s.close();
        }
    }
}
