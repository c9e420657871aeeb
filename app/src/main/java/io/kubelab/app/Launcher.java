package io.kubelab.app;

/**
 * The entry point of {@code kubelab} and of {@code ./mvnw javafx:run}. A class that extends
 * {@code Application} cannot be the main class of a plain {@code java -cp} launch, so this one is.
 */
public final class Launcher {
    private Launcher() {}

    public static void main(String[] args) {
        KubelabApp.launchApp(args);
    }
}
