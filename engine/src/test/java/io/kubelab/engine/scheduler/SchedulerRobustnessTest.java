package io.kubelab.engine.scheduler;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.kubelab.engine.ClusterConfig;
import io.kubelab.engine.ClusterContext;
import io.kubelab.engine.api.KubeApi;
import io.kubelab.engine.clock.SimClock;
import io.kubelab.engine.events.EventRecorder;
import io.kubelab.engine.model.ResourceTypes;
import io.kubelab.engine.scheduler.framework.CycleState;
import io.kubelab.engine.scheduler.framework.FilterPlugin;
import io.kubelab.engine.scheduler.framework.Framework.PluginConfig;
import io.kubelab.engine.scheduler.framework.NodeInfo;
import io.kubelab.engine.scheduler.framework.PluginFactory;
import io.kubelab.engine.scheduler.framework.PodInfo;
import io.kubelab.engine.scheduler.framework.ScorePlugin;
import io.kubelab.engine.scheduler.framework.Status;
import io.kubelab.engine.store.Store;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static io.kubelab.engine.scheduler.Fixtures.node;
import static io.kubelab.engine.scheduler.Fixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/** A faulty plugin must neither lose the pod nor stop the engine. */
class SchedulerRobustnessTest {
    private final SimClock clock = new SimClock(ClusterConfig.defaults().start());
    private final Store store = new Store();
    private final KubeApi api = new KubeApi(store, clock::now, 1);
    private final ClusterContext ctx = new ClusterContext(api, store, clock, new EventRecorder(api), new Random(1),
            ClusterConfig.defaults());

    private Scheduler start(String name, PluginFactory factory) {
        api.create(new NamespaceBuilder().withNewMetadata().withName("default").endMetadata().build(), null);
        api.create(node("n1", "2", "4Gi", 110), null);
        api.create(node("n2", "2", "4Gi", 110), null);
        Scheduler s = new Scheduler(0, Map.of(name, factory), List.of(new PluginConfig(name, 1)));
        s.start(ctx);
        return s;
    }

    private Pod createPod() {
        Pod p = pod("web", "100m", "64Mi");
        p.getMetadata().setUid(null);
        return api.create(p, "default");
    }

    @Test
    void aFilterThatThrowsIsASchedulerErrorRetriedWithBackoff() {
        Scheduler s = start("Broken", h -> new FilterPlugin() {
            @Override
            public String name() {
                return "Broken";
            }

            @Override
            public Status filter(CycleState state, PodInfo pod, NodeInfo node) {
                throw new IllegalStateException("boom");
            }
        });
        createPod();
        s.drain();
        Pod pod = api.get(ResourceTypes.PODS, "default", "web");
        assertThat(pod.getSpec().getNodeName()).isNull();
        assertThat(pod.getStatus().getConditions()).singleElement().satisfies(c -> {
            assertThat(c.getReason()).isEqualTo("SchedulerError");
            assertThat(c.getMessage()).isEqualTo("Broken: boom");
        });
        assertThat(api.<Event>list(ResourceTypes.EVENTS, "default")).singleElement()
                .extracting(Event::getReason).isEqualTo("FailedScheduling");
        assertThat(s.decision("default", "web").outcome()).isEqualTo(SchedulingDecision.Outcome.ERROR);

        clock.advance(Duration.ofSeconds(1));
        s.drain();
        assertThat(s.decision("default", "web").attempt()).isEqualTo(2);
    }

    @Test
    void aScoreOutOfRangeDoesNotEscapeTheEngine() {
        Scheduler s = start("Wild", h -> new ScorePlugin() {
            @Override
            public String name() {
                return "Wild";
            }

            @Override
            public long score(CycleState state, PodInfo pod, NodeInfo node) {
                return 150;
            }
        });
        createPod();
        assertThatCode(s::drain).doesNotThrowAnyException();
        assertThat(api.<Pod>get(ResourceTypes.PODS, "default", "web").getSpec().getNodeName()).isNull();
        SchedulingDecision d = s.decision("default", "web");
        assertThat(d.outcome()).isEqualTo(SchedulingDecision.Outcome.ERROR);
        assertThat(d.message()).isEqualTo("Wild returned score 150 for node n1, outside 0..100");
        assertThat(d.attempt()).isEqualTo(1);
        clock.advance(Duration.ofSeconds(1));
        assertThatCode(s::drain).doesNotThrowAnyException();
        assertThat(s.decision("default", "web").attempt()).isEqualTo(2);
    }
}
