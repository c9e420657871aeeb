package io.kubelab.engine.model;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The Go decoder's errors for values of the wrong JSON type, unknown fields and bad quantities. */
class GoJsonTest {

    static String error(Class<?> type, String json) throws Exception {
        return GoJson.decodeError(Kube.JSON.readTree(json.replace('\'', '"')), type, true);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "{'spec':{'replicas':1.5}}|json: cannot unmarshal number 1.5 into Go struct field DeploymentSpec.spec.replicas of type int32",
        "{'spec':{'replicas':true}}|json: cannot unmarshal bool into Go struct field DeploymentSpec.spec.replicas of type int32",
        "{'metadata':{'labels':['app']}}|json: cannot unmarshal array into Go struct field ObjectMeta.metadata.labels of type map[string]string",
        "{'spec':{'template':{'spec':{'containers':{'name':'x'}}}}}|json: cannot unmarshal object into Go struct field PodSpec.spec.template.spec.containers of type []v1.Container",
        "{'spec':{'template':{'spec':{'containers':[{'name':'x','ports':[{'containerPort':'80'}]}]}}}}|json: cannot unmarshal string into Go struct field ContainerPort.spec.template.spec.containers.ports.containerPort of type int32",
        "{'spec':{'template':{'spec':{'containers':[{'resources':{'limits':{'cpu':'1Mii'}}}]}}}}|unable to parse quantity's suffix",
        "{'spec':{'template':{'spec':{'containers':[{'resources':{'limits':{'cpu':'1..5'}}}]}}}}|unable to parse numeric part of quantity",
        "{'spec':{'replicass':1,'template':{'spec':{'containers':[{'name':'x','imagee':'y'}]}}}}|strict decoding error: unknown field \"spec.replicass\", unknown field \"spec.template.spec.containers[0].imagee\"",
        "{'metadata':{'name':'x'},'spec':{'replicas':3}}|",
    })
    void deploymentDecodeErrors(String json, String expected) throws Exception {
        assertThat(error(Deployment.class, json)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "{'spec':{'ports':[{'port':80,'targetPort':true}]}}|json: cannot unmarshal bool into Go struct field ServicePort.spec.ports.targetPort of type int32",
        "{'spec':{'ports':[{'port':80,'targetPort':'http'}],'selector':{'app':'web'}}}|",
        "{'spec':{'ports':80}}|json: cannot unmarshal number into Go struct field ServiceSpec.spec.ports of type []v1.ServicePort",
    })
    void serviceDecodeErrors(String json, String expected) throws Exception {
        assertThat(error(Service.class, json)).isEqualTo(expected);
    }

    /** Positions as Go's base64.StdEncoding.Decode reports them (CorruptInputError), -1 when it decodes. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "aGVsbG8=      | -1",
        "aGk=          | -1",
        "aGVsbG8gd29ybGQ= | -1",
        "''            | -1",
        "!!!!          | 0",
        "aGVs!G8=      | 4",
        "aGVsbG8       | 4",
        "a             | 0",
        "a===          | 1",
        "aG=           | 3",
        "aG=x          | 2",
        "aGk=x         | 4",
        "aGk=aGk=      | 4",
    })
    void base64ErrorsAreWhereGoReportsThem(String input, int at) {
        assertThat(GoJson.base64ErrorAt(input.getBytes(java.nio.charset.StandardCharsets.UTF_8))).isEqualTo(at);
    }

    @org.junit.jupiter.api.Test
    void base64SkipsNewlinesAsGoDoes() {
        assertThat(GoJson.base64ErrorAt("aGVs\nbG8=\r\n".getBytes(java.nio.charset.StandardCharsets.UTF_8))).isEqualTo(-1);
        assertThat(GoJson.base64ErrorAt("aG=\n=".getBytes(java.nio.charset.StandardCharsets.UTF_8))).isEqualTo(-1);
    }
}
