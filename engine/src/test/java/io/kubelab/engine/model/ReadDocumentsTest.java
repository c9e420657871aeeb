package io.kubelab.engine.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * YAML errors in kubectl's words. Every expected message below was produced by kubectl 1.32
 * ({@code kubectl create -f x.yaml --validate=false --dry-run=client}) on the same text.
 */
class ReadDocumentsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "flow mapping   | apiVersion: v1\\nkind: Pod\\nmetadata: {name: x, labels: {a: b}\\nspec: {}\\n"
                + "| error parsing x.yaml: error converting YAML to JSON: yaml: line 3: did not find expected ',' or '}'",
        "block sequence | apiVersion: v1\\nkind: Pod\\nmetadata:\\n  name: x\\n  labels:\\n    - a\\n   b: c\\n"
                + "| error parsing x.yaml: error converting YAML to JSON: yaml: line 6: did not find expected key",
        "open quote     | apiVersion: v1\\nkind: Pod\\nmetadata:\\n  name: \"x\\n"
                + "| error parsing x.yaml: error converting YAML to JSON: yaml: line 5: found unexpected end of stream",
        "first line     | apiVersion: v1: x\\nkind: Pod\\n"
                + "| error parsing x.yaml: error converting YAML to JSON: yaml: mapping values are not allowed in this context",
        "second doc     | apiVersion: v1\\nkind: Pod\\nmetadata:\\n  name: x\\n---\\napiVersion: v1\\nkind: Pod\\nmetadata:\\n  name: y\\n   labels: z\\n"
                + "| error parsing x.yaml: error converting YAML to JSON: yaml: line 5: mapping values are not allowed in this context",
        "separator      | apiVersion: v1\\nkind: Pod\\nmetadata:\\n  name: x\\n--- foo\\napiVersion: v1\\n"
                + "| error parsing x.yaml: invalid Yaml document separator: foo",
        "scalar         | hello\\n| unable to decode \"x.yaml\": json: cannot unmarshal string into Go value of type unstructured.detector",
        "list           | - a\\n- b\\n| unable to decode \"x.yaml\": json: cannot unmarshal array into Go value of type unstructured.detector",
    })
    void syntaxErrorsReadAsKubectlPrintsThem(String name, String text, String expected) {
        String yaml = text.replace("\\n", "\n");
        assertThatThrownBy(() -> Kube.readDocuments(yaml))
                .isInstanceOfSatisfying(ManifestException.class, e -> assertThat(e.kubectlMessage("x.yaml")).isEqualTo(expected));
    }

    @Test
    void documentsAreSplitEmptyOnesSkippedAndListsFlattened() {
        String yaml = "# comment only\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\n---   # trailing comment\n"
                + "apiVersion: v1\nkind: List\nitems:\n- {apiVersion: v1, kind: ConfigMap, metadata: {name: b}}\n"
                + "- {apiVersion: v1, kind: ConfigMap, metadata: {name: c}}\n";
        assertThat(Kube.readDocuments(yaml)).extracting(n -> n.at("/metadata/name").asText()).containsExactly("a", "b", "c");
    }

    @Test
    void jsonIsReadToo() {
        assertThat(Kube.readDocuments("{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"a\"}}")).hasSize(1);
    }
}
