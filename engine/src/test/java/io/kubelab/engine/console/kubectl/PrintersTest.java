package io.kubelab.engine.console.kubectl;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubelab.engine.model.Kube;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The printers' pieces on worked examples: tabwriter layout, go-yaml's quoting, Go's JSON, JSONPath. */
class PrintersTest {

    static JsonNode json(String text) throws Exception {
        return Kube.JSON.readTree(text);
    }

    @Test
    void tabwriterPadsEachColumnToItsWidestCellPlusThree() {
        TabWriter w = new TabWriter();
        w.line(List.of("NAME", "READY", "AGE"));
        w.line(List.of("nginx", "1/1", "5s"));
        w.line(List.of());
        w.line(List.of("NAME", "TYPE"));
        w.line(List.of("kubernetes-long-name", "ClusterIP"));
        // "nginx" is 5 wide: 8; "READY" is 5: 8; the last cell is not padded; the blank line starts a new table.
        assertThat(w.flush()).isEqualTo("""
                NAME    READY   AGE
                nginx   1/1     5s

                NAME                   TYPE
                kubernetes-long-name   ClusterIP
                """);
    }

    @Test
    void tabwriterColumnsAreAtLeastSixWide() {
        TabWriter w = new TabWriter();
        w.line(List.of("A", "B"));
        assertThat(w.flush()).isEqualTo("A     B\n");
    }

    @Test
    void rememberedWidthsOnlyGrow() {
        TabWriter w = new TabWriter(true);
        w.line(List.of("NAME", "STATUS", "AGE"));
        w.line(List.of("web", "Pending", "0s"));
        assertThat(w.flush()).isEqualTo("NAME   STATUS    AGE\nweb    Pending   0s\n");
        w.line(List.of("web", "ContainerCreating", "1s"));
        assertThat(w.flush()).isEqualTo("web    ContainerCreating   1s\n");
        w.line(List.of("web", "Running", "2s"));
        assertThat(w.flush()).isEqualTo("web    Running             2s\n");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "1|false", "080|false", "0x1F|false", "1.5|false", "1e3|false", "true|false", "yes|false", "off|false",
            "~|false", "null|false", "2026-01-01T00:00:00Z|false", "2026-01-01|false", "1:20|false",
            "nginx|true", "nginx:1.24|true", "10.0.0.1|true", "443/TCP|true", "25%|true", "-|true", "v1.31.4|true"})
    void goYamlQuotesStringsThatWouldReadBackAsSomethingElse(String text, boolean plain) {
        assertThat(YamlPrinter.resolvesToString(text)).isEqualTo(plain);
    }

    @Test
    void yamlIsSortedBlockStyleWithGoYamlsQuoting() throws Exception {
        JsonNode node = json("""
                {"metadata":{"name":"web","annotations":{"rev":"1","last":"{\\"a\\":1}\\n"},"labels":{}},
                 "spec":{"ports":[{"port":80,"targetPort":80}],"empty":[],"flag":true,"none":null,"when":"2026-01-01T00:00:00Z",
                 "msg":": starts oddly","blank":""}}""");
        assertThat(YamlPrinter.print(node)).isEqualTo("""
                metadata:
                  annotations:
                    last: |
                      {"a":1}
                    rev: "1"
                  labels: {}
                  name: web
                spec:
                  blank: ""
                  empty: []
                  flag: true
                  msg: ': starts oddly'
                  none: null
                  ports:
                  - port: 80
                    targetPort: 80
                  when: "2026-01-01T00:00:00Z"
                """);
    }

    @Test
    void jsonIsGosMarshalIndent() throws Exception {
        assertThat(JsonPrinter.indent(json("{\"b\":[1,{\"d\":\"<x>&\"}],\"a\":{},\"c\":[]}"))).isEqualTo("""
                {
                    "a": {},
                    "b": [
                        1,
                        {
                            "d": "\\u003cx\\u003e\\u0026"
                        }
                    ],
                    "c": []
                }
                """);
        assertThat(JsonPrinter.compact(json("{\"b\":1,\"a\":{\"y\":true,\"x\":null}}"))).isEqualTo("{\"a\":{\"x\":null,\"y\":true},\"b\":1}");
    }

    @Test
    void jsonPathWalksFiltersAndRanges() throws Exception {
        JsonNode list = json("""
                {"items":[{"metadata":{"name":"a"},"status":{"podIP":"10.244.1.2","conditions":[{"type":"Ready","status":"True"}]}},
                          {"metadata":{"name":"b"},"status":{"conditions":[{"type":"Ready","status":"False"}]}}]}""");
        assertThat(JsonPath.parse("{.items[*].metadata.name}").execute(list)).isEqualTo("a b");
        assertThat(JsonPath.parse("{.items[0].metadata}").execute(list)).isEqualTo("{\"name\":\"a\"}");
        assertThat(JsonPath.parse("{.items[-1:].metadata.name}").execute(list)).isEqualTo("b");
        assertThat(JsonPath.parse("{range .items[*]}{.metadata.name}={.status.podIP}{\"\\n\"}{end}").execute(list))
                .isEqualTo("a=10.244.1.2\nb=\n");
        assertThat(JsonPath.parse("{.items[*].status.conditions[?(@.type==\"Ready\")].status}").execute(list))
                .isEqualTo("True False");
        assertThat(JsonPath.parse("names: {.items[*].nothing}").execute(list)).isEqualTo("names: ");
    }
}
