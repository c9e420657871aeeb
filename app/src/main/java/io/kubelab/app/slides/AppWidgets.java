package io.kubelab.app.slides;

import io.kubelab.app.i18n.I18n;
import io.kubelab.slides.model.Block;
import io.kubelab.slides.render.StyleClasses;
import io.kubelab.slides.render.WidgetFactory;
import javafx.scene.Node;
import javafx.scene.control.Label;

import java.util.Optional;

/**
 * The live widgets a slide embeds, as the app shows them: the cluster itself is live beside the
 * slide (in the main window, or on the projector after "load checkpoint"), so a slide names it in
 * the audience's language instead of drawing a second copy.
 */
final class AppWidgets implements WidgetFactory {
    private final I18n i18n;

    AppWidgets(I18n i18n) {
        this.i18n = i18n;
    }

    @Override
    public Optional<Node> create(Block.Widget widget) {
        String text = switch (widget.type()) {
            case Block.Widget.CLUSTER_VIEW -> i18n.get("slides.widget.cluster");
            case Block.Widget.SERVICE_TRAFFIC -> i18n.get("slides.widget.traffic", widget.params().getOrDefault("service", ""));
            default -> null;
        };
        if (text == null) {
            return Optional.empty();
        }
        Label label = new Label(text);
        label.setWrapText(true);
        label.getStyleClass().add(StyleClasses.WIDGET_PLACEHOLDER);
        return Optional.of(label);
    }
}
