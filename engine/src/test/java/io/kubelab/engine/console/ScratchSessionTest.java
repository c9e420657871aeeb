package io.kubelab.engine.console;

import io.kubelab.engine.Cluster;
import io.kubelab.engine.ClusterConfig;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

class ScratchSessionTest {
    @Test
    void session() throws Exception {
        Map<String, String> files = new HashMap<>();
        Path dir = Path.of("../lessons/src/main/resources/lessons/11-nginx-service");
        for (String f : new String[] {"run-my-nginx.yaml", "nginx-svc.yaml", "nginx-svc-nodeport.yaml"}) {
            files.put(f, Files.readString(dir.resolve(f)));
        }
        StringBuilder log = new StringBuilder();
        try (Cluster cluster = Cluster.create(ClusterConfig.defaults())) {
            Console c = Consoles.standard(cluster);
            for (String line : Files.readAllLines(Path.of("/tmp/scratch/lines.txt"))) {
                if (line.startsWith("#advance ")) {
                    cluster.advance(Duration.ofSeconds(Long.parseLong(line.substring(9))));
                    continue;
                }
                Console.Result r = c.run(line, files, Duration.ofSeconds(40));
                log.append(c.prompt()).append(line).append("   [rc=").append(r.exitCode()).append("]\n").append(r.output());
            }
        }
        Files.writeString(Path.of("/tmp/scratch/out.txt"), log);
    }
}
