package io.kubelab.linux.runc;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A configMap volume's folder rewritten in place (no root needed: plain files). */
class VolumeFilesTest {
    @TempDir
    Path tmp;

    private static String tree(Path vol) throws Exception {
        try (Stream<Path> walk = Files.walk(vol)) {
            return String.join(",", walk.filter(p -> !p.equals(vol)).map(p -> vol.relativize(p) + (Files.isDirectory(p) ? "/" : ""))
                    .sorted().toList());
        }
    }

    @Test
    void theFolderStaysAndItsFilesBecomeExactlyTheNewOnes() throws Exception {
        Path vol = tmp.resolve("html");
        VolumeFiles.replace(vol, Map.of("index.html", "v1", "old.txt", "x", "conf/a.properties", "a=1"));
        assertThat(tree(vol)).isEqualTo("conf/,conf/a.properties,index.html,old.txt");
        Object key = Files.readAttributes(vol, java.nio.file.attribute.BasicFileAttributes.class).fileKey();

        VolumeFiles.replace(vol, Map.of("index.html", "v2", "conf", "now a file", "new/deep.txt", "d"));
        assertThat(tree(vol)).isEqualTo("conf,index.html,new/,new/deep.txt");
        assertThat(Files.readString(vol.resolve("index.html"))).isEqualTo("v2");
        assertThat(Files.readString(vol.resolve("conf"))).isEqualTo("now a file");
        // The same folder (inode): a bind mount of it keeps seeing it.
        assertThat(Files.readAttributes(vol, java.nio.file.attribute.BasicFileAttributes.class).fileKey()).isEqualTo(key);

        VolumeFiles.replace(vol, Map.of());
        assertThat(tree(vol)).isEmpty();
        assertThatThrownBy(() -> VolumeFiles.replace(vol, Map.of("../x", "y"))).hasMessageContaining("outside");
    }
}
