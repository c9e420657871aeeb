package io.kubelab.app.fx;

import io.kubelab.app.presenter.PresenterView;
import io.kubelab.app.slides.SlidePane;
import io.kubelab.engine.model.ResourceTypes;
import io.kubelab.slides.model.Deck;
import io.kubelab.slides.model.Slide;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(ApplicationExtension.class)
class PresenterFxTest extends LearnFixture {

    @Start
    void start(Stage stage) {
        startLearning(stage);
    }

    private PresenterView presenter() {
        return view.presenterView();
    }

    private Deck deck() {
        return fx(() -> viewModel.slides().deckProperty().get());
    }

    /** The metadata id of the slide a pane shows (the renderer gives a slide's root its id). */
    private String shownId(SlidePane pane) {
        return fx(() -> pane.slide() == null ? null : pane.slide().getId());
    }

    private SlidePane pane(Stage stage, String id) {
        return fx(() -> (SlidePane) stage.getScene().lookup(id));
    }

    private String allText(Node root) {
        return fx(() -> root.lookupAll(".slide-text").stream().map(n -> ((Text) n).getText()).reduce("", String::concat));
    }

    private void sendKey(Stage stage, KeyCode code) {
        interact(() -> stage.getScene().getRoot().fireEvent(
                new KeyEvent(KeyEvent.KEY_PRESSED, "", "", code, false, false, false, false)));
    }

    private void openPresenter() {
        clickOn("#tab-slides");
        clickOn("#slides-present");
        waitFor(() -> presenter().isOpen() && presenter().presenterStage().isShowing() && presenter().audienceStage().isShowing());
    }

    @Test
    void thePresenterWindowShowsNotesAndTheNextSlideAndKeysMoveBothWindows() {
        openPresenter();
        Stage p = fx(() -> presenter().presenterStage());
        Stage a = fx(() -> presenter().audienceStage());
        Deck deck = deck();
        assertThat(shownId(pane(p, "#presenter-current"))).isEqualTo(deck.slides().get(0).meta().id());
        assertThat(shownId(pane(p, "#presenter-next"))).isEqualTo(deck.slides().get(1).meta().id());
        assertThat(shownId(pane(a, "#audience-slide"))).isEqualTo(deck.slides().get(0).meta().id());
        assertThat(allText(p.getScene().lookup("#presenter-notes"))).contains("Welcome.");

        sendKey(p, KeyCode.RIGHT);
        waitFor(() -> shownId(pane(a, "#audience-slide")).equals(deck.slides().get(1).meta().id()));
        assertThat(shownId(pane(p, "#presenter-current"))).isEqualTo(deck.slides().get(1).meta().id());
        assertThat(shownId(pane(p, "#presenter-next"))).isEqualTo(deck.slides().get(2).meta().id());
        assertThat(fx(() -> ((Label) p.getScene().lookup("#presenter-position")).getText())).isEqualTo("2 / " + deck.size());

        sendKey(a, KeyCode.SPACE);
        sendKey(a, KeyCode.PAGE_DOWN);
        waitFor(() -> shownId(pane(p, "#presenter-current")).equals(deck.slides().get(3).meta().id()));
        sendKey(p, KeyCode.PAGE_UP);
        sendKey(p, KeyCode.LEFT);
        waitFor(() -> shownId(pane(a, "#audience-slide")).equals(deck.slides().get(1).meta().id()));
        assertThat(lookup("#slides-position").queryAs(Label.class).getText()).as("the main window follows").isEqualTo("2 / " + deck.size());

        sendKey(p, KeyCode.B);
        waitFor(() -> a.getScene().lookup("#audience-black").isVisible());
        assertThat(fx(() -> p.getScene().lookup("#presenter-black-badge").isVisible())).isTrue();
        sendKey(a, KeyCode.B);
        waitFor(() -> !a.getScene().lookup("#audience-black").isVisible());

        sendKey(p, KeyCode.ESCAPE);
        waitFor(() -> !presenter().isOpen() && !p.isShowing() && !a.isShowing());
        assertThat(viewModel.slides().presentingProperty().get()).isFalse();
    }

    @Test
    void theTimerRuns() {
        openPresenter();
        Stage p = fx(() -> presenter().presenterStage());
        Label timer = fx(() -> (Label) p.getScene().lookup("#presenter-timer"));
        waitFor(() -> timer.getText().equals("00:00"));
        clock.advance(Duration.ofSeconds(65));
        waitFor(() -> timer.getText().equals("01:05"));
        interact(() -> ((javafx.scene.control.Button) p.getScene().lookup("#presenter-timer-toggle")).fire());
        clock.advance(Duration.ofSeconds(30));
        waitFor(() -> timer.getStyleClass().contains("paused"));
        assertThat(timer.getText()).isEqualTo("01:05");
        interact(() -> presenter().close());
    }

    @Test
    void aSlidesCheckpointRestoresTheClusterForTheDemo() {
        Slide demo = deck().slides().stream()
                .filter(s -> "11-nginx-service/create-service".equals(s.meta().checkpoint())).findFirst().orElseThrow();
        interact(() -> viewModel.slides().goTo(demo.number() - 1));
        openPresenter();
        Stage p = fx(() -> presenter().presenterStage());
        var before = cluster();
        interact(() -> ((javafx.scene.control.Button) p.getScene().lookup("#presenter-checkpoint")).fire());
        waitFor(() -> session.cluster() != before
                && session.cluster().api().find(ResourceTypes.DEPLOYMENTS, "default", "nginx-deployment") != null);
        interact(() -> presenter().close());
    }

    @Test
    void theLanguageSwitchRerendersTheSlides() {
        clickOn("#tab-slides");
        clickOn("#slides-forward");
        waitFor(() -> lookup("#slides-position").queryAs(Label.class).getText().startsWith("2 / "));
        SlidePane pane = lookup("#slides-current").queryAs(SlidePane.class);
        String en = allText(pane);
        assertThat(en).contains(deck().slides().get(1).title());
        clickOn("#language-button");
        waitFor(() -> deck().language().equals("zh-TW"));
        String zhTitle = deck().slides().get(1).title();
        waitFor(() -> allText(pane).contains(zhTitle));
        assertThat(allText(pane)).doesNotContain(en);
        assertThat(lookup("#slides-position").queryAs(Label.class).getText()).startsWith("2 / ");
        assertThat(lookup("#slides-present").queryButton().getText()).isEqualTo("簡報");
    }

    @Test
    void aSlideOpensItsLessonStep() {
        clickOn("#tab-slides");
        interact(() -> viewModel.slides().goToStep("06-pod/first-pod"));
        clickOn("#slides-open-step");
        waitFor(() -> viewModel.lessons().stepProperty().get().id().equals("first-pod"));
        waitFor(() -> lookup("#lesson-step-title").queryAs(Label.class).isVisible());
    }
}
