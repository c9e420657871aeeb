package io.kubelab.engine.console;

import io.kubelab.engine.Cluster;
import io.kubelab.engine.console.kubectl.KubectlProgram;

/** Ready-made consoles: what the app's console pane and the lessons' replays use. */
public final class Consoles {
    private Consoles() {}

    /** The laptop's console on {@code cluster}: {@code kubectl} with every verb. */
    public static Console standard(Cluster cluster) {
        return new Console(cluster).register(new KubectlProgram());
    }

    /** As {@link #standard(Cluster)}, with kubectl's kubeconfig pointing at {@code server} (for {@code cluster-info}). */
    public static Console standard(Cluster cluster, String server) {
        return new Console(cluster).register(new KubectlProgram(server));
    }
}
