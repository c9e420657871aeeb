package io.kubelab.app.controls;

import io.kubelab.app.i18n.I18n;
import io.kubelab.app.session.ClusterSession;
import io.kubelab.app.session.ComponentId;
import io.kubelab.app.session.KubeErrors;
import io.kubelab.engine.Cluster;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Runs the faults the user picks (context menu of the cluster view) on the engine thread and
 * reports the outcome in one line. A stopped component is shown stopped through {@code onStopped}.
 */
public final class FaultsViewModel {
    private final ClusterSession session;
    private final I18n i18n;
    private final Function<Cluster, FaultInjector> injectors;
    private final Executor ui;
    private final BiConsumer<ComponentId, Boolean> onStopped;
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");

    /**
     * @param injectors makes the fault injector of a cluster (the cluster changes on reset)
     * @param ui        runs results on the UI thread ({@code Platform::runLater}; {@code Runnable::run} in tests)
     * @param onStopped told (on the UI thread) when a component was stopped ({@code true}) or started
     */
    public FaultsViewModel(ClusterSession session, I18n i18n, Function<Cluster, FaultInjector> injectors, Executor ui,
                           BiConsumer<ComponentId, Boolean> onStopped) {
        this.session = session;
        this.i18n = i18n;
        this.injectors = injectors;
        this.ui = ui;
        this.onStopped = onStopped;
    }

    public void deletePod(String namespace, String name) {
        run(() -> injectors.apply(session.cluster()).deletePod(namespace, name),
                "fault.podDeleted", namespace + "/" + name, null, false);
    }

    public void stopNode(String node) {
        run(() -> injectors.apply(session.cluster()).stopNode(node), "fault.nodeStopped", node, ComponentId.kubelet(node), true);
    }

    public void startNode(String node) {
        run(() -> injectors.apply(session.cluster()).startNode(node), "fault.nodeStarted", node, ComponentId.kubelet(node), false);
    }

    public void partitionNode(String node) {
        run(() -> injectors.apply(session.cluster()).partitionNode(node), "fault.nodePartitioned", node,
                ComponentId.kubelet(node), true);
    }

    /** Stops or starts the scheduler or the controller manager. */
    public void setRunning(ComponentId component, boolean running) {
        String name = component.engineName();
        run(() -> {
            FaultInjector f = injectors.apply(session.cluster());
            if (running) {
                f.startComponent(name);
            } else {
                f.stopComponent(name);
            }
        }, running ? "fault.componentStarted" : "fault.componentStopped", component.kind().displayName(), component, !running);
    }

    private void run(Runnable action, String doneKey, String subject, ComponentId component, boolean stopped) {
        Callable<Void> task = () -> {
            action.run();
            return null;
        };
        session.submit(task).whenComplete((v, error) -> ui.execute(() -> {
            if (error != null) {
                message.set(KubeErrors.describe(error));
                return;
            }
            message.set(i18n.get(doneKey, subject));
            if (component != null) {
                onStopped.accept(component, stopped);
            }
        }));
    }

    /** The outcome of the last fault, in the UI's language (errors in Kubernetes' words). */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }
}
