package io.kubelab.app;

import org.junit.jupiter.api.Test;

import java.util.prefs.Preferences;

import static org.assertj.core.api.Assertions.assertThat;

class WindowStateTest {

    @Test
    void theLayoutSurvivesARestart() throws Exception {
        Preferences node = Preferences.userRoot().node("io/kubelab/test-window-state-" + ProcessHandle.current().pid());
        try {
            WindowState.Store store = WindowState.preferences(node);
            assertThat(store.load()).isEqualTo(WindowState.DEFAULT);
            WindowState s = new WindowState(10, 20, 1600, 1000, true, 0.6, 0.8, "projector", "zh-TW");
            store.save(s);
            assertThat(WindowState.preferences(node).load()).isEqualTo(s);
        } finally {
            node.removeNode();
        }
    }

    @Test
    void dividersStayWithinReach() {
        assertThat(WindowState.clamp(0.99)).isEqualTo(0.9);
        assertThat(WindowState.clamp(Double.NaN)).isEqualTo(0.5);
    }
}
