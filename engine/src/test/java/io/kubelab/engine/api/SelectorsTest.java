package io.kubelab.engine.api;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.kubelab.engine.model.ApiException;
import io.kubelab.engine.model.ResourceTypes;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SelectorsTest {

    static Map<String, String> labels(String text) {
        Map<String, String> m = new HashMap<>();
        if (!text.isBlank()) {
            for (String kv : text.split(";")) {
                String[] p = kv.split(":", 2);
                m.put(p[0], p[1]);
            }
        }
        return m;
    }

    @Nested
    class LabelSelectors {

        @ParameterizedTest(name = "{0} on [{1}] = {2}")
        @CsvSource(delimiter = '|', value = {
            "app=web               | app:web           | true",
            "app==web              | app:web           | true",
            "app=web               | app:db            | false",
            "app!=web              | app:db            | true",
            "app!=web              | tier:x            | true",
            "app!=web              | app:web           | false",
            "app in (web,db)       | app:db            | true",
            "app in (web,db)       | app:cache         | false",
            "app notin (web,db)    | app:cache         | true",
            "app notin (web,db)    | tier:x            | true",
            "app notin (web,db)    | app:web           | false",
            "app                   | app:x             | true",
            "app                   | tier:x            | false",
            "!app                  | tier:x            | true",
            "!app                  | app:x             | false",
            "version>2             | version:3         | true",
            "version>2             | version:2         | false",
            "version<2             | version:1         | true",
            "version<2             | version:abc       | false",
            "app=web,tier          | app:web;tier:f    | true",
            "app=web,tier          | app:web           | false",
            "app=web, !canary      | app:web;canary:y  | false",
            "app=                  | app:              | true",
            "x in (in,notin)       | x:in              | true",
            "''                    | app:x             | true",
        })
        void operatorsMatchAsKubernetesDoes(String selector, String given, boolean expected) {
            assertThat(Selectors.matches(Selectors.parseLabelSelector(selector), labels(given))).isEqualTo(expected);
        }

        @Test
        void requirementsAreSortedByKeyAndSetsSortedAndDeduplicated() {
            List<Selectors.Requirement> reqs = Selectors.parseLabelSelector("tier in (web,api,web),app=x,!canary");
            assertThat(reqs).extracting(Object::toString).containsExactly("app=x", "!canary", "tier in (api,web)");
        }

        @Test
        void emptyParenthesesAndCommasAreEmptyValues() {
            assertThat(Selectors.parseLabelSelector("x in ()").get(0).values()).containsExactly("");
            assertThat(Selectors.parseLabelSelector("x in (a,,b)").get(0).values()).containsExactly("", "a", "b");
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', value = {
            "=app          | found '=', expected: !, identifier, or 'end of string'",
            "app in        | unable to parse requirement: found '' expected: '('",
            "app in (a     | unable to parse requirement: found '', expected: ',' or ')'",
            "app in (a b)  | unable to parse requirement: found 'b', expected: ',' or ')'",
            "'app,'        | found '', expected: identifier after ','",
            "app web       | unable to parse requirement: found 'web', expected: in, notin, =, ==, !=, gt, lt",
            "app=a b       | found 'b', expected: ',' or 'end of string'",
            "!a=b          | found '=', expected: ',' or 'end of string'",
            "app=(x)       | unable to parse requirement: found '(', expected: identifier",
            "x>a           | unable to parse requirement: values[0]: Invalid value: \"a\": for 'Gt', 'Lt' operators, the value must be an integer",
        })
        void parseErrorsUseUpstreamWording(String selector, String message) {
            assertThatThrownBy(() -> Selectors.parseLabelSelector(selector))
                    .isInstanceOfSatisfying(ApiException.class, e -> {
                        assertThat(e.code()).isEqualTo(400);
                        assertThat(e.getMessage()).isEqualTo(message);
                    });
        }

        @Test
        void invalidKeysAndValuesQuoteTheValidationMessage() {
            assertThatThrownBy(() -> Selectors.parseLabelSelector("-app=x")).hasMessage("unable to parse requirement: <nil>: "
                    + "Invalid value: \"-app\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start "
                    + "and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for "
                    + "validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')");
            assertThatThrownBy(() -> Selectors.parseLabelSelector("app=foo_")).hasMessage("unable to parse requirement: "
                    + "values[0][app]: Invalid value: \"foo_\": a valid label must be an empty string or consist of alphanumeric "
                    + "characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or "
                    + "'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')");
        }

        @Test
        void labelSelectorObjectsMatchWithAllOperators() {
            var selector = new LabelSelectorBuilder().addToMatchLabels("app", "web")
                    .addNewMatchExpression().withKey("tier").withOperator("In").withValues("front", "back").endMatchExpression()
                    .addNewMatchExpression().withKey("env").withOperator("NotIn").withValues("prod").endMatchExpression()
                    .addNewMatchExpression().withKey("team").withOperator("Exists").endMatchExpression()
                    .addNewMatchExpression().withKey("canary").withOperator("DoesNotExist").endMatchExpression()
                    .build();
            assertThat(Selectors.matches(selector, labels("app:web;tier:front;team:a"))).isTrue();
            assertThat(Selectors.matches(selector, labels("app:web;tier:front;team:a;env:prod"))).isFalse();
            assertThat(Selectors.matches(selector, labels("app:web;tier:front;team:a;canary:y"))).isFalse();
            assertThat(Selectors.matches(selector, labels("app:web;tier:middle;team:a"))).isFalse();
            assertThat(Selectors.matches((io.fabric8.kubernetes.api.model.LabelSelector) null, labels("app:web"))).isFalse();
            assertThat(Selectors.matches(new LabelSelectorBuilder().build(), labels("app:web"))).isTrue();
        }
    }

    @Nested
    class FieldSelectorsTest {
        final HasMetadata event = new EventBuilder().withNewMetadata().withName("web.1").withNamespace("default").endMetadata()
                .withNewInvolvedObject().withKind("Deployment").withName("web").withNamespace("default").withUid("u-1").endInvolvedObject()
                .withType("Normal").withReason("ScalingReplicaSet").withNewSource().withComponent("deployment-controller").endSource()
                .build();
        final HasMetadata nodeEvent = new EventBuilder().withNewMetadata().withName("n.1").withNamespace("default").endMetadata()
                .withNewInvolvedObject().withKind("Node").withName("minikube").withUid("minikube").endInvolvedObject()
                .withType("Warning").withReason("NodeNotReady").build();
        final HasMetadata runningPod = new PodBuilder().withNewMetadata().withName("a").withNamespace("default").endMetadata()
                .withNewSpec().withNodeName("minikube").endSpec().withNewStatus().withPhase("Running").endStatus().build();
        final HasMetadata donePod = new PodBuilder().withNewMetadata().withName("b").withNamespace("default").endMetadata()
                .withNewSpec().withNodeName("minikube").endSpec().withNewStatus().withPhase("Succeeded").endStatus().build();

        @Test
        void describeDeploymentEvents() {
            var p = FieldSelectors.predicate(ResourceTypes.EVENTS, "involvedObject.name=web,involvedObject.namespace=default,"
                    + "involvedObject.kind=Deployment,involvedObject.uid=u-1");
            assertThat(p.test(event)).isTrue();
            assertThat(p.test(nodeEvent)).isFalse();
        }

        @Test
        void describeNodeEventsUseAnEmptyNamespace() {
            var p = FieldSelectors.predicate(ResourceTypes.EVENTS,
                    "involvedObject.kind=Node,involvedObject.uid=minikube,involvedObject.name=minikube,involvedObject.namespace=");
            assertThat(p.test(nodeEvent)).isTrue();
            assertThat(p.test(event)).isFalse();
            assertThat(FieldSelectors.predicate(ResourceTypes.EVENTS, "type=Warning,reason=NodeNotReady").test(nodeEvent)).isTrue();
            assertThat(FieldSelectors.predicate(ResourceTypes.EVENTS, "source=deployment-controller").test(event)).isTrue();
        }

        @Test
        void describeNodePods() {
            var p = FieldSelectors.predicate(ResourceTypes.PODS, "spec.nodeName=minikube,status.phase!=Succeeded,status.phase!=Failed");
            assertThat(p.test(runningPod)).isTrue();
            assertThat(p.test(donePod)).isFalse();
            assertThat(FieldSelectors.predicate(ResourceTypes.PODS, "spec.host=minikube").test(runningPod)).isTrue();
        }

        @Test
        void metadataNameWithAllOperatorsAndEscapes() {
            HasMetadata d = new DeploymentBuilder().withNewMetadata().withName("web").withNamespace("default").endMetadata().build();
            assertThat(FieldSelectors.predicate(ResourceTypes.DEPLOYMENTS, "metadata.name=web").test(d)).isTrue();
            assertThat(FieldSelectors.predicate(ResourceTypes.DEPLOYMENTS, "metadata.name==web").test(d)).isTrue();
            assertThat(FieldSelectors.predicate(ResourceTypes.DEPLOYMENTS, "metadata.name!=web").test(d)).isFalse();
            assertThat(FieldSelectors.predicate(ResourceTypes.DEPLOYMENTS, "metadata.namespace=").test(d)).isFalse();
            assertThat(FieldSelectors.parse("metadata.name=a\\,b")).containsExactly(new FieldSelectors.Term("metadata.name", true, "a,b"));
            assertThat(FieldSelectors.predicate(ResourceTypes.DEPLOYMENTS, "").test(d)).isTrue();
        }

        @Test
        void nodesSelectByUnschedulable() {
            HasMetadata node = new NodeBuilder().withNewMetadata().withName("minikube").endMetadata().withNewSpec()
                    .withUnschedulable(true).endSpec().build();
            assertThat(FieldSelectors.predicate(ResourceTypes.NODES, "spec.unschedulable=true").test(node)).isTrue();
        }

        @ParameterizedTest(name = "{0} {1}")
        @CsvSource(delimiter = '|', value = {
            "deployments | foo=bar                 | \"foo\" is not a known field selector: only \"metadata.name\", \"metadata.namespace\"",
            "services    | spec.type=NodePort      | \"spec.type\" is not a known field selector: only \"metadata.name\", \"metadata.namespace\"",
            "pods        | spec.foo=1              | field label not supported: spec.foo",
            "events      | involvedObject.foo=x    | field label not supported: involvedObject.foo",
            "nodes       | metadata.namespace=x    | field label not supported: metadata.namespace",
            "pods        | abc                     | invalid selector: 'abc'; can't understand 'abc'",
            "pods        | metadata.name=a=b       | invalid field selector: unescaped character in value: =",
            "pods        | metadata.name=a\\x      | invalid field selector: invalid escape sequence: \\x",
        })
        void unsupportedFieldsAndBadSyntaxAre400(String plural, String selector, String message) {
            assertThatThrownBy(() -> FieldSelectors.predicate(ResourceTypes.byPlural(plural).orElseThrow(), selector))
                    .isInstanceOfSatisfying(ApiException.class, e -> {
                        assertThat(e.code()).isEqualTo(400);
                        assertThat(e.getMessage()).isEqualTo(message);
                    });
        }
    }
}
