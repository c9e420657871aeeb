package io.kubelab.engine.controller.util;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class ControllerExpectationsTest {
    final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
    final ControllerExpectations e = new ControllerExpectations(now::get);

    @Test
    void aKeyWithoutExpectationsMayAct() {
        assertThat(e.satisfied("default/rs")).isTrue();
    }

    @Test
    void creationsMustAllBeObserved() {
        e.expectCreations("default/rs", 2);
        assertThat(e.satisfied("default/rs")).isFalse();
        e.creationObserved("default/rs");
        assertThat(e.satisfied("default/rs")).isFalse();
        e.creationObserved("default/rs");
        assertThat(e.satisfied("default/rs")).isTrue();
    }

    @Test
    void deletionsCountOncePerPod() {
        e.expectDeletions("default/rs", List.of("default/a", "default/b"));
        e.deletionObserved("default/rs", "default/a");
        e.deletionObserved("default/rs", "default/a"); // terminating, then gone: once
        e.deletionObserved("default/rs", "default/x"); // not one we asked for
        assertThat(e.pending("default/rs")).containsExactly(0, 1);
        assertThat(e.satisfied("default/rs")).isFalse();
        e.deletionObserved("default/rs", "default/b");
        assertThat(e.satisfied("default/rs")).isTrue();
    }

    @Test
    void unmetExpectationsExpireAfterFiveMinutes() {
        e.expectCreations("default/rs", 3);
        now.set(now.get().plus(Duration.ofMinutes(5)).minusSeconds(1));
        assertThat(e.satisfied("default/rs")).isFalse();
        now.set(now.get().plusSeconds(1));
        assertThat(e.satisfied("default/rs")).isTrue();
    }

    @Test
    void deletingTheKeyForgetsIt() {
        e.expectCreations("default/rs", 3);
        e.delete("default/rs");
        assertThat(e.satisfied("default/rs")).isTrue();
    }
}
