package io.kubelab.engine.server.table;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class HumanDurationTest {

    /** The worked examples of {@code duration.HumanDuration}, one per band and on each boundary. */
    @ParameterizedTest(name = "{0} ms -> {1}")
    @CsvSource({
            "-2000, <invalid>",
            "-1500, 0s",
            "0, 0s",
            "999, 0s",
            "45000, 45s",
            "119000, 119s",
            "120000, 2m",
            "200000, 3m20s",
            "599000, 9m59s",
            "600000, 10m",
            "5700000, 95m",
            "10799000, 179m",
            "10800000, 3h",
            "18600000, 5h10m",
            "28799000, 7h59m",
            "28800000, 8h",
            "108000000, 30h",
            "172799000, 47h",
            "172800000, 2d",
            "273600000, 3d4h",
            "691199000, 7d23h",
            "691200000, 8d",
            "17280000000, 200d",
            "63071999000, 729d",
            "63072000000, 2y",
            "96336000000, 3y20d",
            "252288000000, 8y",
            "315360000000, 10y",
    })
    void formatsLikeKubernetes(long millis, String expected) {
        assertThat(HumanDuration.format(Duration.ofMillis(millis))).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(value = {
            "2026-01-01T00:00:00Z, 2026-01-01T00:03:20Z, 3m20s",
            "2026-01-01T00:00:00.5Z, 2026-01-01T00:00:45Z, 44s",
            "2025-12-29T20:00:00+00:00, 2026-01-01T00:00:00Z, 2d4h",
            "NULL, 2026-01-01T00:00:00Z, <unknown>",
    }, nullValues = "NULL")
    void ageOfATimestamp(String timestamp, String now, String expected) {
        assertThat(HumanDuration.since(timestamp, Instant.parse(now))).isEqualTo(expected);
    }
}
