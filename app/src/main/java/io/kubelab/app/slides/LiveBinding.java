package io.kubelab.app.slides;

import javafx.scene.Node;

/**
 * Ties a live widget's subscriptions to its node being on screen: {@code start} when the node
 * enters a scene, {@code stop} when it leaves (the slide was left, the deck re-rendered, the window
 * closed). A slide is rendered afresh each time it is shown, so a widget left behind must let go of
 * the frame loop, its watch and the traffic hub, or every visit would leak one more.
 */
final class LiveBinding {
    private LiveBinding() {
    }

    static void bind(Node node, Runnable start, Runnable stop) {
        boolean[] live = {false};
        node.sceneProperty().addListener((o, before, scene) -> {
            if (scene != null && !live[0]) {
                live[0] = true;
                start.run();
            } else if (scene == null && live[0]) {
                live[0] = false;
                stop.run();
            }
        });
    }
}
