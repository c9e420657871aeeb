package io.kubelab.app.runtime;

import io.kubelab.app.cli.KubelabCommand;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class ClusterRuntimeTest {
    @AfterEach
    void clear() {
        System.clearProperty(ClusterRuntime.PROPERTY);
    }

    @Test
    void parsesTheNamesServeAndTheAppAccept() {
        assertThat(ClusterRuntime.parse("linux")).contains(ClusterRuntime.LINUX);
        assertThat(ClusterRuntime.parse(" Real ")).contains(ClusterRuntime.LINUX);
        assertThat(ClusterRuntime.parse("sim")).contains(ClusterRuntime.SIMULATED);
        assertThat(ClusterRuntime.parse("simulated")).contains(ClusterRuntime.SIMULATED);
        assertThat(ClusterRuntime.parse("docker")).isEmpty();
        assertThat(ClusterRuntime.parse(null)).isEmpty();
        assertThat(ClusterRuntime.LINUX.wallTime()).isTrue();
        assertThat(ClusterRuntime.SIMULATED.wallTime()).isFalse();
    }

    @Test
    void kubelabDashDashRuntimeOpensTheAppWithTheProperty() {
        AtomicReference<String> seen = new AtomicReference<>();
        int rc = KubelabCommand.execute(new String[] {"--runtime", "linux"}, a -> seen.set(System.getProperty(ClusterRuntime.PROPERTY)),
                new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
        assertThat(rc).isZero();
        assertThat(seen.get()).isEqualTo("linux");
    }

    @Test
    void anUnknownRuntimeIsAUsageErrorAndOpensNothing() {
        AtomicReference<String> opened = new AtomicReference<>();
        StringWriter err = new StringWriter();
        int rc = KubelabCommand.execute(new String[] {"--runtime", "docker"}, a -> opened.set("opened"),
                new PrintWriter(new StringWriter()), new PrintWriter(err));
        assertThat(rc).isEqualTo(2);
        assertThat(opened.get()).isNull();
        assertThat(err.toString()).startsWith("Invalid value for option '--runtime': expected one of [sim, linux] "
                + "but was 'docker'").contains("Usage: kubelab");
        assertThat(System.getProperty(ClusterRuntime.PROPERTY)).isNull();
    }
}
