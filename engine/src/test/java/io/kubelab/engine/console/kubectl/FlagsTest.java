package io.kubelab.engine.console.kubectl;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** pflag's ways of writing flags, and cobra's errors for the wrong ones. */
class FlagsTest {
    private final Flags flags = new Flags().string("output", "o", "").bool("all-namespaces", "A").bool("watch", "w")
            .integer("replicas", null, "-1").list("filename", "f");

    @Test
    void everyFormOfAFlag() {
        Flags.Parsed p = flags.parse(List.of("po", "-oyaml", "-Aw", "--replicas=3", "-f", "a.yaml", "--filename=b.yaml,c.yaml",
                "-n", "lab", "web"), "kubectl get");
        assertThat(p.positional).containsExactly("po", "web");
        assertThat(p.string("output")).isEqualTo("yaml");
        assertThat(p.bool("all-namespaces")).isTrue();
        assertThat(p.bool("watch")).isTrue();
        assertThat(p.integer("replicas")).isEqualTo(3);
        assertThat(p.list("filename")).containsExactly("a.yaml", "b.yaml", "c.yaml");
        assertThat(p.string("namespace")).isEqualTo("lab");
        assertThat(flags.parse(List.of("-o=json", "--watch=false", "--", "-x"), "kubectl get").positional).containsExactly("-x");
    }

    @Test
    void cobrasErrors() {
        assertThatThrownBy(() -> flags.parse(List.of("--foo"), "kubectl get")).isInstanceOf(KubectlError.class)
                .hasMessage("error: unknown flag: --foo\nSee 'kubectl get --help' for usage.\n");
        assertThatThrownBy(() -> flags.parse(List.of("-x"), "kubectl get"))
                .hasMessage("error: unknown shorthand flag: 'x' in -x\nSee 'kubectl get --help' for usage.\n");
        assertThatThrownBy(() -> flags.parse(List.of("-o"), "kubectl get"))
                .hasMessage("error: flag needs an argument: 'o' in -o\nSee 'kubectl get --help' for usage.\n");
        assertThatThrownBy(() -> flags.parse(List.of("--replicas", "x"), "kubectl scale"))
                .hasMessage("error: invalid argument \"x\" for \"--replicas\" flag: strconv.ParseInt: parsing \"x\": "
                        + "invalid syntax\nSee 'kubectl scale --help' for usage.\n");
    }

    @Test
    void unknownCommandsGetCobrasSuggestions() {
        assertThat(Suggestions.unknownCommand("gett")).isEqualTo(
                "error: unknown command \"gett\" for \"kubectl\"\n\nDid you mean this?\n\tset\n\tget\n");
        assertThat(Suggestions.unknownCommand("frobnicate")).isEqualTo("error: unknown command \"frobnicate\" for \"kubectl\"\n");
    }
}
