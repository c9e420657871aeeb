package io.kubelab.linux.runc;

import io.kubelab.linux.image.ImageStore;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A real runtime of a test class's own: a node of its own name, a state folder and a test network.
 * {@link #close()} closes it, checks that nothing of it is left on the host ({@link Leaks}) and
 * removes the folder. Needs root and runc: call {@link RootTests#assumeRealMode()} first.
 */
final class TestRuntime implements AutoCloseable {
    final LinuxContainerRuntime rt;
    private final Path state;
    private final TestNetwork network;

    private TestRuntime(LinuxContainerRuntime rt, Path state, TestNetwork network) {
        this.rt = rt;
        this.state = state;
        this.network = network;
    }

    /** Starts a runtime for {@code node}, its state in a new temporary folder named {@code prefix…}. */
    static TestRuntime start(String node, String prefix) throws Exception {
        Path state = Files.createTempDirectory(prefix);
        TestNetwork network = null;
        try {
            network = new TestNetwork();
            LinuxContainerRuntime rt = LinuxContainerRuntime.start(new LinuxContainerRuntime.Options(node,
                    state.resolve("node"), ImageStore.open(state.resolve("images")), network, 4));
            return new TestRuntime(rt, state, network);
        } catch (Exception | Error e) {
            if (network != null) {
                network.close();
            }
            removeTree(state);
            throw e;
        }
    }

    @Override
    public void close() throws Exception {
        try {
            rt.close();
            Leaks.assertNone(rt, state.resolve("node"));
        } finally {
            try {
                network.close();
            } finally {
                removeTree(state);
            }
        }
    }

    private static void removeTree(Path dir) throws Exception {
        Commands.run(List.of("rm", "-rf", "--one-file-system", dir.toString()));
    }
}
