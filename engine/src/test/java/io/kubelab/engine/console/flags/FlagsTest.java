package io.kubelab.engine.console.flags;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** pflag's reading of flags, as docker's and minikube's CLIs see them. */
class FlagsTest {
    private static Flags run() {
        return Flags.spec().bool("detach", 'd').bool("interactive", 'i').bool("tty", 't').value("name")
                .value("publish", 'p').value("env", 'e').stopAtFirstArg();
    }

    @Test
    void groupedShorthandsValuesAndTheCommandAfterTheImage() {
        Flags.Parsed p = run().parse(List.of("-dit", "--name=web", "-p", "8080:80", "-eA=1", "nginx", "sh", "-c", "echo -d"));
        assertThat(p.bool("detach")).isTrue();
        assertThat(p.bool("interactive")).isTrue();
        assertThat(p.bool("tty")).isTrue();
        assertThat(p.value("name", null)).isEqualTo("web");
        assertThat(p.all("publish")).containsExactly("8080:80");
        assertThat(p.all("env")).containsExactly("A=1");
        assertThat(p.args()).containsExactly("nginx", "sh", "-c", "echo -d");
    }

    @Test
    void interspersedFlagsAndDoubleDash() {
        Flags f = Flags.spec().bool("all", 'a').value("node", 'n');
        Flags.Parsed p = f.parse(List.of("x", "-a", "--node", "m02", "--", "-a", "y"));
        assertThat(p.bool("all")).isTrue();
        assertThat(p.value("node", null)).isEqualTo("m02");
        assertThat(p.args()).containsExactly("x", "-a", "y");
        assertThat(f.parse(List.of("--all=false")).bool("all")).isFalse();
    }

    @Test
    void errorsInPflagsWords() {
        assertThatThrownBy(() -> run().parse(List.of("--foo"))).hasMessage("unknown flag: --foo");
        assertThatThrownBy(() -> run().parse(List.of("-dx"))).hasMessage("unknown shorthand flag: 'x' in -dx");
        assertThatThrownBy(() -> run().parse(List.of("--name"))).hasMessage("flag needs an argument: --name");
        assertThatThrownBy(() -> run().parse(List.of("-p"))).hasMessage("flag needs an argument: 'p' in -p");
    }
}
