package io.kubelab.engine.runtime.sim;

import io.kubelab.engine.clock.SimClock;
import io.kubelab.engine.runtime.ContainerConfig;
import io.kubelab.engine.runtime.ContainerRuntime;
import io.kubelab.engine.runtime.LogLine;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ContainerRuntime#logsAndFollow}'s default (the lines so far, then a follow) with the
 * simulated runtime, which logs on the caller's thread: each line once, then the end.
 */
class SimLogsAndFollowTest {
    private final SimClock clock = new SimClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final SimContainerRuntime runtime = new SimContainerRuntime("minikube", 0, clock, ImageCatalog.standard(), 42,
            4L * 1024 * 1024 * 1024);
    /** What a follower saw, in order: "line:TEXT" and "end". */
    private final List<String> seen = new ArrayList<>();

    private <T> T await(CompletableFuture<T> f) {
        for (int i = 0; i < 600 && !f.isDone(); i++) {
            clock.advance(Duration.ofMillis(100));
        }
        assertThat(f).isDone();
        return f.join();
    }

    private String run(String script) {
        await(runtime.pullImage("ubuntu"));
        String id = await(runtime.createContainer(null, ContainerConfig.standalone(null, "ubuntu",
                List.of("sh", "-c", script), Map.of())));
        await(runtime.startContainer(id));
        return id;
    }

    private ContainerRuntime.FollowedLogs follow(String id) {
        return runtime.logsAndFollow(id, l -> seen.add("line:" + l.text()), () -> seen.add("end"));
    }

    @Test
    void theLinesSoFarThenEachLaterLineOnceThenTheEnd() {
        String id = run("echo one; sleep 1; echo two; sleep 1; echo three");
        clock.advance(Duration.ofMillis(500));

        ContainerRuntime.FollowedLogs taken = follow(id);
        assertThat(taken.lines()).extracting(LogLine::text).containsExactly("one");
        assertThat(seen).isEmpty();

        clock.advance(Duration.ofSeconds(3));
        assertThat(seen).containsExactly("line:two", "line:three", "end");
        taken.subscription().close();
        assertThat(seen).containsExactly("line:two", "line:three", "end");
    }

    @Test
    void anExitedContainerEndsAtOnceAfterItsLines() {
        String id = run("echo done");
        clock.advance(Duration.ofSeconds(1));

        ContainerRuntime.FollowedLogs taken = follow(id);
        assertThat(taken.lines()).extracting(LogLine::text).containsExactly("done");
        assertThat(seen).containsExactly("end");

        ContainerRuntime.FollowedLogs none = runtime.logsAndFollow("0123456789ab", l -> seen.add("?"), () -> seen.add("gone"));
        assertThat(none.lines()).isEmpty();
        assertThat(seen).containsExactly("end", "gone");
    }

    @Test
    void aClosedFollowGetsNoMoreLinesAndNoEnd() {
        String id = run("echo one; sleep 1; echo two");
        clock.advance(Duration.ofMillis(500));

        follow(id).subscription().close();
        clock.advance(Duration.ofSeconds(2));
        assertThat(seen).isEmpty();
    }
}
