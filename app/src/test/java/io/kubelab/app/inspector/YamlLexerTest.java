package io.kubelab.app.inspector;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class YamlLexerTest {

    /** The text of each token of a kind, in order. */
    private static List<String> of(String text, YamlLexer.Kind kind) {
        return YamlLexer.tokens(text).stream().filter(t -> t.kind() == kind)
                .map(t -> text.substring(t.start(), t.end())).collect(Collectors.toList());
    }

    @Test
    void colorsWhatKubectlPrints() {
        String yaml = """
                apiVersion: apps/v1   # the group
                kind: Deployment
                metadata:
                  name: "nginx-deployment"
                spec:
                  replicas: 3
                  paused: false
                  template:
                    spec:
                      containers:
                      - name: my-nginx
                        ports:
                        - containerPort: 80
                          hostIP: null
                      - image: 'nginx:1.7.9'
                """;
        assertThat(of(yaml, YamlLexer.Kind.KEY)).containsExactly("apiVersion", "kind", "metadata", "name", "spec",
                "replicas", "paused", "template", "spec", "containers", "name", "ports", "containerPort", "hostIP", "image");
        assertThat(of(yaml, YamlLexer.Kind.STRING)).containsExactly("apps/v1", "Deployment", "\"nginx-deployment\"", "my-nginx",
                "'nginx:1.7.9'");
        assertThat(of(yaml, YamlLexer.Kind.NUMBER)).containsExactly("3", "80");
        assertThat(of(yaml, YamlLexer.Kind.LITERAL)).containsExactly("false", "null");
        assertThat(of(yaml, YamlLexer.Kind.COMMENT)).containsExactly("# the group");
        assertThat(of(yaml, YamlLexer.Kind.PUNCTUATION)).contains("-", ":");
    }

    @Test
    void tokensCoverTheTextWithoutGapsOrOverlaps() {
        String yaml = "a: 1\n---\n- - x\n  # c\nkey: 'quoted # not a comment' # a comment\nurl: http://x:80/\n\n";
        int at = 0;
        for (YamlLexer.Token t : YamlLexer.tokens(yaml)) {
            assertThat(t.start()).isEqualTo(at);
            assertThat(t.end()).isGreaterThan(t.start());
            at = t.end();
        }
        assertThat(at).isEqualTo(yaml.length());
        assertThat(of(yaml, YamlLexer.Kind.STRING)).contains("'quoted # not a comment'", "http://x:80/");
        assertThat(of(yaml, YamlLexer.Kind.COMMENT)).containsExactly("# c", "# a comment");
    }
}
