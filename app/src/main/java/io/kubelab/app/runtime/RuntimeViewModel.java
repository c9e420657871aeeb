package io.kubelab.app.runtime;

import io.kubelab.app.i18n.I18n;
import io.kubelab.app.session.ClusterSession;
import io.kubelab.app.session.KubeErrors;
import io.kubelab.engine.Cluster;
import io.kubelab.linux.LinuxPlatform;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The runtime switch: simulated ⇄ real containers. Switching builds a fresh cluster on the other
 * runtime off the UI thread, puts it in the session (views follow through the feed's reset batch
 * and the session's cluster listeners), then disposes of the old one completely: with real
 * containers, {@code cluster.close()} then {@code platform.close()}, so no container, namespace,
 * cgroup or iptables rule of it is left on the machine.
 *
 * <p>When real mode cannot start ({@code RealModeUnavailableException}: not root, no runc…), the
 * session is left as it was and {@link #failureProperty()} carries the reason for a dialog.
 *
 * <p>Threading: public methods on the UI thread; the work runs on {@code background}, results
 * come back through {@code ui}.
 */
public final class RuntimeViewModel {
    private final ClusterSession session;
    private final I18n i18n;
    private final Executor ui;
    private final Executor background;
    private final Function<ClusterRuntime, Supplier<Cluster>> factories;
    private final ReadOnlyObjectWrapper<ClusterRuntime> runtime = new ReadOnlyObjectWrapper<>(this, "runtime");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy");
    private final ReadOnlyStringWrapper progress = new ReadOnlyStringWrapper(this, "progress", "");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ReadOnlyStringWrapper failure = new ReadOnlyStringWrapper(this, "failure", "");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
    private Consumer<ClusterRuntime> beforeSwitch = r -> { };

    /**
     * @param factories  the cluster factory of each runtime ({@link ClusterFactories#of})
     * @param background where clusters are built and torn down (a daemon thread of its own in the app)
     */
    public RuntimeViewModel(ClusterSession session, I18n i18n, Executor ui, Executor background,
                            Function<ClusterRuntime, Supplier<Cluster>> factories) {
        this.session = session;
        this.i18n = i18n;
        this.ui = ui;
        this.background = background;
        this.factories = factories;
        runtime.set(ClusterFactories.runtimeOf(session.cluster()));
        updateStatus();
        i18n.localeProperty().addListener((o, a, b) -> updateStatus());
    }

    /** Called on the UI thread with the target runtime just before a switch starts (the controls set 1× speed for real mode). */
    public void setBeforeSwitch(Consumer<ClusterRuntime> hook) {
        this.beforeSwitch = hook;
    }

    /**
     * Replaces the cluster by a fresh one on {@code target} (the caller confirmed: the current
     * cluster is lost). Nothing happens while a switch runs or when {@code target} is the current runtime.
     *
     * @return the runtime once the switch is over: {@code target}, or the old one when it failed
     */
    public CompletableFuture<ClusterRuntime> switchTo(ClusterRuntime target) {
        if (busy.get() || target == runtime.get()) {
            return CompletableFuture.completedFuture(runtime.get());
        }
        beforeSwitch.accept(target);
        busy.set(true);
        failure.set("");
        progress.set(i18n.get(target == ClusterRuntime.LINUX ? "runtime.starting.linux" : "runtime.starting.sim"));
        CompletableFuture<ClusterRuntime> done = new CompletableFuture<>();
        Supplier<Cluster> factory = factories.apply(target);
        background.execute(() -> {
            Cluster old;
            try {
                old = session.replace(factory);
            } catch (RuntimeException e) {
                String reason = e instanceof ClusterFactories.RealModeFailure f && f.unavailable()
                        ? e.getMessage() : i18n.get("runtime.failed.start", KubeErrors.describe(e));
                ui.execute(() -> {
                    busy.set(false);
                    progress.set("");
                    failure.set(reason);
                    done.complete(runtime.get());
                });
                return;
            }
            ui.execute(() -> {
                runtime.set(target);
                updateStatus();
                progress.set(i18n.get("runtime.cleaning"));
            });
            ClusterSession.dispose(old);
            ui.execute(() -> {
                busy.set(false);
                progress.set("");
                message.set(i18n.get("runtime.switched", name(target)));
                done.complete(target);
            });
        });
        return done;
    }

    /**
     * Reset on real containers: a fresh cluster on a fresh platform, built and the old one removed
     * off the UI thread as in a switch (a synchronous reset would hold the window for seconds).
     */
    public CompletableFuture<ClusterRuntime> rebuild() {
        if (busy.get()) {
            return CompletableFuture.completedFuture(runtime.get());
        }
        ClusterRuntime current = runtime.get();
        busy.set(true);
        progress.set(i18n.get(current == ClusterRuntime.LINUX ? "runtime.starting.linux" : "runtime.starting.sim"));
        CompletableFuture<ClusterRuntime> done = new CompletableFuture<>();
        Supplier<Cluster> factory = factories.apply(current);
        background.execute(() -> {
            Cluster old;
            try {
                old = session.replace(factory);
            } catch (RuntimeException e) {
                ui.execute(() -> {
                    busy.set(false);
                    progress.set("");
                    failure.set(i18n.get("runtime.failed.start", KubeErrors.describe(e)));
                    done.complete(current);
                });
                return;
            }
            ui.execute(() -> {
                updateStatus();
                progress.set(i18n.get("runtime.cleaning"));
            });
            ClusterSession.dispose(old);
            ui.execute(() -> {
                busy.set(false);
                progress.set("");
                message.set(i18n.get("controls.resetDone"));
                done.complete(current);
            });
        });
        return done;
    }

    /** The runtime's name in the app's language: "Simulated", "Real containers (Linux)". */
    public String name(ClusterRuntime r) {
        return i18n.get(r == ClusterRuntime.LINUX ? "runtime.linux" : "runtime.simulated");
    }

    private void updateStatus() {
        if (runtime.get() == ClusterRuntime.LINUX) {
            status.set(session.cluster().config().platform() instanceof LinuxPlatform p
                    ? i18n.get("runtime.status.linux", p.id()) : i18n.get("runtime.linux"));
        } else {
            status.set(i18n.get("runtime.status.sim"));
        }
    }

    /** Real mode was asked for at start but could not start: the same dialog as a failed switch. UI thread. */
    public void reportUnavailable(String reason) {
        failure.set(reason);
    }

    /** Clears the failure once its dialog was shown. */
    public void failureShown() {
        failure.set("");
    }

    public ReadOnlyObjectProperty<ClusterRuntime> runtimeProperty() {
        return runtime.getReadOnlyProperty();
    }

    public ClusterRuntime runtime() {
        return runtime.get();
    }

    /** Whether a switch is under way (the switch and the simulation controls are disabled meanwhile). */
    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    /** What the running switch is doing ("Starting real containers…"), empty when none runs. */
    public ReadOnlyStringProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    /** The last switch's outcome, for the status line. */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** Why the last switch to real containers failed (the dialog's text), empty otherwise. */
    public ReadOnlyStringProperty failureProperty() {
        return failure.getReadOnlyProperty();
    }

    /** The runtime for the status bar: "Simulated cluster", "Real containers · kubelab-1a2b3c" (the nodes' namespaces' prefix). */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }
}
