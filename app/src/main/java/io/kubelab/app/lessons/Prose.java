package io.kubelab.app.lessons;

import io.kubelab.slides.model.Block;
import io.kubelab.slides.model.Deck;
import io.kubelab.slides.model.Slide;
import io.kubelab.slides.model.SlideMeta;
import io.kubelab.slides.parser.DeckParseException;
import io.kubelab.slides.parser.DeckParser;
import io.kubelab.slides.render.SlideRenderer;
import io.kubelab.slides.render.SlideTheme;
import io.kubelab.slides.render.WidgetFactory;
import javafx.scene.control.Label;
import javafx.scene.layout.Region;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A lesson step's Markdown as JavaFX nodes, by the slides module's parser (commonmark) and
 * renderer, so a step reads like its slide. The slide theme's colours are swapped for the app
 * theme's ({@code lesson-prose.css} maps {@code -slide-*} to {@code -kl-*}), so the text follows
 * light, dark and projector like every other pane.
 */
final class Prose {
    static final String STYLE_CLASS = "lesson-prose";
    private static final DeckParser PARSER = new DeckParser();
    private static final SlideRenderer RENDERER = new SlideRenderer(WidgetFactory.none(), SlideTheme.LIGHT);
    private static final String SHEET = Objects.requireNonNull(Prose.class.getResource("lesson-prose.css")).toExternalForm();

    private Prose() {}

    /** Renders {@code markdown}; text the parser refuses is shown as it is. UI thread. */
    static Region render(String markdown, String language) {
        List<Block> blocks = new ArrayList<>();
        Deck deck;
        try {
            deck = PARSER.parse("lesson", language, "lesson", null, markdown);
            // A prose has no slide breaks; were there any, the parts follow one another.
            for (Slide s : deck.slides()) {
                blocks.addAll(s.blocks());
            }
        } catch (DeckParseException e) {
            Label raw = new Label(markdown);
            raw.setWrapText(true);
            raw.getStyleClass().add(STYLE_CLASS);
            return raw;
        }
        Slide prose = new Slide(1, 1, new SlideMeta("prose", null, null, List.of()), List.of(), markdown, blocks);
        Region node = RENDERER.renderNotes(deck, prose);
        // The slides' structure, the app theme's colours.
        node.getStylesheets().setAll(SlideTheme.LIGHT.stylesheets().get(0), SHEET);
        node.getStyleClass().add(STYLE_CLASS);
        return node;
    }
}
