package io.kubelab.app;

import javafx.event.EventHandler;
import javafx.geometry.Rectangle2D;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.stage.Screen;
import javafx.stage.Stage;

/**
 * Puts a {@link WindowState} on the main window and reads it back: the stage's bounds, the three
 * dividers and the two tab panes' selected tabs. Tabs are named by their id without its
 * {@code tab-} prefix ({@code tab-console} → {@code console}).
 *
 * <p>The bounds saved are those of the normal window: while the window is maximized its size is
 * the screen's, and restoring that as the normal size would make "un-maximize" do nothing. So the
 * layout follows the stage and keeps the last bounds it had while not maximized.
 *
 * <p>Threading: the FX thread.
 */
public final class WindowLayout {
    private final Stage stage;
    private final MainView view;
    private double normalX = Double.NaN;
    private double normalY = Double.NaN;
    private double normalWidth;
    private double normalHeight;

    private WindowLayout(Stage stage, MainView view) {
        this.stage = stage;
        this.view = view;
    }

    /**
     * Sizes {@code stage} and sets the view's dividers and tabs from {@code state}, then follows the
     * stage's normal bounds. Call before {@code stage.show()}, with the view's root in the stage's scene.
     *
     * @param placed whether to restore the size, the position and the maximized state (screenshots
     *               keep their scene's size, in the middle of the screen)
     */
    public static WindowLayout apply(WindowState state, Stage stage, MainView view, boolean placed) {
        WindowLayout layout = new WindowLayout(stage, view);
        layout.normalWidth = state.width();
        layout.normalHeight = state.height();
        if (placed) {
            stage.setWidth(state.width());
            stage.setHeight(state.height());
        }
        if (placed && !Double.isNaN(state.x()) && onSomeScreen(state)) {
            stage.setX(state.x());
            stage.setY(state.y());
            layout.normalX = state.x();
            layout.normalY = state.y();
        }
        stage.setMaximized(placed && state.maximized());
        layout.dividers(state.lessonDivider(), state.sideDivider(), state.bottomDivider());
        select(view.learnTabs(), state.learnTab());
        select(view.bottomTabs(), state.bottomTab());
        layout.follow();
        layout.keepProportionsUntilTouched();
        if (!stage.isShowing()) {
            // And once more after the first layout at the window's real size: before it, the splits
            // are laid out at whatever size the scene had, and their items' minimum sizes bend the fractions.
            EventHandler<javafx.stage.WindowEvent> shown = new EventHandler<>() {
                @Override
                public void handle(javafx.stage.WindowEvent e) {
                    stage.removeEventHandler(javafx.stage.WindowEvent.WINDOW_SHOWN, this);
                    javafx.scene.Scene scene = view.root().getScene();
                    Runnable[] once = new Runnable[1];
                    once[0] = () -> {
                        scene.removePostLayoutPulseListener(once[0]);
                        layout.dividers(state.lessonDivider(), state.sideDivider(), state.bottomDivider());
                    };
                    scene.addPostLayoutPulseListener(once[0]);
                }
            };
            stage.addEventHandler(javafx.stage.WindowEvent.WINDOW_SHOWN, shown);
        }
        return layout;
    }

    /**
     * Sets the three dividers, the outer ones first. The splits are nested (the lesson split holds
     * the cluster | inspector split, the vertical split holds both) and the inspector keeps its
     * width when its split is resized: moving the lesson divider from 0.27 to 0.18 of 1,100 px
     * widens the inner split by 99 px and moves its divider from 0.55 to about 0.61. So the inner
     * divider is set after a layout pass has given the inner split its new width.
     */
    public void dividers(double lesson, double side, double bottom) {
        view.verticalSplit().setDividerPositions(bottom);
        view.lessonSplit().setDividerPositions(lesson);
        if (view.root().getScene() != null) {
            view.root().applyCss();
            view.root().layout();
        }
        view.sideSplit().setDividerPositions(side);
        if (view.root().getScene() != null) {
            view.root().layout();
        }
    }

