package io.kubelab.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubelab.engine.model.Kube;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The kubeconfig {@code kubelab serve} writes: cluster, user and context all named {@code kubelab},
 * the context made current. An existing file is merged into, not replaced (the way minikube adds
 * itself to {@code ~/.kube/config}), so pointing {@code --kubeconfig} at a config that holds other
 * clusters keeps them.
 */
public final class Kubeconfig {
    static final String NAME = "kubelab";

    private Kubeconfig() {}

    /**
     * Where the kubeconfig goes when {@code --kubeconfig} is not given: {@code <state>/kubeconfig}
     * with a state folder, else {@code $XDG_CONFIG_HOME/kubelab/kubeconfig} ({@code ~/.config/kubelab/kubeconfig}).
     */
    public static Path defaultPath(Path stateDir) {
        if (stateDir != null) {
            return stateDir.resolve("kubeconfig");
        }
        String xdg = System.getenv("XDG_CONFIG_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".config");
        return base.resolve("kubelab").resolve("kubeconfig");
    }

    public static void write(Path file, String server) throws IOException {
        ObjectNode root;
        if (Files.exists(file) && Files.size(file) > 0) {
            JsonNode existing = Kube.YAML.readTree(file.toFile());
            root = existing instanceof ObjectNode o ? o : Kube.JSON.createObjectNode();
        } else {
            root = Kube.JSON.createObjectNode();
        }
        root.put("apiVersion", "v1");
        root.put("kind", "Config");
        ObjectNode cluster = Kube.JSON.createObjectNode();
        cluster.putObject("cluster").put("server", server);
        cluster.put("name", NAME);
        replace(root, "clusters", cluster);
        ObjectNode context = Kube.JSON.createObjectNode();
        ObjectNode c = context.putObject("context");
        c.put("cluster", NAME);
        c.put("namespace", "default");
        c.put("user", NAME);
        context.put("name", NAME);
        replace(root, "contexts", context);
        root.put("current-context", NAME);
        if (!root.has("preferences")) {
            root.putObject("preferences");
        }
        ObjectNode user = Kube.JSON.createObjectNode();
        user.put("name", NAME);
        user.putObject("user");
        replace(root, "users", user);

        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, ".kubeconfig", ".tmp");
        try {
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // Not a POSIX file system: the default permissions will do.
            }
            Files.writeString(tmp, Kube.toYaml(root), StandardCharsets.UTF_8);
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Puts {@code entry} into the named list, in place of an entry of the same name. */
    private static void replace(ObjectNode root, String list, ObjectNode entry) {
        ArrayNode items = root.path(list) instanceof ArrayNode a ? a : root.putArray(list);
        for (int i = 0; i < items.size(); i++) {
            if (NAME.equals(items.get(i).path("name").asText())) {
                items.set(i, entry);
                return;
            }
        }
        items.add(entry);
    }
}
