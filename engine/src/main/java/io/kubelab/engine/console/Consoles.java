package io.kubelab.engine.console;

import io.kubelab.engine.Cluster;
import io.kubelab.engine.console.kubectl.KubectlProgram;

/** The consoles Kubelab ships: one place where the laptop's programs are registered. */
public final class Consoles {
    private Consoles() {}

    /** The laptop's terminal of the deck over {@code cluster}. */
    public static Console standard(Cluster cluster) {
        return new Console(cluster).register(new KubectlProgram());
    }
}
