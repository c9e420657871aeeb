package io.kubelab.app.slides;

import io.kubelab.app.i18n.I18n;
import io.kubelab.slides.model.Block;
import io.kubelab.slides.render.StyleClasses;
import io.kubelab.slides.render.WidgetFactory;
import javafx.scene.Node;
import javafx.scene.control.Label;

import java.util.Optional;

/**
 * The live widgets a slide embeds, as the app shows them: a small live cluster view
 * ({@code cluster-view}) and a Service's traffic panel ({@code service-traffic}), each following the
 * session while its slide is on screen.
 *
 * <p>Without {@link LiveWidgets} (the PDF export, which snapshots slides off screen and cannot show
 * anything live) a widget is a static label naming what the live slide shows.
 */
final class AppWidgets implements WidgetFactory {
    private final I18n i18n;
    private final LiveWidgets live;

    /** Static placeholders only (PDF export). */
    AppWidgets(I18n i18n) {
        this(i18n, null);
    }

    /** @param live what live widgets follow; {@code null} for static placeholders */
    AppWidgets(I18n i18n, LiveWidgets live) {
        this.i18n = i18n;
        this.live = live;
    }

    @Override
    public Optional<Node> create(Block.Widget widget) {
        String service = widget.params().getOrDefault("service", "");
        if (live != null) {
            switch (widget.type()) {
                case Block.Widget.CLUSTER_VIEW -> {
                    return Optional.of(new ClusterWidgetView(live, i18n));
                }
                case Block.Widget.SERVICE_TRAFFIC -> {
                    if (!service.isEmpty()) {
                        return Optional.of(new ServiceTrafficView(live, i18n, service));
                    }
                }
                default -> {
                    return Optional.empty();
                }
            }
        }
        String text = switch (widget.type()) {
            case Block.Widget.CLUSTER_VIEW -> i18n.get("slides.widget.cluster");
            case Block.Widget.SERVICE_TRAFFIC -> i18n.get("slides.widget.traffic", service);
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
