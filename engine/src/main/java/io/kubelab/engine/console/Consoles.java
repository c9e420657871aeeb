package io.kubelab.engine.console;

import io.kubelab.engine.Cluster;
import io.kubelab.engine.console.curl.CurlProgram;
import io.kubelab.engine.console.docker.DockerProgram;
import io.kubelab.engine.console.kubectl.KubectlProgram;
import io.kubelab.engine.console.minikube.MinikubeProgram;

/** The consoles Kubelab makes: the laptop's terminal of the deck with every program registered. */
public final class Consoles {
    private Consoles() {}

    /** The laptop's console over {@code cluster}: {@code kubectl}, {@code minikube}, {@code docker}, {@code curl}. */
    public static Console standard(Cluster cluster) {
        return new Console(cluster)
                .register(new KubectlProgram())
                .register(new MinikubeProgram())
                .register(new DockerProgram())
                .register(new CurlProgram());
    }
}
