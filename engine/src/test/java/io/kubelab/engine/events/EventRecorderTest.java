package io.kubelab.engine.events;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.kubelab.engine.api.KubeApi;
import io.kubelab.engine.model.ResourceTypes;
import io.kubelab.engine.store.Store;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The recorder's correlation, as client-go's {@code EventCorrelator}: the same event counts up;
 * similar events (same object, source, type and reason, other messages) are recorded one by one
 * up to 9 distinct messages, then combined into one {@code (combined from similar events): …}
 * event whose count and message follow the latest; after 10 quiet minutes they start afresh.
 */
class EventRecorderTest {
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
    private final KubeApi api = new KubeApi(new Store(), now::get, 42L);
    private final EventRecorder recorder = new EventRecorder(api);
    private final io.fabric8.kubernetes.api.model.Namespace namespace = api.create(
            new io.fabric8.kubernetes.api.model.NamespaceBuilder().withNewMetadata().withName("default").endMetadata().build(), null);
    private final ConfigMap object = api.create(new ConfigMapBuilder().withNewMetadata().withName("frontend").endMetadata().build(), "default");

    private List<Event> events() {
        return api.<Event>list(ResourceTypes.EVENTS, "default").stream()
                .sorted(Comparator.comparing(e -> e.getMetadata().getName())).toList();
    }

    private void created(int pod) {
        recorder.normal(object, "SuccessfulCreate", "Created pod: frontend-" + pod, "replicaset-controller", null);
    }

    @Test
    void theSameEventCountsUp() {
        for (int i = 0; i < 3; i++) {
            recorder.warning(object, "BackOff", "Back-off restarting failed container", "kubelet", "minikube");
            now.set(now.get().plusSeconds(10));
        }

        assertThat(events()).singleElement().satisfies(e -> {
            assertThat(e.getCount()).isEqualTo(3);
            assertThat(e.getFirstTimestamp()).isEqualTo("2026-01-01T00:00:00Z");
            assertThat(e.getLastTimestamp()).isEqualTo("2026-01-01T00:00:20Z");
            assertThat(e.getMessage()).isEqualTo("Back-off restarting failed container");
        });
    }

    @ParameterizedTest(name = "{0} similar events: {1} recorded one by one, the combined one counting {2}")
    @CsvSource({"1, 1, 0", "9, 9, 0", "10, 9, 1", "12, 9, 3", "100, 9, 91"})
    void similarEventsAreCombinedAfterNine(int similar, int single, int combined) {
        for (int i = 0; i < similar; i++) {
            created(i);
        }

        List<Event> events = events();
        List<Event> singles = events.stream().filter(e -> !e.getMessage().startsWith("(combined")).toList();
        assertThat(singles).hasSize(single).allSatisfy(e -> assertThat(e.getCount()).isEqualTo(1));
        assertThat(singles).extracting(Event::getMessage).first().isEqualTo("Created pod: frontend-0");
        List<Event> combinedEvents = events.stream().filter(e -> e.getMessage().startsWith("(combined")).toList();
        if (combined == 0) {
            assertThat(combinedEvents).isEmpty();
        } else {
            assertThat(combinedEvents).singleElement().satisfies(e -> {
                assertThat(e.getCount()).isEqualTo(combined);
                assertThat(e.getMessage()).isEqualTo("(combined from similar events): Created pod: frontend-" + (similar - 1));
                assertThat(e.getReason()).isEqualTo("SuccessfulCreate");
                assertThat(e.getSource().getComponent()).isEqualTo("replicaset-controller");
                assertThat(e.getInvolvedObject().getName()).isEqualTo("frontend");
            });
        }
    }

    @Test
    void otherReasonsAndObjectsAreNotSimilar() {
        for (int i = 0; i < 9; i++) {
            created(i);
        }
        recorder.normal(object, "SuccessfulDelete", "Deleted pod: frontend-0", "replicaset-controller", null);
        ConfigMap other = api.create(new ConfigMapBuilder().withNewMetadata().withName("backend").endMetadata().build(), "default");
        recorder.normal(other, "SuccessfulCreate", "Created pod: backend-0", "replicaset-controller", null);

        assertThat(events()).hasSize(11).noneMatch(e -> e.getMessage().startsWith("(combined"));
    }

