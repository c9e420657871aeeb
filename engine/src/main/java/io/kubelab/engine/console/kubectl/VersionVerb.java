package io.kubelab.engine.console.kubectl;

import io.kubelab.engine.console.Execution;
import io.kubelab.engine.model.KubernetesVersion;

/**
 * {@code kubectl version}: the console's kubectl presents itself as the kubectl of the cluster's
 * release ({@link KubernetesVersion}), with that release's Kustomize.
 */
final class VersionVerb extends Verb {
    /** The Kustomize bundled with kubectl 1.31. */
    static final String KUSTOMIZE_VERSION = "v5.4.2";

    @Override
    public String name() {
        return "version";
    }

    @Override
    protected void declare(Flags f) {
        f.bool("client", null).string("output", "o", "");
    }

    @Override
    protected Execution run(Call c) {
        String out = "Client Version: " + KubernetesVersion.GIT_VERSION + "\nKustomize Version: " + KUSTOMIZE_VERSION + "\n";
        if (!c.flags.bool("client")) {
            out += "Server Version: " + KubernetesVersion.GIT_VERSION + "\n";
        }
        c.out(out);
        return Execution.finished(0);
    }
}
