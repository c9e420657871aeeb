package io.kubelab.slides.render;

import io.kubelab.slides.model.Block;
import javafx.scene.Node;

import java.util.Optional;

/**
 * Makes the live node for a widget embedded in a slide (a {@code kubelab-widget} block). The app
 * implements it over its cluster view and traffic views; the slides module only names widgets.
 */
@FunctionalInterface
public interface WidgetFactory {

    /**
     * Called on the JavaFX application thread each time a slide is rendered.
     *
     * @return the widget's node, or empty when this factory does not know the type (the slide then
     *         shows a placeholder naming it)
     */
    Optional<Node> create(Block.Widget widget);

    /** A factory that knows no widget: every embed shows its placeholder (tests, PDF drafts). */
    static WidgetFactory none() {
        return widget -> Optional.empty();
    }
}
