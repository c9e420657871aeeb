package io.kubelab.app.inspector;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.kubelab.app.i18n.I18n;
import io.kubelab.app.session.ClusterSession;
import io.kubelab.app.session.ComponentId;
import io.kubelab.app.session.FeedBatch;
import io.kubelab.app.session.FeedListener;
import io.kubelab.app.session.KubeErrors;
import io.kubelab.app.session.Selection;
import io.kubelab.app.timeline.EventRow;
import io.kubelab.engine.model.Kube;
import io.kubelab.engine.model.ManifestException;
import io.kubelab.engine.model.ResourceType;
import io.kubelab.engine.model.ResourceTypes;
import io.kubelab.engine.store.WatchEvent;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The inspector: the selected object's YAML (editable, applied like {@code kubectl edit} — an
 * update carrying the resourceVersion the user saw, so a change made meanwhile fails with
 * Kubernetes' Conflict message), its Events, and for a pod the scheduler's "why".
 *
 * <p>The YAML follows the object while the user has not edited it; once edited, a change on the
 * server only raises {@link #staleProperty()}.
 *
 * <p>Threading: UI thread; {@link #onBatch} from the frame loop; API calls go to the engine
 * thread through the session and come back through {@code ui}.
 */
public final class InspectorViewModel implements FeedListener {
    private final ClusterSession session;
    private final I18n i18n;
    private final Executor ui;
    private SchedulingExplainer explainer;
    private final ObjectProperty<Selection> selection = new SimpleObjectProperty<>(this, "selection");
    private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper(this, "title", "");
    private final StringProperty yaml = new SimpleStringProperty(this, "yaml", "");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");
    private final ReadOnlyStringWrapper info = new ReadOnlyStringWrapper(this, "info", "");
    private final ReadOnlyStringWrapper why = new ReadOnlyStringWrapper(this, "why", "");
    private final ReadOnlyStringWrapper about = new ReadOnlyStringWrapper(this, "about", "");
    private final ReadOnlyBooleanWrapper stale = new ReadOnlyBooleanWrapper(this, "stale");
    private final ReadOnlyBooleanWrapper editable = new ReadOnlyBooleanWrapper(this, "editable");
    private final ReadOnlyBooleanWrapper pod = new ReadOnlyBooleanWrapper(this, "pod");
    private final ObservableList<EventRow> events = FXCollections.observableArrayList();
    private final java.util.function.Function<String, List<EventRow>> eventsOf;
    private final KernelViewModel kernel;
    private String loadedYaml = "";
    private String uid;

    /**
     * @param eventsOf the events of an object by uid (the timeline keeps them)
     */
    public InspectorViewModel(ClusterSession session, I18n i18n, Executor ui, SchedulingExplainer explainer,
                              java.util.function.Function<String, List<EventRow>> eventsOf) {
        this.session = session;
        this.i18n = i18n;
        this.ui = ui;
        this.explainer = explainer;
        this.eventsOf = eventsOf;
        this.kernel = new KernelViewModel(i18n, ui);
        kernel.selectionProperty().bind(selection);
        selection.addListener((o, a, b) -> {
            if (!Objects.equals(a, b)) {
                error.set("");
                info.set("");
                load(true);
            }
        });
        i18n.localeProperty().addListener((o, a, b) -> load(false));
        load(true);
    }

    /** Replaces the explainer (the composition root wires the scheduler's). */
    public void setExplainer(SchedulingExplainer explainer) {
        this.explainer = explainer == null ? SchedulingExplainer.NONE : explainer;
        refreshWhy();
    }

    private Selection.ObjectRef ref() {
        return selection.get() instanceof Selection.ObjectRef r ? r : null;
    }

    /** Reads the selected object from the store; {@code replaceText} also when the user edited it. */
    private void load(boolean replaceText) {
        Selection s = selection.get();
        pod.set(s instanceof Selection.ObjectRef r && r.type() == ResourceTypes.PODS);
        if (s == null) {
            title.set(i18n.get("inspector.nothing"));
            setText("", true);
            editable.set(false);
            about.set("");
            uid = null;
            events.clear();
            why.set("");
            return;
        }
        if (s instanceof Selection.ComponentRef c) {
            ComponentId id = c.component();
            title.set(id.node() == null ? id.kind().displayName() : id.kind().displayName() + " @ " + id.node());
            about.set(i18n.get("component." + id.kind().name().toLowerCase(Locale.ROOT) + ".about"));
            setText("", true);
            editable.set(false);
            uid = null;
            events.clear();
            why.set("");
            return;
        }
        Selection.ObjectRef ref = (Selection.ObjectRef) s;
        about.set("");
        title.set(ref.kindName() + (ref.namespace() == null ? "" : "  (" + ref.namespace() + ")"));
        HasMetadata o = session.cluster().store().get(ref.type(), ref.namespace(), ref.name());
        if (o == null) {
            uid = null;
            editable.set(false);
            setText("", true);
            info.set(i18n.get("inspector.gone", ref.kindName()));
            events.clear();
            why.set("");
            return;
        }
        uid = o.getMetadata().getUid();
        editable.set(true);
        setText(Kube.toYaml(o), replaceText);
        events.setAll(eventsOf.apply(uid));
        refreshWhy();
    }

    private void setText(String text, boolean replace) {
        boolean edited = !yaml.get().equals(loadedYaml);
        if (replace || !edited) {
            loadedYaml = text;
            yaml.set(text);
            stale.set(false);
        } else if (!text.equals(loadedYaml)) {
            stale.set(true);
        }
    }

    private void refreshWhy() {
        Selection.ObjectRef r = ref();
        if (r == null || r.type() != ResourceTypes.PODS) {
            why.set("");
            return;
        }
        SchedulingExplainer e = explainer;
        session.submit(() -> e.explain(r.namespace(), r.name())).whenComplete((answer, err) -> ui.execute(() -> {
            if (!Objects.equals(r, ref())) {
                return;
            }
            if (err != null) {
                why.set(KubeErrors.describe(err));
            } else {
                why.set(formatWhy(answer));
            }
        }));
    }

    /**
     * The "Why?" text: the outcome, then one line per node with each plugin's verdict, e.g.
     * <pre>
     * minikube       ✗  TaintToleration: node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }
     * minikube-m02   ✓  score 87  (NodeResourcesFit ✓, LeastAllocated 87)
     * </pre>
     */
    String formatWhy(Optional<SchedulingExplanation> answer) {
        if (answer.isEmpty()) {
            return i18n.get("inspector.why.none");
        }
        SchedulingExplanation e = answer.get();
        StringBuilder sb = new StringBuilder(e.outcome()).append("\n\n");
        int width = 4;
        for (SchedulingExplanation.NodeVerdict v : e.nodes()) {
            width = Math.max(width, v.node().length());
        }
        for (SchedulingExplanation.NodeVerdict v : e.nodes()) {
            sb.append(String.format("%-" + (width + 2) + "s", v.node()));
            sb.append(v.feasible() ? "\u2713  " : "\u2717  ");
            if (v.node().equals(e.chosenNode())) {
                sb.append("\u2190 ");
            }
            if (v.score() != null) {
                sb.append(i18n.get("inspector.why.score", v.score())).append("  ");
            }
            StringBuilder plugins = new StringBuilder();
            for (SchedulingExplanation.PluginVerdict p : v.plugins()) {
                if (plugins.length() > 0) {
                    plugins.append(", ");
                }
                plugins.append(p.plugin());
                if (!"Success".equals(p.code())) {
                    plugins.append(": ").append(p.reason().isEmpty() ? p.code() : p.reason());
                } else if (p.score() != null) {
                    plugins.append(' ').append(p.score());
                } else {
                    plugins.append(" \u2713");
                }
            }
            sb.append('(').append(plugins).append(")\n");
        }
        return sb.toString();
    }

    @Override
    public void onBatch(FeedBatch batch) {
        Selection.ObjectRef r = ref();
        if (r == null) {
            return;
        }
        if (batch.reset()) {
            load(true);
            kernel.refresh();
            return;
        }
        boolean changed = false;
        boolean newEvents = false;
        boolean endpoints = false;
        for (WatchEvent e : batch.events()) {
            // A Service's endpoints changed: kube-proxy rewrites its rules, the Kernel tab's iptables section may change.
            endpoints |= r.type() == ResourceTypes.PODS && e.resource() == ResourceTypes.ENDPOINTS
                    && Objects.equals(r.namespace(), e.object().getMetadata().getNamespace());
            if (e.resource() == r.type() && r.name().equals(e.object().getMetadata().getName())
                    && Objects.equals(r.type().namespaced() ? r.namespace() : null,
                    r.type().namespaced() ? e.object().getMetadata().getNamespace() : null)) {
                changed = true;
            } else if (e.resource() == ResourceTypes.EVENTS && uid != null) {
                var involved = ((io.fabric8.kubernetes.api.model.Event) e.object()).getInvolvedObject();
                newEvents |= involved != null && uid.equals(involved.getUid());
            }
        }
        if (changed) {
            load(false);
            if (r.type() == ResourceTypes.PODS) {
                refreshWhy();
                // a container started or restarted: new processes, new namespaces to read
                kernel.refresh();
            }
        } else if (newEvents) {
            events.setAll(eventsOf.apply(uid));
        }
        if (endpoints && !changed) {
            kernel.refresh();
        }
    }

    /**
     * Sends the edited YAML: a {@code PUT} of the object with the resourceVersion it had when
     * shown. Errors read as kubectl prints them ({@code Error from server (Invalid): …}).
     */
    public CompletableFuture<HasMetadata> apply() {
        Selection.ObjectRef r = ref();
        error.set("");
        info.set("");
        if (r == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("nothing selected"));
        }
        HasMetadata edited;
        try {
            List<ObjectNode> docs = Kube.readDocuments(yaml.get());
            if (docs.size() != 1) {
                throw new ManifestException("the edited file must hold exactly one object, not " + docs.size());
            }
            edited = ResourceTypes.decode(docs.get(0));
            ResourceType type = ResourceTypes.of(edited);
            String ns = edited.getMetadata() == null ? null : edited.getMetadata().getNamespace();
            if (type != r.type() || edited.getMetadata() == null || !r.name().equals(edited.getMetadata().getName())
                    || (type.namespaced() && ns != null && !ns.equals(r.namespace()))) {
                // kubectl edit's own words when the identity of the object changed.
                throw new ManifestException("At least one of apiVersion, kind and name was changed");
            }
            if (type.namespaced() && ns == null) {
                edited.getMetadata().setNamespace(r.namespace());
            }
        } catch (ManifestException | IllegalArgumentException e) {
            String message = e instanceof ManifestException ? KubeErrors.describe(e) : "error: " + e.getMessage();
            error.set(message);
            return CompletableFuture.failedFuture(e);
        }
        HasMetadata toSend = edited;
        return session.submit(() -> (HasMetadata) session.cluster().api().update(toSend)).whenComplete((v, e) -> ui.execute(() -> {
            if (e != null) {
                error.set(KubeErrors.describe(e));
            } else {
                info.set(i18n.get("inspector.applied", r.kindName()));
                load(true);
            }
        }));
    }

    /** Throws the edits away and shows the object as stored. */
    public void reload() {
        error.set("");
        info.set("");
        load(true);
    }

    /** The Kernel tab (real mode: the selected pod's namespaces, cgroups, network, Service rules, security). */
    public KernelViewModel kernel() {
        return kernel;
    }

    public ObjectProperty<Selection> selectionProperty() {
        return selection;
    }

    public ReadOnlyStringProperty titleProperty() {
        return title.getReadOnlyProperty();
    }

    /** The YAML in the editor; the view binds it both ways. */
    public StringProperty yamlProperty() {
        return yaml;
    }

    /** The last Apply's error, as kubectl prints it; empty when none. */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** A success or status line. */
    public ReadOnlyStringProperty infoProperty() {
        return info.getReadOnlyProperty();
    }

    /** The "Why?" tab's text (pods only). */
    public ReadOnlyStringProperty whyProperty() {
        return why.getReadOnlyProperty();
    }

    /** What a selected component does (components only). */
    public ReadOnlyStringProperty aboutProperty() {
        return about.getReadOnlyProperty();
    }

    /** The object changed on the server after the user started editing. */
    public ReadOnlyBooleanProperty staleProperty() {
        return stale.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty editableProperty() {
        return editable.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty podProperty() {
        return pod.getReadOnlyProperty();
    }

    public ObservableList<EventRow> events() {
        return events;
    }

    /** Whether the text differs from what was loaded. */
    public boolean isEdited() {
        return !yaml.get().equals(loadedYaml);
    }
}
