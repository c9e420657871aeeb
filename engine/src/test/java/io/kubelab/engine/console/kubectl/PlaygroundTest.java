package io.kubelab.engine.console.kubectl;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.nio.file.Files;
import java.nio.file.Path;

class PlaygroundTest {
    @Test
    @EnabledIfSystemProperty(named = "playground", matches = "true")
    void serve() throws Exception {
        try (Parity p = Parity.deck()) {
            Files.writeString(Path.of("/tmp/parity-home"), p.home.toString());
            Path stop = Path.of("/tmp/parity-stop");
            while (!Files.exists(stop)) {
                Thread.sleep(500);
            }
            Files.delete(stop);
        }
    }
}