    @Test
    void afterTenQuietMinutesSimilarEventsStartAfresh() {
        for (int i = 0; i < 12; i++) {
            created(i);
        }
        now.set(now.get().plus(Duration.ofMinutes(10)).plusSeconds(1));
        created(12);

        assertThat(events()).hasSize(11);
        assertThat(events()).filteredOn(e -> e.getMessage().equals("Created pod: frontend-12")).singleElement()
                .satisfies(e -> assertThat(e.getFirstTimestamp()).isEqualTo("2026-01-01T00:10:01Z"));
    }

    @Test
    void aRepeatedMessageAmongSimilarEventsIsOneOfTheTen() {
        for (int i = 0; i < 3; i++) {
            created(0);
        }
        for (int i = 1; i < 9; i++) {
            created(i);
            created(i);
        }
        // 9 distinct messages so far, each counted up: the 10th distinct one is the first combined.
        assertThat(events()).hasSize(9).noneMatch(e -> e.getMessage().startsWith("(combined"));
        assertThat(events()).filteredOn(e -> e.getMessage().equals("Created pod: frontend-0")).singleElement()
                .satisfies(e -> assertThat(e.getCount()).isEqualTo(3));
        created(9);

        assertThat(events()).hasSize(10).filteredOn(e -> e.getMessage().startsWith("(combined")).singleElement()
                .satisfies(e -> assertThat(e.getMessage()).isEqualTo("(combined from similar events): Created pod: frontend-9"));
    }

    @ParameterizedTest(name = "{0} ns after the last similar event: afresh {1}")
    @CsvSource({"0, false", "599999999999, false", "600000000000, false", "600000000001, true", "600999999999, true",
            "601000000000, true", "-1, false"})
    void similarEventsStartAfreshOnlyPastTenMinutes(long nanos, boolean afresh) {
        Instant last = Instant.parse("2026-01-01T00:00:00.25Z");
        Instant now = last.plusNanos(nanos);

        assertThat(EventRecorder.apart(last, now)).isEqualTo(afresh)
                .isEqualTo(last.plus(EventRecorder.AGGREGATE_INTERVAL).isBefore(now));
    }

    @Test
    void eventsOfOneComponentOnOneHostShareTheirSource() {
        recorder.normal(object, "Pulled", "Container image \"nginx\" already present on machine", "kubelet", "minikube");
        recorder.normal(object, "Started", "Started container web", "kubelet", "minikube");
        recorder.normal(object, "Started", "Started container web", "kubelet", "minikube-m02");
        recorder.normal(object, "Killing", "Stopping container web", "kubelet", null);
        created(0);

        List<Event> events = events();
        assertThat(events).extracting(e -> e.getSource().getComponent() + "/" + e.getSource().getHost() + "/" + e.getReportingInstance())
                .containsExactly("kubelet/minikube/minikube", "kubelet/minikube/minikube", "kubelet/minikube-m02/minikube-m02",
                        "kubelet/null/", "replicaset-controller/null/");
        assertThat(events.get(1).getSource()).isSameAs(events.get(0).getSource());
        assertThat(events.get(2).getSource()).isNotSameAs(events.get(0).getSource());
        assertThat(events.get(3).getSource()).isNotSameAs(events.get(4).getSource());
        // Back on a host after others: the one source of that host again.
        recorder.normal(object, "Killing", "Stopping container web", "kubelet", "minikube");
        recorder.normal(object, "Killing", "Stopping container sidecar", "kubelet", null);
        List<Event> later = events().subList(5, 7);
        assertThat(later.get(0).getSource()).isSameAs(events.get(0).getSource());
        assertThat(later.get(1).getSource()).isSameAs(events.get(3).getSource());
        // Stored Events share what they can: the same message, the involved object's own strings.
        assertThat(events.get(2).getMessage()).isSameAs(events.get(1).getMessage());
        assertThat(events.get(0).getInvolvedObject().getUid()).isSameAs(object.getMetadata().getUid());
        assertThat(events.get(0).getInvolvedObject().getName()).isSameAs(object.getMetadata().getName());
    }

    /** The general keys the correlator's caches stood for: records of the parts, equal part by part. */
    private record SimilarParts(String uid, String type, String reason, String component, String host) {}

    private record AggregateParts(String uid, String fieldPath, String type, String reason, String message,
                                  String component, String host) {}

