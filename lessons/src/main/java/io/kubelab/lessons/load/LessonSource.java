package io.kubelab.lessons.load;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Where lesson files come from: the class path (bundled lessons) or a folder (authors, tests). */
public interface LessonSource {

    /** The text of {@code path} (e.g. {@code lessons/06-pod/lesson.yaml}), or empty when there is no such file. */
    Optional<String> read(String path);

    /** The bundled lessons. */
    static LessonSource classpath() {
        return classpath(LessonSource.class.getClassLoader());
    }

    static LessonSource classpath(ClassLoader loader) {
        return path -> {
            try (InputStream in = loader.getResourceAsStream(path)) {
                return in == null ? Optional.empty() : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    /** Files under {@code root}, which holds the {@code lessons/} folder. */
    static LessonSource folder(Path root) {
        return path -> {
            Path file = root.resolve(path);
            if (!Files.isRegularFile(file)) {
                return Optional.empty();
            }
            try {
                return Optional.of(Files.readString(file));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }
}
