package io.kubelab.linux.runc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** What a node of Kubelab may leave on the host: nothing. */
final class Leaks {
    private Leaks() {}

    /** runc containers of the node's runc root, cgroups below the node's parent, mounts under its state folder. */
    static List<String> of(String node, Path nodeState) throws IOException {
        List<String> leaks = new ArrayList<>();
        Path root = nodeState.resolve("runc");
        if (Files.isDirectory(root)) {
            Commands.Result r = Commands.run(List.of(Commands.which("runc").toString(), "--root", root.toString(), "list", "-q"));
            for (String id : r.output().split("\n")) {
                if (!id.isBlank()) {
                    leaks.add("runc container " + id.trim());
                }
            }
        }
        for (Path p : Cgroups.host().existing("/kubelab/" + node)) {
            try (Stream<Path> children = Files.list(p)) {
                children.filter(Files::isDirectory).forEach(c -> leaks.add("cgroup " + c));
            }
        }
        for (Path m : LinuxContainerRuntime.mountsUnder(nodeState)) {
            leaks.add("mount " + m);
        }
        return leaks;
    }

    static void assertNone(LinuxContainerRuntime rt, Path nodeState) throws IOException {
        assertThat(of(rt.nodeName(), nodeState)).isEmpty();
    }
}
