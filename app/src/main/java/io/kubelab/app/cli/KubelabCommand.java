package io.kubelab.app.cli;

import io.kubelab.engine.server.ApiServer;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.util.function.Consumer;

/**
 * The {@code kubelab} command: without arguments it opens the app; {@code kubelab serve} runs a
 * cluster headless behind the Kubernetes API, for the real {@code kubectl}.
 */
@Command(name = "kubelab", mixinStandardHelpOptions = true, versionProvider = KubelabCommand.Version.class,
        subcommands = {ServeCommand.class, ImageCommand.class},
        description = {"A Kubernetes classroom on one laptop.", "",
                "Without a command, opens the Kubelab app on a simulated cluster."})
public final class KubelabCommand implements Runnable {
    private final Consumer<String[]> openApp;
    private final String[] args;

    @picocli.CommandLine.Option(names = "--runtime", paramLabel = "sim|linux",
            description = "The app's cluster: sim, simulated (default); linux, real containers (runc; needs root, "
                    + "else the app says why and stays simulated). The Runtime menu switches later.")
    String runtime;

    KubelabCommand(Consumer<String[]> openApp, String[] args) {
        this.openApp = openApp;
        this.args = args;
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        if (runtime != null && io.kubelab.app.runtime.ClusterRuntime.parse(runtime).isEmpty()) {
            // picocli's own wording for a value outside an option's choices; exit code 2 like every usage error
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "Invalid value for option '--runtime': expected one of [sim, linux] but was '" + runtime + "'");
        }
        if (runtime != null) {
            // The app reads it as -Dkubelab.runtime=… (also what screenshots and demos set).
            System.setProperty(io.kubelab.app.runtime.ClusterRuntime.PROPERTY, runtime);
        }
        openApp.accept(args);
    }

    /**
     * Runs the command line.
     *
     * @param openApp opens the desktop app (the JavaFX launcher), called when no command is given
     * @return the process exit code
     */
    public static int execute(String[] args, Consumer<String[]> openApp, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new KubelabCommand(openApp, args));
        cli.setOut(out);
        cli.setErr(err);
        return cli.execute(args);
    }

    /** {@code kubelab --version}. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"kubelab " + version(), "Kubernetes API " + ApiServer.KUBERNETES_VERSION};
        }
    }

    static String version() {
        String v = KubelabCommand.class.getPackage().getImplementationVersion();
        return v == null ? "development build" : v;
    }
}
