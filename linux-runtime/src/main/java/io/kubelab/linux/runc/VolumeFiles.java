package io.kubelab.linux.runc;

import io.kubelab.engine.runtime.Mount;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Replaces the files of a configMap volume's folder that running containers have bound: the folder
 * stays (a bind mount holds the folder itself, so a new folder renamed over it would never reach
 * the containers), and what is in it changes file by file. Each new or changed file is written
 * under a temporary name in its own folder and renamed over the old one, so a reader sees the old
 * text or the new, never half of it; files not in the new set are deleted, folders left empty go,
 * new folders are made. The kubelet's atomic writer swaps a {@code ..data} symlink to change all
 * files at once; file by file is as close as a bound folder allows.
 *
 * <p>{@code {"index.html": "<h1>v2</h1>\n", "conf/app.properties": "a=2\n"}} over a folder holding
 * {@code index.html}, {@code old.txt}: {@code index.html} rewritten, {@code old.txt} deleted,
 * {@code conf/} made with {@code app.properties}. Blocking; call it off the engine thread.
 */
final class VolumeFiles {
    /** Temporary names start with {@code ..}, which no ConfigMap key or item path may (the API rejects them). */
    private static final String TMP_PREFIX = "..kubelab-tmp.";

    private VolumeFiles() {
    }

    /**
     * Makes {@code vol} hold exactly {@code files} (relative path → text). A folder that does not
     * exist yet is written aside and renamed into place in one step.
     */
    static void replace(Path vol, Map<String, String> files) throws IOException {
        for (String path : files.keySet()) {
            if (!Mount.isRelativeFilePath(path)) {
                throw new IOException("volume file " + path + " is outside its folder");
            }
        }
        if (!Files.isDirectory(vol)) {
            Path tmp = vol.resolveSibling(TMP_PREFIX + vol.getFileName());
            deleteTree(tmp);
            Files.createDirectories(tmp);
            for (Map.Entry<String, String> f : files.entrySet()) {
                Path file = tmp.resolve(f.getKey());
                Files.createDirectories(file.getParent());
                Files.writeString(file, f.getValue());
            }
            try {
                Files.move(tmp, vol, StandardCopyOption.ATOMIC_MOVE);
                return;
            } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
                deleteTree(tmp); // a container's start made it meanwhile: rewrite it in place
            }
        }
        // 1. files that are no longer wanted (a removed key, an earlier write's leftover), then folders left empty
        List<Path> existing;
        try (Stream<Path> walk = Files.walk(vol)) {
            existing = walk.filter(p -> !p.equals(vol)).sorted(Comparator.reverseOrder()).toList();
        }
        for (Path p : existing) {
            String rel = vol.relativize(p).toString();
            if (Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                boolean empty;
                try (Stream<Path> in = Files.list(p)) {
                    empty = in.findAny().isEmpty();
                }
                if (empty && files.keySet().stream().noneMatch(f -> f.startsWith(rel + "/"))) {
                    Files.delete(p);
                }
            } else if (!files.containsKey(rel)) {
                Files.delete(p);
            }
        }
        // 2. new and changed files, each renamed over the old one
        for (Map.Entry<String, String> f : files.entrySet()) {
            Path file = vol.resolve(f.getKey());
            byte[] text = f.getValue().getBytes(StandardCharsets.UTF_8);
            if (Files.isRegularFile(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                    && java.util.Arrays.equals(Files.readAllBytes(file), text)) {
                continue;
            }
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(TMP_PREFIX + file.getFileName());
            Files.write(tmp, text);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        List<Path> all = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.forEach(all::add);
        }
        for (int i = all.size() - 1; i >= 0; i--) {
            Files.deleteIfExists(all.get(i));
        }
    }
}
