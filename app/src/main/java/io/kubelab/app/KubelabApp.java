package io.kubelab.app;

import io.kubelab.engine.Cluster;
import io.kubelab.engine.ClusterConfig;
import io.kubelab.engine.EngineLoop;
import javafx.application.Application;
import javafx.scene.Scene;
import javafx.stage.Stage;

import java.util.Locale;
import java.util.ResourceBundle;

/** The JavaFX application: one window over a simulated cluster. */
public final class KubelabApp extends Application {
    private EngineLoop loop;

    static void launchApp(String[] args) {
        Application.launch(KubelabApp.class, args);
    }

    @Override
    public void start(Stage stage) {
        Cluster cluster = Cluster.create(ClusterConfig.defaults());
        loop = new EngineLoop(cluster, 50);
        loop.start();
        ResourceBundle messages = Messages.bundle(Locale.getDefault());
        MainView view = new MainView(cluster, messages);
        stage.setTitle(messages.getString("app.title"));
        stage.setScene(new Scene(view.root(), 1100, 720));
        stage.show();
    }

    @Override
    public void stop() {
        if (loop != null) {
            loop.close();
            loop.cluster().close();
        }
    }
}
