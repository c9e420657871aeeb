package io.kubelab.linux.runc;

import io.kubelab.engine.runtime.HttpResult;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HostCheckTest {
    private static final Path RUNC = Path.of("/usr/sbin/runc");

    @Test
    void withoutRootRealModeSaysSoAndStaysSimulated() {
        assertThatThrownBy(() -> HostCheck.check("Linux", 1000, RUNC)).isInstanceOf(RealModeUnavailableException.class)
                .hasMessageStartingWith("real mode needs root")
                .hasMessageContaining("sudo").hasMessageEndingWith("Kubelab stays in simulated mode.");
    }

    @Test
    void withoutRuncSaysWhatToInstall() {
        assertThatThrownBy(() -> HostCheck.check("Linux", 0, null)).isInstanceOf(RealModeUnavailableException.class)
                .hasMessageContaining("apt-get install runc busybox-static iptables");
    }

    @Test
    void notOnLinux() {
        assertThatThrownBy(() -> HostCheck.check("Mac OS X", 0, RUNC)).hasMessageContaining("real mode needs Linux");
    }

    @Test
    void rootWithRuncMayRun() throws Exception {
        assertThat(HostCheck.check("Linux", 0, RUNC)).isEqualTo(RUNC);
    }

    @Test
    void parsesARawHttpResponse() {
        HttpResult r = LinuxContainerRuntime.parseResponse("HTTP/1.0 404 Not Found\r\nContent-type: text/html\r\n\r\n<h1>nope</h1>");
        assertThat(r).isEqualTo(new HttpResult.Response(404, "Not Found", java.util.Map.of("Content-type", "text/html"), "<h1>nope</h1>"));
    }
}
