package io.kubelab.engine.console;

import io.kubelab.engine.Cluster;

/** What programs see of the console: the cluster, and a way to open a nested shell. */
public interface ConsoleContext {

    Cluster cluster();

    /** Hands the following lines to {@code shell} until it closes ({@code minikube ssh}). */
    void enterShell(Shell shell);
}
