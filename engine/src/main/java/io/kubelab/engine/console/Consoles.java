package io.kubelab.engine.console;

import io.kubelab.engine.Cluster;
import io.kubelab.engine.console.curl.CurlProgram;
import io.kubelab.engine.console.docker.DockerProgram;
import io.kubelab.engine.console.kubectl.KubectlProgram;
import io.kubelab.engine.console.minikube.MinikubeProgram;

/**
 * Ready-made consoles: the laptop's terminal of the deck with every program registered, as the
 * app's console pane and the lessons' replays use it.
 */
public final class Consoles {
    private Consoles() {}

    /** The laptop's console over {@code cluster}: {@code kubectl}, {@code minikube}, {@code docker}, {@code curl}. */
    public static Console standard(Cluster cluster) {
        return withPrograms(new Console(cluster), new KubectlProgram());
    }

    /** As {@link #standard(Cluster)}, with kubectl's kubeconfig pointing at {@code server} (for {@code cluster-info}). */
    public static Console standard(Cluster cluster, String server) {
        return withPrograms(new Console(cluster), new KubectlProgram(server));
    }

    private static Console withPrograms(Console console, KubectlProgram kubectl) {
        return console.register(kubectl)
                .register(new MinikubeProgram())
                .register(new DockerProgram())
                .register(new CurlProgram());
    }
}
