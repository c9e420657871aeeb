package io.kubelab.linux.runc;

import io.kubelab.engine.runtime.ContainerConfig;
import io.kubelab.engine.runtime.ContainerRuntime;
import io.kubelab.engine.runtime.ContainerState;
import io.kubelab.engine.runtime.LogLine;
import io.kubelab.engine.runtime.PodSandbox;
import io.kubelab.engine.runtime.RuntimeOperationException;
import io.kubelab.engine.runtime.SandboxConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static io.kubelab.linux.runc.LinuxContainerRuntimeTest.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

/**
 * {@code logs -f} on real containers: the lines so far and the later ones each once (the runtime's
 * pump and reaper threads append while the follow is taken), and the end after the last line, at
 * once for an exited container, also when the container cannot start. Needs root and runc.
 */
@Tag("root")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LogFollowTest {
    static final String NODE = RootTests.node("kllogs");
    private TestRuntime runtime;
    private LinuxContainerRuntime rt;
    private PodSandbox sandbox;

    @BeforeAll
    void start() throws Exception {
        RootTests.assumeRealMode();
        runtime = TestRuntime.start(NODE, "kubelab-logs-");
        rt = runtime.rt;
        sandbox = await(rt.runPodSandbox(new SandboxConfig("logs", "default", "uid-logs", 0, Map.of("app", "logs"))));
    }

    @AfterAll
    void stop() throws Exception {
        if (runtime != null) {
            if (sandbox != null) {
                await(rt.stopPodSandbox(sandbox.id()));
                rt.removePodSandbox(sandbox.id());
            }
            runtime.close();
        }
    }

    private static int names;

    private String create(String script) throws Exception {
        String name = "c" + (++names);
        return await(rt.createContainer(sandbox.id(), new ContainerConfig(name, "busybox", List.of(script.split(" ", -1)),
                null, Map.of(), null, 0, "logs", "default", "uid-logs", 0, null)));
    }

    private String createSh(String script) throws Exception {
        String name = "c" + (++names);
        return await(rt.createContainer(sandbox.id(), new ContainerConfig(name, "busybox", List.of("sh", "-c", script),
                null, Map.of(), null, 0, "logs", "default", "uid-logs", 0, null)));
    }

    /** A follower that writes down, in order, what it got: "TEXT" per line and "<end>". */
    private static final class Seen {
        final List<String> events = Collections.synchronizedList(new ArrayList<>());
        final CountDownLatch ended = new CountDownLatch(1);
        final AtomicInteger ends = new AtomicInteger();
        List<String> snapshot = List.of();

        void line(LogLine l) {
            events.add(l.text());
        }

        void end() {
            ends.incrementAndGet();
            events.add("<end>");
            ended.countDown();
        }

        ContainerRuntime.Subscription take(ContainerRuntime rt, String id) {
            ContainerRuntime.FollowedLogs taken = rt.logsAndFollow(id, this::line, this::end);
            snapshot = taken.lines().stream().map(LogLine::text).toList();
            return taken.subscription();
        }

        void awaitEnd() throws InterruptedException {
            assertThat(ended.await(30, TimeUnit.SECONDS)).as("the follow ended").isTrue();
        }

        /** The snapshot, then what came after it. */
        List<String> all() {
            List<String> out = new ArrayList<>(snapshot);
            synchronized (events) {
                out.addAll(events);
            }
            return out;
        }
    }

    @Test
    void aFollowGetsEachLineOnceAndEndsAfterTheLast() throws Exception {
        String id = createSh("echo one; sleep 1; echo two");
        await(rt.startContainer(id));
        Seen seen = new Seen();
        seen.take(rt, id);
        seen.awaitEnd();

        assertThat(seen.all()).containsExactly("one", "two", "<end>");
        assertThat(seen.events).as("two came while following").contains("two");
        // removing the container does not end it again
        LinuxContainerRuntimeTest.eventually(() -> rt.containerStatus(id).orElseThrow().state() == ContainerState.EXITED,
                "exited");
        assertThat(rt.removeContainer(id)).isTrue();
        assertThat(seen.ends).hasValue(1);
    }

    @Test
    void aFollowOfAnExitedOrMissingContainerEndsAtOnce() throws Exception {
        String id = createSh("echo done; printf 'no newline'");
        await(rt.startContainer(id));
        LinuxContainerRuntimeTest.eventually(() -> rt.containerStatus(id).orElseThrow().state() == ContainerState.EXITED,
                "exited");

        Seen seen = new Seen();
        seen.take(rt, id);
        assertThat(seen.ended.getCount()).as("ended before logsAndFollow returned").isZero();
        // the last line without a newline is a line too, as docker shows it
        assertThat(seen.all()).containsExactly("done", "no newline", "<end>");

        Seen plain = new Seen();
        rt.followLogs(id, plain::line, plain::end);
        assertThat(plain.events).containsExactly("<end>");

        Seen missing = new Seen();
        missing.take(rt, "0000000000000000000000000000000000000000000000000000000000000000");
        assertThat(missing.all()).containsExactly("<end>");
        assertThat(rt.removeContainer(id)).isTrue();
    }

    @Test
    void aFollowOfAContainerThatCannotStartEnds() throws Exception {
        String id = create("/no/such/program");
        Seen seen = new Seen();
        seen.take(rt, id); // created: it waits for the run
        assertThat(seen.ended.getCount()).isOne();

        assertThatThrownBy(() -> await(rt.startContainer(id))).isInstanceOf(RuntimeOperationException.class);
        seen.awaitEnd();
        assertThat(rt.containerStatus(id).orElseThrow().reason()).isEqualTo("ContainerCannotRun");
        assertThat(seen.all()).as("runc's complaint is no line of the container's").containsExactly("<end>");
        assertThat(rt.logs(id)).isEmpty();
        assertThat(rt.removeContainer(id)).isTrue();
        assertThat(seen.ends).hasValue(1);
    }

    @Test
    void aContainerStartedAgainIsANewRunToFollow() throws Exception {
        String id = createSh("echo run; sleep 1");
        await(rt.startContainer(id));
        Seen first = new Seen();
        first.take(rt, id);
        first.awaitEnd();
        assertThat(first.all()).containsExactly("run", "<end>");

        await(rt.startContainer(id)); // docker start: the same container, a new run
        Seen second = new Seen();
        second.take(rt, id);
        assertThat(second.ended.getCount()).as("waits for the new run's end").isOne();
        second.awaitEnd();
        assertThat(second.all()).containsExactly("run", "run", "<end>");
        assertThat(first.ends).hasValue(1);
        assertThat(first.events).as("the first follow ended with its run").containsExactly("run", "<end>");
        assertThat(rt.removeContainer(id)).isTrue();
    }

    @Test
    void aClosedFollowGetsNeitherLinesNorTheEnd() throws Exception {
        String id = createSh("sleep 1; echo late");
        await(rt.startContainer(id));
        Seen closed = new Seen();
        closed.take(rt, id).close();
        Seen open = new Seen();
        open.take(rt, id);
        open.awaitEnd();
        assertThat(open.all()).containsExactly("late", "<end>");
        assertThat(closed.all()).isEmpty();
        assertThat(rt.removeContainer(id)).isTrue();
    }

    /**
     * Follows taken over and over while a container prints 2,000 lines in bursts: for each, the
     * snapshot and what it got afterwards are 0..1999 in order, with no gap and no line twice. The
     * followers pile up, so each batch takes a while to hand out, which is when a follow taken
     * apart from the batch's lock would see a line twice or miss it.
     */
    @Test
    void snapshotAndFollowTakenWhileItPrintsMissNoLineAndRepeatNone() throws Exception {
        String id = createSh("i=0; while [ $i -lt 2000 ]; do echo $i; i=$((i+1)); "
                + "if [ $((i % 50)) -eq 0 ]; then usleep 20000; fi; done");
        List<Seen> all = Collections.synchronizedList(new ArrayList<>());
        await(rt.startContainer(id));
        List<Thread> takers = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            Thread taker = new Thread(() -> {
                while (rt.containerStatus(id).map(s -> s.state() != ContainerState.EXITED).orElse(false)) {
                    Seen s = new Seen();
                    s.take(rt, id);
                    all.add(s);
                    Thread.onSpinWait();
                }
            });
            taker.start();
            takers.add(taker);
        }
        for (Thread t : takers) {
            t.join(TimeUnit.SECONDS.toMillis(60));
        }
        List<String> expected = new ArrayList<>(IntStream.range(0, 2000).mapToObj(String::valueOf).toList());
        expected.add("<end>");
        int midway = 0;
        synchronized (all) {
            assertThat(all).hasSizeGreaterThan(10);
            for (Seen s : all) {
                s.awaitEnd();
                List<String> got = s.all();
                if (!got.equals(expected)) {
                    int at = 0;
                    while (at < Math.min(got.size(), expected.size()) && got.get(at).equals(expected.get(at))) {
                        at++;
                    }
                    fail("a follow taken with " + s.snapshot.size() + " lines so far got " + got.size()
                            + " lines and the end; from line " + at + " on: "
                            + got.subList(at, Math.min(got.size(), at + 5)) + " instead of "
                            + expected.subList(at, Math.min(expected.size(), at + 5)));
                }
                if (!s.snapshot.isEmpty() && s.snapshot.size() < 2000) {
                    midway++;
                }
            }
        }
        assertThat(midway).as("follows taken while it printed").isGreaterThan(5);
        assertThat(rt.removeContainer(id)).isTrue();
    }
}
