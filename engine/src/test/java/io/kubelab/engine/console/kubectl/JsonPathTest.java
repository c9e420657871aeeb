package io.kubelab.engine.console.kubectl;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubelab.engine.model.Kube;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class JsonPathTest {
    private static JsonNode json(String text) throws Exception {
        return Kube.JSON.readTree(text);
    }

    /**
     * {@code ..} walks a node, then its children depth first, map keys sorted (client-go's
     * jsonpath sorts them with fmtsort; older kubectls walked Go maps in random order), list items
     * in order; the next step applies to every node walked.
     */
    @Test
    void recursiveDescentFindsAFieldAnywhereInSortedKeyOrder() throws Exception {
        JsonNode pods = json("""
                {"items":[
                  {"status":{"containerStatuses":[{"image":"nginx:latest","name":"web"}]},
                   "spec":{"containers":[{"name":"web","image":"nginx"},{"name":"side","image":"busybox"}]},
                   "metadata":{"name":"web-1","labels":{"name":"x"}}},
                  {"spec":{"containers":[{"name":"db","image":"redis"}]},"metadata":{"name":"db-1"}}
                ]}""");
        assertThat(JsonPath.parse("{..image}").execute(pods)).isEqualTo("nginx busybox nginx:latest redis");
        assertThat(JsonPath.parse("{.items[0].metadata..name}").execute(pods)).isEqualTo("web-1 x");
        assertThat(JsonPath.parse("{range .items[*]}{.metadata.name}:{..image}{\"\\n\"}{end}").execute(pods))
                .isEqualTo("web-1:nginx busybox nginx:latest\ndb-1:redis\n");
        assertThat(JsonPath.parse("{..nothing}").execute(pods)).isEmpty();
        // an object matched by the next step prints as JSON
        assertThat(JsonPath.parse("{..labels}").execute(pods)).isEqualTo("{\"name\":\"x\"}");
    }
}
