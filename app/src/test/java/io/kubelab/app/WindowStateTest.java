package io.kubelab.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class WindowStateTest {
    @TempDir
    Path dir;

    private final WindowState custom = new WindowState(10, 20, 1600, 1000, true, 0.2, 0.6, 0.8, "slides", "timeline",
            "projector", "zh-TW");

    @Test
    void theLayoutSurvivesARestart() {
        Path file = dir.resolve("kubelab").resolve("window.properties");
        assertThat(WindowState.file(file).load()).isEqualTo(WindowState.DEFAULT);
        WindowState.file(file).save(custom);
        assertThat(WindowState.file(file).load()).isEqualTo(custom);
    }

    @Test
    void aSaveLeavesOnlyTheFileAndAnUnplacedWindowStaysUnplaced() throws Exception {
        Path file = dir.resolve("window.properties");
        WindowState unplaced = new WindowState(Double.NaN, Double.NaN, 1200, 800, false, 0.3, 0.7, 0.7, "lesson",
                "editor", "dark", "en");
        WindowState.file(file).save(custom);
        WindowState.file(file).save(unplaced);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
        assertThat(WindowState.file(file).load()).isEqualTo(unplaced);
    }

    @Test
    void aDamagedFileGivesTheDefaultLayout() throws Exception {
        Path file = dir.resolve("window.properties");
        // A malformed \\u escape: Properties.load throws, the store logs and falls back.
        Files.writeString(file, "width=1600\nsideDivider=\\u00zz\n", StandardCharsets.ISO_8859_1);
        assertThat(WindowState.file(file).load()).isEqualTo(WindowState.DEFAULT);
        Files.write(file, new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, 2, '=', '\n'});
        assertThat(WindowState.file(file).load()).isEqualTo(WindowState.DEFAULT);
    }

    @Test
    void aValueThatMakesNoSenseGivesItsDefaultAndKeepsTheRest() throws Exception {
        Path file = dir.resolve("window.properties");
        Files.writeString(file, String.join("\n", "x=40", "y=oops", "width=12", "height=1000", "maximized=maybe",
                "lessonDivider=0.35", "sideDivider=7", "bottomDivider=NaN", "learnTab=slides", "bottomTab=<script>",
                "theme=dark", "language=zh-TW", ""));
        WindowState d = WindowState.DEFAULT;
        assertThat(WindowState.file(file).load()).isEqualTo(new WindowState(40, d.y(), d.width(), 1000, d.maximized(),
                0.35, d.sideDivider(), d.bottomDivider(), "slides", d.bottomTab(), "dark", "zh-TW"));
    }

    @Test
    void aTemporaryFileLeftByACrashIsNeverRead() throws Exception {
        Path file = dir.resolve("window.properties");
        WindowState.file(file).save(custom);
        Files.writeString(dir.resolve("window.properties.123.tmp"), "width=");
        assertThat(WindowState.file(file).load()).isEqualTo(custom);
    }
}
