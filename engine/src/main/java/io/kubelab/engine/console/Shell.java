package io.kubelab.engine.console;

/**
 * An interactive session that takes over the console's lines until it ends, as {@code minikube ssh}
 * opens a shell on the node ({@code docker@minikube:~$}) where {@code curl} and {@code docker} run
 * on that node, and {@code exit} returns to the laptop's prompt.
 */
public interface Shell {

    /** The prompt shown before each line ({@code docker@minikube:~$ }). */
    String prompt();

    /** Runs one line in the session; {@code exit} ends it ({@link #isClosed()} then holds). */
    Execution start(String line, Output out);

    boolean isClosed();
}
