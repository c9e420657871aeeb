package io.kubelab.engine.scheduler;

import io.kubelab.engine.clock.SimClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class SchedulingQueueTest {
    private final SimClock clock = new SimClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final SchedulingQueue queue = new SchedulingQueue(clock);

    @ParameterizedTest(name = "attempt {0} → backoff {1} s")
    @CsvSource({"1, 1", "2, 2", "3, 4", "4, 8", "5, 10", "30, 10"})
    void backoffDoublesFromOneToTenSeconds(int attempts, long seconds) {
        assertThat(SchedulingQueue.backoff(attempts)).isEqualTo(Duration.ofSeconds(seconds));
    }

    @ParameterizedTest(name = "{0} nodes, percentage {1} → {2}")
    @CsvSource({
            "3, 0, 3",
            "99, 0, 99",
            "100, 0, 100",        // 49 % = 49, raised to 100
            "200, 0, 100",
            "500, 0, 230",        // 46 %
            "1000, 0, 420",       // 42 %
            "5000, 0, 500",       // 10 %
            "6000, 0, 300",       // 2 % → at least 5 %
            "10000, 0, 500",
            "1000, 100, 1000",
            "1000, 30, 300",
            "1000, 5, 100",
    })
    void numFeasibleNodesToFind(int nodes, int percentage, int expected) {
        assertThat(Scheduler.numFeasibleNodesToFind(nodes, percentage)).isEqualTo(expected);
    }

    @Test
    void higherPriorityFirstThenFirstComeFirstServed() {
        queue.add("default/a", 0, "s");
        queue.add("default/b", 100, "s");
        queue.add("default/c", 0, "s");
        queue.add("default/a", 0, "s");
        assertThat(queue.pop()).isEqualTo("default/b");
        assertThat(queue.pop()).isEqualTo("default/a");
        assertThat(queue.pop()).isEqualTo("default/c");
        assertThat(queue.pop()).isNull();
    }

    @Test
    void onlyEventsInterestingToTheRejectingPluginsWakeAPodAfterItsBackoff() {
        queue.add("default/big", 0, "s1");
        assertThat(queue.pop()).isEqualTo("default/big");
        queue.beginAttempt("default/big");
        queue.markUnschedulable("default/big", 0, "s1", Set.of("NodeResourcesFit"), clock.now());

        queue.moveOnEvent(Set.of("InterPodAffinity"), clock.now());
        assertThat(queue.isWaiting("default/big")).isTrue();
        // The same pod seen again unchanged (our own status write) does not wake it.
        queue.add("default/big", 0, "s1");
        assertThat(queue.pop()).isNull();

        queue.moveOnEvent(Set.of("NodeResourcesFit"), clock.now());
        assertThat(queue.pop()).as("still backing off").isNull();
        clock.advance(Duration.ofSeconds(1));
        assertThat(queue.pop()).isEqualTo("default/big");
    }

    @Test
    void aChangedPodIsTriedAtOnce() {
        queue.add("default/p", 0, "gen1");
        queue.pop();
        queue.beginAttempt("default/p");
        queue.markUnschedulable("default/p", 0, "gen1", Set.of("NodeAffinity"), clock.now());
        queue.add("default/p", 0, "gen2");
        assertThat(queue.pop()).isEqualTo("default/p");
    }
}
