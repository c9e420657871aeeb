package io.kubelab.app;

import io.kubelab.app.lessons.BundledContent;
import io.kubelab.app.session.ClusterSession;

import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Work the window needs that can start before JavaFX is up: the app's start-up in three lanes
 * instead of one. Measured under {@code KUBELAB_STARTUP_PROBE=1} (docs/benchmarks.md), the old
 * single lane spent, in order, ~12 % of the time to the first frame starting the JavaFX toolkit,
 * ~20 % building and starting the cluster (Jackson, the fabric8 model, every component), ~25 %
 * waiting for the lessons, ~7 % starting the API server and ~35 % building and showing the
 * controls. Now the cluster and the bundled lessons and deck are built on their own threads
 * from {@code main} on, while the toolkit starts; the controls' classes are loaded on a fourth
 * while the FX thread waits for the cluster ({@link #warmUpControls()}); the API server starts
 * after the first frame (see {@code KubelabApp}).
 */
final class EarlyStart {
    private static volatile CompletableFuture<ClusterSession> session;

    private EarlyStart() {}

    /** Starts building the session's cluster and reading the bundled content. Launcher thread, once. */
    static void begin(Supplier<ClusterSession> sessions) {
        BundledContent.preload();
        if (StartupProbe.on()) {
            Thread probe = new Thread(() -> {
                BundledContent.lessons();
                StartupProbe.mark("lessons read");
                BundledContent.introDeck().apply("en");
                StartupProbe.mark("deck read");
            }, "kubelab-start-probe");
            probe.setDaemon(true);
            probe.start();
        }
        CompletableFuture<ClusterSession> f = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                f.complete(open(sessions));
            } catch (Throwable e) {
                f.completeExceptionally(e);
            }
        }, "kubelab-start-cluster");
        t.setDaemon(true);
        t.start();
        session = f;
    }

    /** The session begun by {@link #begin}, or (when the app was started otherwise) one built now. */
    static ClusterSession session(Supplier<ClusterSession> sessions) {
        CompletableFuture<ClusterSession> f = session;
        session = null;
        if (f == null) {
            return open(sessions);
        }
        return f.join();
    }

    private static ClusterSession open(Supplier<ClusterSession> sessions) {
        ClusterSession s = sessions.get();
        StartupProbe.mark("cluster running");
        return s;
    }

    /**
     * Loads and initializes the classes of the controls the main window is made of (RichTextFX's
     * code area, tables, lists, tabs, split panes, text fields and their skins) on a background
     * thread, by making throwaway ones that are never shown: JavaFX lets nodes be made on any
     * thread until they join a showing window. When the FX thread gets there, the classes are
     * ready (a class being loaded here is waited for, never loaded twice). Failures only cost the
     * head start. Call once JavaFX is up.
     */
    static void warmUpControls() {
        Thread t = new Thread(() -> {
            try {
                var code = new org.fxmisc.richtext.CodeArea("kind: Pod\n");
                code.setParagraphGraphicFactory(org.fxmisc.richtext.LineNumberFactory.get(code));
                new org.fxmisc.flowless.VirtualizedScrollPane<>(code);
                new org.fxmisc.richtext.StyleClassedTextArea();
                var tabs = new javafx.scene.control.TabPane(new javafx.scene.control.Tab("a"));
                new javafx.scene.control.skin.TabPaneSkin(tabs);
                var split = new javafx.scene.control.SplitPane(new javafx.scene.layout.Pane(), new javafx.scene.layout.Pane());
                new javafx.scene.control.skin.SplitPaneSkin(split);
                var table = new javafx.scene.control.TableView<String>();
                table.getColumns().add(new javafx.scene.control.TableColumn<>("a"));
                new javafx.scene.control.skin.TableViewSkin<>(table);
                var list = new javafx.scene.control.ListView<String>();
                new javafx.scene.control.skin.ListViewSkin<>(list);
                var field = new javafx.scene.control.TextField();
                new javafx.scene.control.skin.TextFieldSkin(field);
                var area = new javafx.scene.control.TextArea();
                new javafx.scene.control.skin.TextAreaSkin(area);
                var button = new javafx.scene.control.Button("a");
                new javafx.scene.control.skin.ButtonSkin(button);
                var toggle = new javafx.scene.control.ToggleButton("a");
                new javafx.scene.control.skin.ToggleButtonSkin(toggle);
                var menu = new javafx.scene.control.MenuButton("a");
                new javafx.scene.control.skin.MenuButtonSkin(menu);
                var combo = new javafx.scene.control.ComboBox<String>();
                new javafx.scene.control.skin.ComboBoxListViewSkin<>(combo);
                var check = new javafx.scene.control.CheckBox("a");
                new javafx.scene.control.skin.CheckBoxSkin(check);
                var slider = new javafx.scene.control.Slider();
                new javafx.scene.control.skin.SliderSkin(slider);
                var scroll = new javafx.scene.control.ScrollPane();
                new javafx.scene.control.skin.ScrollPaneSkin(scroll);
                var label = new javafx.scene.control.Label("a");
                new javafx.scene.control.skin.LabelSkin(label);
                new javafx.scene.canvas.Canvas(1, 1).getGraphicsContext2D();
            } catch (Throwable e) {
                // Only a lost head start: the FX thread loads whatever is missing itself.
            }
            StartupProbe.mark("controls warmed up");
        }, "kubelab-start-controls");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
    }
}
