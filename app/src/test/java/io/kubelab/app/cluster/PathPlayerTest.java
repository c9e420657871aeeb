package io.kubelab.app.cluster;

import io.kubelab.app.session.ComponentId;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PathPlayerTest {

    private static PathStep step(String subject) {
        return PathStep.write(ComponentId.CLIENT, PathStep.Verb.CREATED, subject, "");
    }

    @Test
    void stepsPlayOneAfterTheOther() {
        PathPlayer p = new PathPlayer();
        p.offer(List.of(step("a"), step("b")));
        assertThat(p.tick(0)).isTrue();
        assertThat(p.current().subject()).isEqualTo("a");
        assertThat(p.glow(ComponentId.API_SERVER, 0)).isEqualTo(1.0);
        p.tick(PathPlayer.STEP_NANOS / 2);
        assertThat(p.current().subject()).isEqualTo("a");
        assertThat(p.progress(PathPlayer.STEP_NANOS / 2)).isEqualTo(0.5);
        p.tick(PathPlayer.STEP_NANOS);
        assertThat(p.current().subject()).isEqualTo("b");
        p.tick(2 * PathPlayer.STEP_NANOS);
        assertThat(p.current()).isNull();
        assertThat(p.history()).extracting(s -> s.step().subject()).containsExactly("a", "b");
        // The glow fades, then nothing animates.
        assertThat(p.tick(PathPlayer.STEP_NANOS + PathPlayer.GLOW_NANOS + 1)).isFalse();
    }

    @Test
    void aFloodKeepsOnlyTheLatestSteps() {
        PathPlayer p = new PathPlayer();
        List<PathStep> many = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            many.add(step("s" + i));
        }
        p.offer(many);
        assertThat(p.queued()).isEqualTo(PathPlayer.MAX_QUEUE);
        p.tick(0);
        assertThat(p.current().subject()).isEqualTo("s" + (100 - PathPlayer.MAX_QUEUE));
    }
}
