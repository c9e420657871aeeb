package io.kubelab.app.controls;

import io.kubelab.app.TestClusters;
import io.kubelab.app.demo.DemoScenario;
import io.kubelab.app.i18n.I18n;
import io.kubelab.app.session.ClusterSession;
import io.kubelab.engine.Cluster;
import io.kubelab.engine.model.ResourceTypes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

class SimulationControlsViewModelTest {
    private ClusterSession session;
    private SimulationControlsViewModel vm;

    @BeforeEach
    void setUp() {
        Cluster c = TestClusters.withNodes();
        session = ClusterSession.manual(c, TestClusters::withNodes);
        vm = new SimulationControlsViewModel(session, new I18n(Locale.ENGLISH), Runnable::run);
    }

    @AfterEach
    void tearDown() {
        session.close();
    }

    @Test
    void speedClimbsAndDescendsTheLadderWithinItsBounds() {
        assertThat(vm.speedProperty().get()).isEqualTo(1.0);
        vm.faster();
        assertThat(session.speed()).isEqualTo(2.0);
        for (int i = 0; i < 20; i++) {
            vm.faster();
        }
        assertThat(session.speed()).isEqualTo(100.0);
        for (int i = 0; i < 20; i++) {
            vm.slower();
        }
        assertThat(session.speed()).isEqualTo(0.25);
        vm.speedProperty().set(1000);
        assertThat(vm.speedProperty().get()).isEqualTo(100.0);
        assertThat(SimulationControlsViewModel.speedText(0.25)).isEqualTo("0.25\u00D7");
        assertThat(SimulationControlsViewModel.speedText(100)).isEqualTo("100\u00D7");
    }

    @Test
    void pauseAndStep() {
        vm.togglePause();
        assertThat(session.isPaused()).isTrue();
        var before = session.cluster().clock().now();
        vm.step().join();
        assertThat(session.cluster().clock().now()).isEqualTo(before.plus(Duration.ofSeconds(1)));
        assertThat(vm.simTimeProperty().get()).isEqualTo("2026-01-01 00:00:01");
        vm.togglePause();
        assertThat(session.isPaused()).isFalse();
    }

    @Test
    void resetGivesAFreshCluster(@TempDir Path dir) {
        Cluster old = session.cluster();
        old.apply(DemoScenario.nginxYaml());
        vm.reset();
        assertThat(session.cluster()).isNotSameAs(old);
        assertThat(session.cluster().store().<io.fabric8.kubernetes.api.model.HasMetadata>get(ResourceTypes.DEPLOYMENTS, "default", "nginx-deployment")).isNull();
        assertThat(vm.messageProperty().get()).isEqualTo("A fresh cluster");
    }

    @Test
    void saveThenLoadRestoresTheObjectsIntoAFreshCluster(@TempDir Path dir) {
        session.cluster().apply(DemoScenario.nginxYaml());
        Path file = dir.resolve("snap.yaml");
        vm.save(file).join();
        assertThat(vm.messageProperty().get()).isEqualTo("Saved snap.yaml");
        Cluster before = session.cluster();
        assertThat(vm.load(file).join()).isEmpty();
        assertThat(session.cluster()).isNotSameAs(before);
        assertThat(session.cluster().store().<io.fabric8.kubernetes.api.model.HasMetadata>get(ResourceTypes.DEPLOYMENTS, "default", "nginx-deployment")).isNotNull();
        assertThat(vm.messageProperty().get()).isEqualTo("Loaded snap.yaml");
    }

    @Test
    void loadingAMissingFileSaysWhy(@TempDir Path dir) {
        vm.load(dir.resolve("nope.yaml"));
        assertThat(vm.messageProperty().get()).startsWith("Could not load: ").contains("nope.yaml");
    }

    @Test
    void onTheWallClockStepAndSpeedDoNothingButPauseStillPauses() {
        vm.wallTimeProperty().set(true);
        var before = session.cluster().clock().now();
        vm.step().join();
        assertThat(session.cluster().clock().now()).isEqualTo(before);
        vm.faster();
        vm.slower();
        assertThat(session.speed()).isEqualTo(1.0);
        vm.togglePause();
        assertThat(session.isPaused()).isTrue();
        vm.wallTimeProperty().set(false);
        vm.step().join();
        assertThat(session.cluster().clock().now()).isEqualTo(before.plus(SimulationControlsViewModel.STEP));
    }
}