    /**
     * The caches' keys (hash taken once) are equal exactly when records of their parts are, and hash
     * alike when equal: each part in turn differs, or is {@code null} on one side, or on both.
     */
    @Test
    void theCachesKeysAreEqualExactlyWhenTheirPartsAre() {
        String[] base = {"uid-1", "spec.containers{web}", "Normal", "Created", "Created container: web", "kubelet", "minikube"};
        List<String[]> variants = new java.util.ArrayList<>();
        variants.add(base.clone());
        for (int i = 0; i < base.length; i++) {
            String[] other = base.clone();
            other[i] = other[i] + "x";
            variants.add(other);
            String[] none = base.clone();
            none[i] = null;
            variants.add(none);
        }
        for (String[] x : variants) {
            for (String[] y : variants) {
                // Fresh strings: equal parts are never the same instance.
                String[] a = copyOf(x);
                String[] b = copyOf(y);
                EventRecorder.SimilarKey sa = new EventRecorder.SimilarKey(a[0], a[2], a[3], a[5], a[6]);
                EventRecorder.SimilarKey sb = new EventRecorder.SimilarKey(b[0], b[2], b[3], b[5], b[6]);
                boolean similar = new SimilarParts(a[0], a[2], a[3], a[5], a[6]).equals(new SimilarParts(b[0], b[2], b[3], b[5], b[6]));
                assertThat(sa.equals(sb)).as("%s vs %s", java.util.Arrays.asList(x), java.util.Arrays.asList(y)).isEqualTo(similar);
                EventRecorder.AggregateKey ka = new EventRecorder.AggregateKey(sa, a[1], a[4]);
                EventRecorder.AggregateKey kb = new EventRecorder.AggregateKey(sb, b[1], b[4]);
                boolean same = new AggregateParts(a[0], a[1], a[2], a[3], a[4], a[5], a[6])
                        .equals(new AggregateParts(b[0], b[1], b[2], b[3], b[4], b[5], b[6]));
                assertThat(ka.equals(kb)).as("%s vs %s", java.util.Arrays.asList(x), java.util.Arrays.asList(y)).isEqualTo(same);
                assertThat(ka.equals(sa)).isFalse();
                assertThat(sa.equals(ka)).isFalse();
                if (similar) {
                    assertThat(sa.hashCode()).isEqualTo(sb.hashCode());
                }
                if (same) {
                    assertThat(ka.hashCode()).isEqualTo(kb.hashCode());
                }
            }
        }
    }

    private static String[] copyOf(String[] parts) {
        String[] copy = new String[parts.length];
        for (int i = 0; i < parts.length; i++) {
            copy[i] = parts[i] == null ? null : new String(parts[i]);
        }
        return copy;
    }

    @Test
    void eventsAboutOneObjectVersionAndFieldShareTheirReference() {
        recorder.record(object, "spec.containers{web}", EventRecorder.NORMAL, "Pulled", "Container image \"nginx\" already present on machine", "kubelet", "minikube");
        recorder.record(object, "spec.containers{web}", EventRecorder.NORMAL, "Created", "Created container web", "kubelet", "minikube");
        recorder.record(object, "spec.containers{sidecar}", EventRecorder.NORMAL, "Created", "Created container sidecar", "kubelet", "minikube");
        ConfigMap changed = api.update(new ConfigMapBuilder(object).addToData("k", "v").build());
        recorder.record(changed, "spec.containers{sidecar}", EventRecorder.NORMAL, "Started", "Started container sidecar", "kubelet", "minikube");

        List<Event> events = events();
        assertThat(events).extracting(e -> e.getInvolvedObject().getFieldPath() + "@" + e.getInvolvedObject().getResourceVersion())
                .containsExactly("spec.containers{web}@" + object.getMetadata().getResourceVersion(),
                        "spec.containers{web}@" + object.getMetadata().getResourceVersion(),
                        "spec.containers{sidecar}@" + object.getMetadata().getResourceVersion(),
                        "spec.containers{sidecar}@" + changed.getMetadata().getResourceVersion());
        assertThat(events.get(1).getInvolvedObject()).isSameAs(events.get(0).getInvolvedObject());
        assertThat(events.get(2).getInvolvedObject()).isNotSameAs(events.get(1).getInvolvedObject());
        assertThat(events.get(3).getInvolvedObject()).isNotSameAs(events.get(2).getInvolvedObject())
                .isEqualTo(new io.fabric8.kubernetes.api.model.ObjectReference("v1", "spec.containers{sidecar}", "ConfigMap",
                        "frontend", "default", changed.getMetadata().getResourceVersion(), object.getMetadata().getUid()));
    }
}
