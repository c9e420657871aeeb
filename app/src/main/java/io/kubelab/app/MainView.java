package io.kubelab.app;

import io.fabric8.kubernetes.api.model.Node;
import io.kubelab.engine.Cluster;
import io.kubelab.engine.model.ResourceTypes;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.VBox;

import java.util.ResourceBundle;

/** The first window: the cluster's nodes. The full cluster view replaces it. */
public final class MainView {
    private final BorderPane root = new BorderPane();

    public MainView(Cluster cluster, ResourceBundle messages) {
        Label title = new Label(messages.getString("app.title"));
        title.setId("title");
        title.setStyle("-fx-font-size: 24px; -fx-font-weight: bold;");
        Label subtitle = new Label(messages.getString("app.subtitle"));
        ListView<String> nodes = new ListView<>();
        nodes.setId("nodes");
        for (Node n : cluster.store().<Node>list(ResourceTypes.NODES, null).items()) {
            nodes.getItems().add(n.getMetadata().getName());
        }
        VBox top = new VBox(4, title, subtitle, new Label(messages.getString("cluster.nodes")));
        top.setPadding(new Insets(12));
        root.setTop(top);
        root.setCenter(nodes);
    }

    public BorderPane root() {
        return root;
    }
}
