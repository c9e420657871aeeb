package io.kubelab.app;

import io.kubelab.app.cli.KubelabCommand;

import java.io.PrintWriter;
import java.nio.charset.Charset;

/**
 * The entry point of {@code kubelab} and of {@code ./mvnw javafx:run}: the command line
 * ({@code kubelab}, {@code kubelab serve}, {@code --help}, {@code --version}). A class that extends
 * {@code Application} cannot be the main class of a plain {@code java -cp} launch, so this one is.
 */
public final class Launcher {
    private Launcher() {}

    public static void main(String[] args) {
        // The model library brings slf4j-api without a binding; its "no providers" notice is noise here.
        if (System.getProperty("slf4j.internal.verbosity") == null) {
            System.setProperty("slf4j.internal.verbosity", "ERROR");
        }
        if (args.length == 0) {
            // The app itself (`./mvnw javafx:run`, `kubelab`): the command line has nothing to parse,
            // and skipping picocli's reflective set-up of every command saves ~170 classes before the window.
            KubelabApp.launchApp(args);
            System.exit(0);
        }
        Charset cs = Charset.defaultCharset();
        int code = KubelabCommand.execute(args, KubelabApp::launchApp,
                new PrintWriter(new java.io.OutputStreamWriter(System.out, cs), true),
                new PrintWriter(new java.io.OutputStreamWriter(System.err, cs), true));
        System.exit(code);
    }
}
