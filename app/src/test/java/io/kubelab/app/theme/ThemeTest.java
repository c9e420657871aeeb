package io.kubelab.app.theme;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Components use the theme's variables only: every -kl-* a stylesheet uses, each theme defines. */
class ThemeTest {
    private static final Pattern USE = Pattern.compile(":\\s*(-kl-[a-z0-9-]+)");
    private static final Pattern DEFINE = Pattern.compile("(-kl-[a-z0-9-]+)\\s*:");
    private static final Pattern RAW_COLOR = Pattern.compile("#[0-9a-fA-F]{3,8}\\b|rgba?\\(");

    private static String read(Class<?> anchor, String path) throws IOException {
        try (InputStream in = anchor.getResourceAsStream(path)) {
            assertThat(in).as(path).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static final String[] COMPONENT_CSS = {"/io/kubelab/app/theme/base.css", "/io/kubelab/app/cluster/cluster.css",
            "/io/kubelab/app/inspector/inspector.css", "/io/kubelab/app/timeline/timeline.css",
            "/io/kubelab/app/controls/controls.css"};

    @Test
    void everyThemeDefinesEveryVariableTheComponentsUse() throws IOException {
        Set<String> used = new TreeSet<>();
        Set<String> definedByComponents = new TreeSet<>();
        for (String css : COMPONENT_CSS) {
            String text = read(ThemeTest.class, css);
            Matcher m = USE.matcher(text);
            while (m.find()) {
                used.add(m.group(1));
            }
            Matcher d = DEFINE.matcher(text);
            while (d.find()) {
                definedByComponents.add(d.group(1));
            }
        }
        used.removeAll(definedByComponents);
        assertThat(used).isNotEmpty();
        for (Theme t : Theme.values()) {
            String text = read(ThemeTest.class, t.id() + ".css");
            Set<String> defined = new TreeSet<>();
            Matcher d = DEFINE.matcher(text);
            while (d.find()) {
                defined.add(d.group(1));
            }
            assertThat(defined).as(t.id()).containsAll(used);
        }
    }

    @Test
    void componentStylesheetsNameNoColour() throws IOException {
        for (String css : COMPONENT_CSS) {
            assertThat(RAW_COLOR.matcher(read(ThemeTest.class, css)).find()).as(css).isFalse();
        }
    }

    @Test
    void themesCycleAndParse() {
        assertThat(Theme.LIGHT.next()).isEqualTo(Theme.DARK);
        assertThat(Theme.PROJECTOR.next()).isEqualTo(Theme.LIGHT);
        assertThat(Theme.byId("Projector")).isEqualTo(Theme.PROJECTOR);
        assertThat(Theme.byId("nope")).isEqualTo(Theme.LIGHT);
    }
}