    /**
     * The learning pane, the inspector and the bottom pane keep their size in pixels when the window
     * is resized (the cluster view takes the difference). Between the restore and the user's first
     * click or key they resize with the window instead, so that the fractions restored survive the
     * window's own settling: a window maximized by the window manager after it is shown, or a
     * scene made at one size and shown at another. With fixed widths, a lesson pane restored at
     * 0.18 of a 1,440 px scene (259 px) would come up as 0.24 of the 1,100 px window.
     */
    private void keepProportionsUntilTouched() {
        javafx.scene.Node[] fixed = {view.learnTabs(), view.inspectorView().root(), view.bottomTabs()};
        for (javafx.scene.Node n : fixed) {
            SplitPane.setResizableWithParent(n, true);
        }
        javafx.scene.Scene scene = view.root().getScene();
        if (scene == null) {
            return;
        }
        EventHandler<javafx.scene.input.InputEvent> touched = new EventHandler<>() {
            @Override
            public void handle(javafx.scene.input.InputEvent e) {
                scene.removeEventFilter(javafx.scene.input.MouseEvent.MOUSE_PRESSED, this);
                scene.removeEventFilter(javafx.scene.input.KeyEvent.KEY_PRESSED, this);
                for (javafx.scene.Node n : fixed) {
                    SplitPane.setResizableWithParent(n, false);
                }
            }
        };
        scene.addEventFilter(javafx.scene.input.MouseEvent.MOUSE_PRESSED, touched);
        scene.addEventFilter(javafx.scene.input.KeyEvent.KEY_PRESSED, touched);
    }

    /** The window's layout now, with {@code theme} and {@code language}. */
    public WindowState capture(String theme, String language) {
        return new WindowState(normalX, normalY, normalWidth, normalHeight, stage.isMaximized(),
                divider(view.lessonSplit()), divider(view.sideSplit()), divider(view.verticalSplit()),
                selected(view.learnTabs(), WindowState.DEFAULT.learnTab()),
                selected(view.bottomTabs(), WindowState.DEFAULT.bottomTab()), theme, language);
    }

    private void follow() {
        stage.xProperty().addListener((o, a, b) -> {
            if (!stage.isMaximized() && !stage.isIconified()) {
                normalX = b.doubleValue();
            }
        });
        stage.yProperty().addListener((o, a, b) -> {
            if (!stage.isMaximized() && !stage.isIconified()) {
                normalY = b.doubleValue();
            }
        });
        stage.widthProperty().addListener((o, a, b) -> {
            if (!stage.isMaximized() && !stage.isIconified()) {
                normalWidth = b.doubleValue();
            }
        });
        stage.heightProperty().addListener((o, a, b) -> {
            if (!stage.isMaximized() && !stage.isIconified()) {
                normalHeight = b.doubleValue();
            }
        });
    }

    /** Whether a good part of the window's title bar would be on a screen (screens change between runs). */
    private static boolean onSomeScreen(WindowState s) {
        Rectangle2D titleBar = new Rectangle2D(s.x() + 40, s.y(), Math.max(1, Math.min(200, s.width() - 80)), 30);
        return Screen.getScreens().stream().anyMatch(sc -> sc.getVisualBounds().intersects(titleBar));
    }

    private static double divider(SplitPane split) {
        double[] d = split.getDividerPositions();
        return d.length == 0 ? 0.5 : d[0];
    }

    private static void select(TabPane tabs, String name) {
        for (Tab t : tabs.getTabs()) {
            if (("tab-" + name).equals(t.getId())) {
                tabs.getSelectionModel().select(t);
                return;
            }
        }
    }

    private static String selected(TabPane tabs, String fallback) {
        Tab t = tabs.getSelectionModel().getSelectedItem();
        return t != null && t.getId() != null && t.getId().startsWith("tab-") ? t.getId().substring(4) : fallback;
    }
}
