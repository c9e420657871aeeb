package io.kubelab.app.fx;

import io.kubelab.app.TestClusters;
import io.kubelab.app.timeline.EventRow;
import io.kubelab.engine.model.ResourceTypes;
import javafx.scene.control.TableView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import javafx.stage.Stage;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(ApplicationExtension.class)
class TimelineViewFxTest extends AppFixture {

    @Start
    void start(Stage stage) {
        startApp(stage);
    }

    @Test
    void eventsAreListedAsTheyHappen() {
        // The bottom tabs open on the console; the timeline is the third.
        interact(() -> view.bottomTabs().getSelectionModel().select(2));
        cluster().apply(TestClusters.pod("web", "default", "web"));
        var pod = cluster().api().<io.fabric8.kubernetes.api.model.Pod>get(ResourceTypes.PODS, "default", "web");
        cluster().events().normal(pod, "Scheduled", "Successfully assigned default/web to minikube-m02", "default-scheduler", null);
        cluster().events().warning(pod, "BackOff", "Back-off restarting failed container main", "kubelet", "minikube-m02");
        @SuppressWarnings("unchecked")
        TableView<EventRow> table = lookup("#timeline-table").queryAs(TableView.class);
        waitFor(() -> table.getItems().size() == 2);
        assertThat(table.getItems()).extracting(EventRow::reason, EventRow::object)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("Scheduled", "pod/web"),
                        org.assertj.core.groups.Tuple.tuple("BackOff", "pod/web"));
        assertThat(table.getColumns()).extracting(c -> c.getText()).containsExactly("TIME", "TYPE", "REASON", "OBJECT", "MESSAGE");
        assertThat(lookup(".event-warning").tryQuery()).isPresent();
        clickOn("#timeline-warnings");
        waitFor(() -> table.getItems().size() == 1);
        assertThat(table.getItems().get(0).reason()).isEqualTo("BackOff");
    }
}
