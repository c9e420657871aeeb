package io.kubelab.engine.runtime.sim.shell;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EnvironmentTest {
    private static Map<String, String> env() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        env.put("HOSTNAME", "web");
        env.put("KUBERNETES_SERVICE_HOST", "10.96.0.1");
        env.put("NGINX_VERSION", "1.25.5");
        env.put("HOME", "/root");
        return env;
    }

    @Test
    void aFrozenEnvironmentKeepsItsOrderAndRefusesWrites() {
        Map<String, String> frozen = Environment.freeze(env());
        assertThat(frozen).containsExactlyEntriesOf(env());
        assertThat(List.copyOf(frozen.keySet())).containsExactly("PATH", "HOSTNAME", "KUBERNETES_SERVICE_HOST", "NGINX_VERSION", "HOME");
        assertThat(frozen.get("HOME")).isEqualTo("/root");
        assertThat(frozen.get("MISSING")).isNull();
        assertThat(Environment.freeze(frozen)).isSameAs(frozen);
        assertThatThrownBy(() -> frozen.put("X", "1")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void aProcessSeesItsOwnChangesAndTheContainersEnvironmentStaysAsItWas() {
        Map<String, String> frozen = Environment.freeze(env());
        Map<String, String> a = Environment.variables(frozen);
        Map<String, String> b = Environment.variables(frozen);
        a.put("HOME", "/tmp");
        a.put("t", "2026/01/01 00:00:06");
        a.remove("HOSTNAME");

        assertThat(a.get("HOME")).isEqualTo("/tmp");
        assertThat(a.containsKey("HOSTNAME")).isFalse();
        assertThat(List.copyOf(a.keySet())).containsExactly("PATH", "KUBERNETES_SERVICE_HOST", "NGINX_VERSION", "HOME", "t");
        assertThat(b).containsExactlyEntriesOf(env());
        assertThat(frozen).containsExactlyEntriesOf(env());
    }

    /** Random puts and removes: the overlay iterates and answers exactly as a LinkedHashMap copy would. */
    @Test
    void anOverlayBehavesAsALinkedHashMapCopy() {
        Random random = new Random(7);
        List<String> names = new ArrayList<>(env().keySet());
        names.addAll(List.of("A", "B", "PWD", "t"));
        for (int round = 0; round < 200; round++) {
            Map<String, String> model = new LinkedHashMap<>(env());
            Map<String, String> overlay = Environment.variables(Environment.freeze(env()));
            for (int step = 0; step < 12; step++) {
                String k = names.get(random.nextInt(names.size()));
                if (random.nextInt(3) == 0) {
                    assertThat(overlay.remove(k)).isEqualTo(model.remove(k));
                } else {
                    String v = "v" + random.nextInt(5);
                    assertThat(overlay.put(k, v)).isEqualTo(model.put(k, v));
                }
                assertThat(overlay.get(k)).isEqualTo(model.get(k));
                assertThat(overlay.containsKey(k)).isEqualTo(model.containsKey(k));
            }
            assertThat(overlay).containsExactlyEntriesOf(model);
            assertThat(overlay.size()).isEqualTo(model.size());
            assertThat(new LinkedHashMap<>(overlay)).isEqualTo(model);
        }
    }

    @Test
    void aNonFrozenEnvironmentIsCopied() {
        Map<String, String> plain = env();
        Map<String, String> vars = Environment.variables(plain);
        vars.put("X", "1");
        assertThat(plain).doesNotContainKey("X");
    }
}
