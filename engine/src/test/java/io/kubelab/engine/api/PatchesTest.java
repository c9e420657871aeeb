package io.kubelab.engine.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.kubelab.engine.model.ApiException;
import io.kubelab.engine.model.Kube;
import io.kubelab.engine.model.ResourceTypes;
import io.kubelab.engine.store.Store;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PatchesTest {

    static JsonNode json(String text) {
        try {
            return Kube.JSON.readTree(text.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    /** A Deployment as the store holds it after the deck's {@code kubectl create -f}: defaults filled in. */
    static final String STORED_DEPLOYMENT = """
            {'apiVersion':'apps/v1','kind':'Deployment',
             'metadata':{'name':'nginx-deployment','namespace':'default','labels':{'app':'nginx','tier':'web'},
                         'annotations':{'deployment.kubernetes.io/revision':'2'},
                         'finalizers':['example.com/a','example.com/b']},
             'spec':{'replicas':3,'selector':{'matchLabels':{'app':'nginx'}},
               'strategy':{'type':'RollingUpdate','rollingUpdate':{'maxSurge':'25%','maxUnavailable':'25%'}},
               'template':{'metadata':{'labels':{'app':'nginx'}},
                 'spec':{'containers':[
                   {'name':'nginx','image':'nginx:1.24','imagePullPolicy':'IfNotPresent',
                    'ports':[{'containerPort':80,'protocol':'TCP'}],
                    'env':[{'name':'A','value':'1'},{'name':'B','value':'2'}],
                    'volumeMounts':[{'name':'data','mountPath':'/data'},{'name':'cache','mountPath':'/cache'}]},
                   {'name':'sidecar','image':'busybox','imagePullPolicy':'Always'}],
                   'volumes':[{'name':'data','emptyDir':{}},{'name':'cache','emptyDir':{}}],
                   'imagePullSecrets':[{'name':'reg'}],
                   'tolerations':[{'key':'a','operator':'Exists'},{'key':'b','operator':'Exists'}]}}},
             'status':{'conditions':[{'type':'Available','status':'False'},{'type':'Progressing','status':'True'}]}}
            """;

    static JsonNode smp(String patch) {
        return Patches.strategicMergePatch(json(STORED_DEPLOYMENT), json(patch));
    }

    static JsonNode container(JsonNode deployment, int i) {
        return deployment.at("/spec/template/spec/containers/" + i);
    }

    @Nested
    class StrategicMergePatch {

        @Test
        void kubectlSetImageChangesOnlyTheImage() {
            JsonNode out = smp("{'spec':{'template':{'spec':{'$setElementOrder/containers':[{'name':'nginx'},{'name':'sidecar'}],"
                    + "'containers':[{'image':'nginx:1.25','name':'nginx'}]}}}}");
            assertThat(container(out, 0).path("image").asText()).isEqualTo("nginx:1.25");
            assertThat(container(out, 0).path("ports")).isEqualTo(json("[{'containerPort':80,'protocol':'TCP'}]"));
            assertThat(container(out, 0).path("imagePullPolicy").asText()).isEqualTo("IfNotPresent");
            assertThat(container(out, 1).path("name").asText()).isEqualTo("sidecar");
            assertThat(out.at("/spec/template/spec/containers").size()).isEqualTo(2);
        }

        @Test
        void threeWayApplyPatchFromKubectl() {
            JsonNode out = smp("{'metadata':{'annotations':{'kubectl.kubernetes.io/last-applied-configuration':'{}\\n'}},"
                    + "'spec':{'replicas':2,'template':{'spec':{'$setElementOrder/containers':[{'name':'nginx'}],"
                    + "'containers':[{'env':[{'name':'FOO','value':'bar'}],'image':'nginx:1.26','name':'nginx'}]}}}}");
            assertThat(out.at("/spec/replicas").asInt()).isEqualTo(2);
            assertThat(container(out, 0).path("image").asText()).isEqualTo("nginx:1.26");
            assertThat(container(out, 0).path("env")).isEqualTo(json(
                    "[{'name':'A','value':'1'},{'name':'B','value':'2'},{'name':'FOO','value':'bar'}]"));
            assertThat(container(out, 0).path("ports").size()).isEqualTo(1);
            assertThat(out.at("/metadata/annotations/kubectl.kubernetes.io~1last-applied-configuration").asText()).isEqualTo("{}\n");
            // The sidecar is not in $setElementOrder and keeps its place after nginx.
            assertThat(container(out, 1).path("name").asText()).isEqualTo("sidecar");
        }

        @Test
        void patchDeleteRemovesAnElementByItsMergeKey() {
            JsonNode out = smp("{'spec':{'template':{'spec':{'containers':[{'name':'sidecar','$patch':'delete'}]}}}}");
            assertThat(out.at("/spec/template/spec/containers").size()).isEqualTo(1);
            assertThat(container(out, 0).path("name").asText()).isEqualTo("nginx");
        }

        @Test
        void patchReplaceOnAMapReplacesItWhole() {
            JsonNode out = smp("{'metadata':{'labels':{'$patch':'replace','app':'web'}}}");
            assertThat(out.at("/metadata/labels")).isEqualTo(json("{'app':'web'}"));
        }

        @Test
        void patchDeleteOnAMapRemovesIt() {
            JsonNode out = smp("{'metadata':{'labels':{'$patch':'delete'}}}");
            assertThat(out.at("/metadata").has("labels")).isFalse();
        }

        @Test
        void patchReplaceInsideAListReplacesTheList() {
            JsonNode out = smp("{'spec':{'template':{'spec':{'containers':[{'$patch':'replace'},{'name':'only','image':'x'}]}}}}");
            assertThat(out.at("/spec/template/spec/containers")).isEqualTo(json("[{'name':'only','image':'x'}]"));
        }

        @Test
        void retainKeysClearsWhatTheStrategyNoLongerHas() {
            // What kubectl apply sends when a manifest switches to "type: Recreate".
            JsonNode out = smp("{'spec':{'strategy':{'$retainKeys':['type'],'rollingUpdate':null,'type':'Recreate'}}}");
            assertThat(out.at("/spec/strategy")).isEqualTo(json("{'type':'Recreate'}"));
        }

        @Test
        void retainKeysMustCoverThePatch() {
            assertThatThrownBy(() -> smp("{'spec':{'strategy':{'$retainKeys':['type'],'rollingUpdate':{'maxSurge':1}}}}"))
                    .isInstanceOfSatisfying(ApiException.class, e -> {
                        assertThat(e.code()).isEqualTo(422);
                        assertThat(e.status().getDetails().getCauses().get(0).getMessage())
                                .isEqualTo("patch content doesn't match retainKeys list");
                    });
        }

        @Test
        void deleteFromPrimitiveListAndMergedFinalizers() {
            JsonNode out = smp("{'metadata':{'$deleteFromPrimitiveList/finalizers':['example.com/a'],'finalizers':['example.com/c']}}");
            assertThat(out.at("/metadata/finalizers")).isEqualTo(json("['example.com/b','example.com/c']"));
        }

        @Test
        void nullDeletesAKey() {
            JsonNode out = smp("{'metadata':{'labels':{'tier':null}}}");
            assertThat(out.at("/metadata/labels")).isEqualTo(json("{'app':'nginx'}"));
        }

        @Test
        void tolerationsHaveNoMergeKeyAndAreReplaced() {
            JsonNode out = smp("{'spec':{'template':{'spec':{'tolerations':[{'key':'c','operator':'Exists'}]}}}}");
            assertThat(out.at("/spec/template/spec/tolerations")).isEqualTo(json("[{'key':'c','operator':'Exists'}]"));
        }

        @Test
        void envVolumesMountsAndPullSecretsMergeByTheirKeys() {
            JsonNode out = smp("{'spec':{'template':{'spec':{"
                    + "'containers':[{'name':'nginx','env':[{'name':'B','value':'two'}],"
                    + "'volumeMounts':[{'mountPath':'/cache','readOnly':true}]}],"
                    + "'volumes':[{'name':'logs','emptyDir':{}}],"
                    + "'imagePullSecrets':[{'name':'other'}]}}}}");
            assertThat(container(out, 0).path("env")).isEqualTo(json("[{'name':'A','value':'1'},{'name':'B','value':'two'}]"));
            assertThat(container(out, 0).path("volumeMounts").get(1)).isEqualTo(json("{'name':'cache','mountPath':'/cache','readOnly':true}"));
            assertThat(out.at("/spec/template/spec/volumes").size()).isEqualTo(3);
            assertThat(out.at("/spec/template/spec/imagePullSecrets")).isEqualTo(json("[{'name':'reg'},{'name':'other'}]"));
        }

        @Test
        void containerPortsMergeByContainerPort() {
            JsonNode out = smp("{'spec':{'template':{'spec':{'containers':[{'name':'nginx','ports':["
                    + "{'containerPort':80,'name':'http'},{'containerPort':443}]}]}}}}");
            assertThat(container(out, 0).path("ports")).isEqualTo(json(
                    "[{'containerPort':80,'protocol':'TCP','name':'http'},{'containerPort':443}]"));
        }

        @Test
        void servicePortsMergeByPortSoTheNodePortIsKept() {
            JsonNode svc = json("{'kind':'Service','spec':{'type':'NodePort','ports':["
                    + "{'port':80,'targetPort':80,'nodePort':30080,'protocol':'TCP'},{'port':443,'nodePort':30443}]}}");
            JsonNode out = Patches.strategicMergePatch(svc, json("{'spec':{'ports':[{'port':80,'targetPort':8080}]}}"));
            assertThat(out.at("/spec/ports")).isEqualTo(json("[{'port':80,'targetPort':8080,'nodePort':30080,'protocol':'TCP'},"
                    + "{'port':443,'nodePort':30443}]"));
        }

        @Test
        void endpointPortsHaveNoMergeKey() {
            JsonNode ep = json("{'kind':'Endpoints','subsets':[{'ports':[{'port':80}]}]}");
            JsonNode out = Patches.strategicMergePatch(ep, json("{'subsets':[{'ports':[{'port':81}]}]}"));
            assertThat(out.at("/subsets")).isEqualTo(json("[{'ports':[{'port':81}]}]"));
        }

        @Test
        void statusConditionsMergeByType() {
            JsonNode out = smp("{'status':{'conditions':[{'type':'Available','status':'True'}]}}");
            assertThat(out.at("/status/conditions")).isEqualTo(json(
                    "[{'type':'Available','status':'True'},{'type':'Progressing','status':'True'}]"));
        }

        @Test
        void setElementOrderKeepsServerOnlyElementsInPlace() {
            JsonNode original = json("{'kind':'Pod','spec':{'containers':[{'name':'a'},{'name':'x'},{'name':'b'}]}}");
            JsonNode out = Patches.strategicMergePatch(original,
                    json("{'spec':{'$setElementOrder/containers':[{'name':'b'},{'name':'a'}]}}"));
            assertThat(out.at("/spec/containers")).isEqualTo(json("[{'name':'x'},{'name':'b'},{'name':'a'}]"));
        }

        @Test
        void setElementOrderOfAPrimitiveList() {
            JsonNode out = smp("{'metadata':{'$setElementOrder/finalizers':['example.com/b','example.com/a']}}");
            assertThat(out.at("/metadata/finalizers")).isEqualTo(json("['example.com/b','example.com/a']"));
        }

        @Test
        void malformedDirectivesAreBadRequests() {
            assertThatThrownBy(() -> smp("{'metadata':{'labels':{'$patch':'explode'}}}"))
                    .isInstanceOfSatisfying(ApiException.class, e -> {
                        assertThat(e.code()).isEqualTo(400);
                        assertThat(e.getMessage()).isEqualTo("unknown patch type: explode in map: map[$patch:explode]");
                    });
            assertThatThrownBy(() -> smp("{'spec':{'template':{'spec':{'containers':[{'image':'x'}]}}}}"))
                    .isInstanceOfSatisfying(ApiException.class, e -> {
                        assertThat(e.code()).isEqualTo(400);
                        assertThat(e.getMessage()).isEqualTo("map: map[image:x] does not contain declared merge key: name");
                    });
            assertThatThrownBy(() -> smp("{'spec':{'strategy':{'$retainKeys':'type'}}}"))
                    .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(400));
        }

        @Test
        void theInputsAreNotModified() {
            JsonNode original = json(STORED_DEPLOYMENT);
            JsonNode patch = json("{'metadata':{'labels':{'tier':null}}}");
            Patches.strategicMergePatch(original, patch);
            assertThat(original).isEqualTo(json(STORED_DEPLOYMENT));
            assertThat(patch).isEqualTo(json("{'metadata':{'labels':{'tier':null}}}"));
        }
    }

    @Nested
    class MergePatch {

        @Test
        void kubectlScaleOnTheScaleSubresource() {
            JsonNode scale = json("{'apiVersion':'autoscaling/v1','kind':'Scale','metadata':{'name':'nginx-deployment'},"
                    + "'spec':{'replicas':3},'status':{'replicas':3,'selector':'app=nginx'}}");
            JsonNode out = Patches.mergePatch(scale, json("{'spec':{'replicas':5}}"));
            assertThat(out.at("/spec/replicas").asInt()).isEqualTo(5);
            assertThat(out.at("/status/selector").asText()).isEqualTo("app=nginx");
        }

        @Test
        void listsAreReplacedAndNullRemoves() {
            JsonNode out = Patches.mergePatch(json(STORED_DEPLOYMENT),
                    json("{'metadata':{'labels':{'tier':null}},'spec':{'template':{'spec':{'containers':[{'name':'x'}]}}}}"));
            assertThat(out.at("/metadata/labels")).isEqualTo(json("{'app':'nginx'}"));
            assertThat(out.at("/spec/template/spec/containers")).isEqualTo(json("[{'name':'x'}]"));
        }
    }

    @Nested
    class JsonPatch {

        @Test
        void kubectlRolloutUndoReplacesTemplateAndAnnotations() {
            JsonNode out = Patches.jsonPatch(json(STORED_DEPLOYMENT), json("[{'op':'replace','path':'/spec/template','value':"
                    + "{'metadata':{'creationTimestamp':null,'labels':{'app':'nginx'}},'spec':{'containers':[{'name':'nginx','image':'nginx:1.23'}]}}},"
                    + "{'op':'replace','path':'/metadata/annotations','value':{'deployment.kubernetes.io/revision':'3'}}]"));
            assertThat(container(out, 0).path("image").asText()).isEqualTo("nginx:1.23");
            assertThat(out.at("/spec/template/spec/containers").size()).isEqualTo(1);
            assertThat(out.at("/metadata/annotations/deployment.kubernetes.io~1revision").asText()).isEqualTo("3");
        }

        @Test
        void dashAppendsAndEscapesAreDecoded() {
            JsonNode out = Patches.jsonPatch(json("{'metadata':{'annotations':{'a/b':'1','c~d':'2'}},'list':[1,2]}"),
                    json("[{'op':'add','path':'/list/-','value':3},{'op':'add','path':'/list/0','value':0},"
                            + "{'op':'replace','path':'/metadata/annotations/a~1b','value':'x'},"
                            + "{'op':'remove','path':'/metadata/annotations/c~0d'}]"));
            assertThat(out).isEqualTo(json("{'metadata':{'annotations':{'a/b':'x'}},'list':[0,1,2,3]}"));
        }

        @Test
        void moveCopyAndTest() {
            JsonNode out = Patches.jsonPatch(json("{'a':{'x':1},'b':{}}"), json("[{'op':'test','path':'/a/x','value':1},"
                    + "{'op':'copy','from':'/a/x','path':'/b/y'},{'op':'move','from':'/a','path':'/c'}]"));
            assertThat(out).isEqualTo(json("{'b':{'y':1},'c':{'x':1}}"));
        }

        @ParameterizedTest
        @CsvSource(delimiter = '|', value = {
            "[{'op':'test','path':'/a','value':2}]|testing value /a failed: test failed",
            "[{'op':'remove','path':'/nope'}]|Unable to remove nonexistent key: nope: missing value",
            "[{'op':'replace','path':'/nope','value':1}]|replace operation does not apply: doc is missing key: /nope: missing value",
            "[{'op':'add','path':'/x/y','value':1}]|add operation does not apply: doc is missing path: /x/y: missing value",
            "[{'op':'add','path':'/l/5','value':1}]|Unable to access invalid index: 5: invalid index referenced",
            "[{'op':'move','from':'/nope','path':'/b'}]|move operation does not apply: doc is missing from path: /nope: missing value",
            "[{'op':'frobnicate','path':'/a'}]|Unexpected kind: frobnicate",
            "[{'path':'/a'}]|Unexpected kind: unknown",
        })
        void operationsThatDoNotApplyAre422(String patch, String cause) {
            assertThatThrownBy(() -> Patches.jsonPatch(json("{'a':1,'l':[1]}"), json(patch)))
                    .isInstanceOfSatisfying(ApiException.class, e -> {
                        assertThat(e.code()).isEqualTo(422);
                        assertThat(e.reason()).isEqualTo("Invalid");
                        assertThat(e.getMessage()).isEqualTo("the server rejected our request due to an error in our request");
                        assertThat(e.status().getDetails().getCauses().get(0).getMessage()).isEqualTo(cause);
                    });
        }

        @Test
        void aBodyThatIsNotAPatchIs400() {
            assertThatThrownBy(() -> Patches.jsonPatch(json("{}"), json("{'op':'add'}")))
                    .isInstanceOfSatisfying(ApiException.class, e -> {
                        assertThat(e.code()).isEqualTo(400);
                        assertThat(e.getMessage()).isEqualTo("json: cannot unmarshal object into Go value of type jsonpatch.Patch");
                    });
        }
    }

    @Nested
    class ThroughTheApi {
        final Store store = new Store();
        final KubeApi api = new KubeApi(store, () -> Instant.parse("2026-01-01T00:00:00Z"), 1);

        Deployment created() {
            api.create(new NamespaceBuilder().withNewMetadata().withName("default").endMetadata().build(), null);
            Deployment d = (Deployment) ResourceTypes.decode(json("{'apiVersion':'apps/v1','kind':'Deployment',"
                    + "'metadata':{'name':'web'},'spec':{'replicas':1,'selector':{'matchLabels':{'app':'web'}},"
                    + "'template':{'metadata':{'labels':{'app':'web'}},'spec':{'containers':[{'name':'web','image':'nginx:1.24',"
                    + "'ports':[{'containerPort':80}]}]}}}}"));
            return api.create(d, "default");
        }

        @Test
        void setImageBumpsGenerationAndKeepsDefaults() {
            created();
            Deployment out = api.patch(ResourceTypes.DEPLOYMENTS, "default", "web", Patches.Type.STRATEGIC_MERGE_PATCH,
                    json("{'spec':{'template':{'spec':{'$setElementOrder/containers':[{'name':'web'}],"
                            + "'containers':[{'image':'nginx:1.25','name':'web'}]}}}}"), false);
            assertThat(out.getMetadata().getGeneration()).isEqualTo(2L);
            assertThat(out.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo("nginx:1.25");
            assertThat(out.getSpec().getTemplate().getSpec().getContainers().get(0).getPorts().get(0).getProtocol()).isEqualTo("TCP");
        }

        @Test
        void metadataOnlyPatchKeepsGeneration() {
            created();
            Deployment out = api.patch(ResourceTypes.DEPLOYMENTS, "default", "web", Patches.Type.MERGE_PATCH,
                    json("{'metadata':{'annotations':{'note':'x'}}}"), false);
            assertThat(out.getMetadata().getGeneration()).isEqualTo(1L);
        }

        @Test
        void aFailedPatchChangesNothing() {
            created();
            long revision = store.revision();
            assertThatThrownBy(() -> api.patch(ResourceTypes.DEPLOYMENTS, "default", "web", Patches.Type.JSON_PATCH,
                    json("[{'op':'test','path':'/spec/replicas','value':7}]"), false))
                    .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(422));
            assertThatThrownBy(() -> api.patch(ResourceTypes.DEPLOYMENTS, "default", "web", Patches.Type.MERGE_PATCH,
                    json("{'spec':{'replicas':-1}}"), false))
                    .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getMessage()).isEqualTo(
                            "Deployment.apps \"web\" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0"));
            assertThatThrownBy(() -> api.patch(ResourceTypes.DEPLOYMENTS, "default", "web", Patches.Type.MERGE_PATCH,
                    json("{'spec':{'replicas':'two'}}"), false))
                    .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getMessage()).isEqualTo(
                            "Deployment in version \"v1\" cannot be handled as a Deployment: json: cannot unmarshal string "
                                    + "into Go struct field DeploymentSpec.spec.replicas of type int32"));
            assertThat(store.revision()).isEqualTo(revision);
        }
    }
}
