package io.kubelab.engine.runtime;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DockerFormatTest {

    @ParameterizedTest
    @CsvSource({"0.5,Less than a second", "1,1 second", "3,3 seconds", "59,59 seconds", "60,About a minute",
            "119,About a minute", "120,2 minutes", "3599,59 minutes", "3600,About an hour", "5400,2 hours",
            "86400,24 hours", "172800,2 days", "1209600,2 weeks", "5184000,2 months", "63072000,2 years"})
    void humanDuration(double seconds, String expected) {
        assertThat(DockerFormat.humanDuration(Duration.ofMillis((long) (seconds * 1000)))).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"187694648,188MB", "4261574,4.26MB", "77863946,77.9MB", "13256,13.3kB", "743952,744kB", "999,999B",
            "1000000000,1GB"})
    void sizes(long bytes, String expected) {
        assertThat(DockerFormat.size(bytes)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "sh,-c,while true; do echo hello world; sleep 1; done|\"sh -c 'while true; …\"",
            "/hello|\"/hello\"",
            "/docker-entrypoint.sh,nginx,-g,daemon off;|\"/docker-entrypoint.…\""})
    void theCommandColumn(String argv, String expected) {
        assertThat(DockerFormat.command(List.of(argv.split(",")), true)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"RUNNING,3,0,Up 3 seconds", "EXITED,130,0,Exited (0) 2 minutes ago", "EXITED,5,137,Exited (137) 5 seconds ago",
            "CREATED,0,0,Created"})
    void theStatusColumn(ContainerState state, long secondsAgo, int exitCode, String expected) {
        Instant now = Instant.parse("2026-01-01T01:00:00Z");
        Instant then = now.minusSeconds(secondsAgo);
        ContainerStatus c = new ContainerStatus("a".repeat(64), "eloquent_turing", null, "ubuntu", "sha256:x", "x",
                List.of("sh"), state, then, then, state == ContainerState.EXITED ? then : null, exitCode, "", "", Map.of(), false);
        assertThat(DockerFormat.status(c, now)).isEqualTo(expected);
    }
}
