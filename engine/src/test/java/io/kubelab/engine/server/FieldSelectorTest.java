package io.kubelab.engine.server;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.kubelab.engine.model.ApiException;
import io.kubelab.engine.model.ResourceTypes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FieldSelectorTest {
    private static final Pod POD = new PodBuilder().withNewMetadata().withName("web").withNamespace("default").endMetadata()
            .withNewSpec().withNodeName("minikube").withRestartPolicy("Always").endSpec()
            .withNewStatus().withPhase("Running").withPodIP("10.244.0.5").endStatus().build();

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "metadata.name=web | true",
            "metadata.name==web | true",
            "metadata.name!=web | false",
            "metadata.namespace=default,spec.nodeName=minikube | true",
            "spec.nodeName=minikube,status.phase!=Succeeded,status.phase!=Failed | true",
            "spec.nodeName=minikube-m02 | false",
            "status.podIP=10.244.0.5 | true",
            "spec.hostNetwork=false | true",
            "status.nominatedNodeName= | true",
            "'' | true",
    })
    void podFields(String selector, boolean matches) {
        assertThat(FieldSelector.parse(selector).predicate(ResourceTypes.PODS).test(POD)).isEqualTo(matches);
    }

    @Test
    void describesEventQueryInAnyOrder() {
        var ev = new EventBuilder().withNewMetadata().withName("e").withNamespace("default").endMetadata()
                .withNewInvolvedObject().withKind("Deployment").withName("web").withNamespace("default").withUid("u-1")
                .endInvolvedObject().withReason("ScalingReplicaSet").withType("Normal")
                .withNewSource().withComponent("deployment-controller").endSource().build();
        String q = "involvedObject.uid=u-1,involvedObject.name=web,involvedObject.namespace=default,"
                + "involvedObject.kind=Deployment";
        assertThat(FieldSelector.parse(q).predicate(ResourceTypes.EVENTS).test(ev)).isTrue();
        assertThat(FieldSelector.parse("involvedObject.kind=Pod").predicate(ResourceTypes.EVENTS).test(ev)).isFalse();
        assertThat(FieldSelector.parse("source=deployment-controller,type=Normal").predicate(ResourceTypes.EVENTS)
                .test(ev)).isTrue();
        // describe node asks with an empty namespace.
        assertThat(FieldSelector.parse("involvedObject.namespace=").predicate(ResourceTypes.EVENTS).test(ev)).isFalse();
    }

    @Test
    void escapedValues() {
        FieldSelector s = FieldSelector.parse("metadata.name=a\\,b,metadata.namespace=x\\=y");
        assertThat(s.terms()).containsExactly(new FieldSelector.Term("metadata.name", true, "a,b"),
                new FieldSelector.Term("metadata.namespace", true, "x=y"));
        assertThat(s.pinnedName()).isEqualTo("a,b");
    }

    @Test
    void errorsInTheApiServersWords() {
        assertThatThrownBy(() -> FieldSelector.parse("name")).isInstanceOf(ApiException.class)
                .hasMessage("invalid selector: 'name'; can't understand 'name'");
        assertThatThrownBy(() -> FieldSelector.parse("spec.replicas=1").predicate(ResourceTypes.DEPLOYMENTS))
                .hasMessage("\"spec.replicas\" is not a known field selector: only \"metadata.name\", \"metadata.namespace\"");
        assertThatThrownBy(() -> FieldSelector.parse("spec.foo=1").predicate(ResourceTypes.NODES))
                .hasMessage("field label not supported: spec.foo");
        assertThat(FieldSelector.supportedFields(ResourceTypes.REPLICASETS)).containsExactly("status.replicas");
    }
}
