package io.kubelab.app.editor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubelab.app.i18n.I18n;
import io.kubelab.app.session.ClusterSession;
import io.kubelab.app.session.KubeErrors;
import io.kubelab.engine.model.Kube;
import io.kubelab.engine.model.ManifestException;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The YAML editor pane: a manifest being written, applied to the cluster as {@code kubectl apply -f}
 * does ({@link ManifestApplier}), with kubectl's report: {@code deployment.apps/x created} or the
 * Kubernetes error text. It starts from a file of the console's working folder, from the
 * inspector's object ("Edit in the YAML editor"), or from nothing.
 *
 * <p>Threading: UI thread; Apply runs on the engine thread through the session and reports back through {@code ui}.
 */
public final class YamlEditorViewModel {
    /** The name errors give the text, as kubectl names the file it read. */
    static final String SOURCE = "STDIN";

    private final ClusterSession session;
    private final I18n i18n;
    private final Executor ui;
    private final StringProperty text = new SimpleStringProperty(this, "text", "");
    private final ReadOnlyStringWrapper result = new ReadOnlyStringWrapper(this, "result", "");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");
    private final ReadOnlyStringWrapper origin = new ReadOnlyStringWrapper(this, "origin", "");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy");
    private final ObjectProperty<Map<String, String>> files = new SimpleObjectProperty<>(this, "files", Map.of());
    private String originKey = "editor.origin.new";
    private Object[] originArgs = {};

    public YamlEditorViewModel(ClusterSession session, I18n i18n, Executor ui) {
        this.session = session;
        this.i18n = i18n;
        this.ui = ui;
        i18n.localeProperty().addListener((o, a, b) -> origin.set(i18n.get(originKey, originArgs)));
        origin.set(i18n.get(originKey));
    }

    /** Loads a file of the working folder ({@code run-my-nginx.yaml}). */
    public void openFile(String name) {
        String content = files.get().get(name);
        if (content == null) {
            return;
        }
        show(content, "editor.origin.file", name);
    }

    /**
     * Loads an object as the inspector shows it, without what the server keeps for itself (status,
     * uid, resourceVersion, managedFields…), so that the text reads as a manifest and Apply
     * patches the fields it names.
     */
    public void openObject(String yaml, String title) {
        show(manifestOf(yaml), "editor.origin.object", title);
    }

    /** Starts an empty manifest. */
    public void newManifest() {
        show("", "editor.origin.new");
    }

    private void show(String content, String key, Object... args) {
        text.set(content);
        result.set("");
        error.set("");
        originKey = key;
        originArgs = args;
        origin.set(i18n.get(key, args));
    }

    /** The text of {@code yaml} without server-side fields; the text as it was when it cannot be read. */
    static String manifestOf(String yaml) {
        List<ObjectNode> docs;
        try {
            docs = Kube.readDocuments(yaml);
        } catch (ManifestException e) {
            return yaml;
        }
        List<String> out = new ArrayList<>();
        for (ObjectNode doc : docs) {
            ObjectNode d = doc.deepCopy();
            d.remove("status");
            JsonNode meta = d.get("metadata");
            if (meta instanceof ObjectNode m) {
                m.remove(List.of("uid", "resourceVersion", "generation", "creationTimestamp", "managedFields", "selfLink"));
                JsonNode annotations = m.get("annotations");
                if (annotations instanceof ObjectNode a) {
                    a.remove("kubectl.kubernetes.io/last-applied-configuration");
                    a.remove("deployment.kubernetes.io/revision");
                    if (a.isEmpty()) {
                        m.remove("annotations");
                    }
                }
            }
            out.add(Kube.toYaml(d));
        }
        return String.join("---\n", out);
    }

    /** Apply: every object of the text, on the engine thread; the report comes back in kubectl's words. */
    public CompletableFuture<List<ManifestApplier.Outcome>> apply() {
        String yaml = text.get();
        result.set("");
        error.set("");
        busy.set(true);
        return session.submit(() -> ManifestApplier.apply(session.cluster().api(), yaml, SOURCE))
                .whenComplete((outcomes, e) -> ui.execute(() -> {
                    busy.set(false);
                    if (e != null) {
                        error.set(KubeErrors.describe(e));
                        return;
                    }
                    List<String> ok = new ArrayList<>();
                    List<String> bad = new ArrayList<>();
                    for (ManifestApplier.Outcome o : outcomes) {
                        (o.error() ? bad : ok).add(o.line());
                    }
                    result.set(String.join("\n", ok));
                    error.set(String.join("\n", bad));
                }));
    }

    /** The manifest being edited; the view binds its editor both ways. */
    public StringProperty textProperty() {
        return text;
    }

    /** What the last Apply did, one line per object ({@code service/my-nginx created}). */
    public ReadOnlyStringProperty resultProperty() {
        return result.getReadOnlyProperty();
    }

    /** What the last Apply could not do, as kubectl prints it; empty when nothing failed. */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** Where the text came from ("From run-my-nginx.yaml", "A new manifest"). */
    public ReadOnlyStringProperty originProperty() {
        return origin.getReadOnlyProperty();
    }

    /** An Apply runs. */
    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    /** The working folder's files the editor can open (the console's). */
    public ObjectProperty<Map<String, String>> filesProperty() {
        return files;
    }
}
