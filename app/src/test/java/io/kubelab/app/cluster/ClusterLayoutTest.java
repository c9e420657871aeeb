package io.kubelab.app.cluster;

import io.kubelab.app.session.ComponentId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class ClusterLayoutTest {

    /** The grid is about 16:9 whatever the cluster: the worked numbers of the class comment. */
    @ParameterizedTest(name = "{0} nodes of {1} pods → {2} columns × {3} rows")
    @CsvSource({"1,0,1,1", "3,3,3,1", "5000,30,191,27", "6,100,6,1", "10,100,10,1", "100,2,12,9"})
    void gridShape(int nodes, int maxPods, int cols, int rows) {
        ClusterLayout l = new ClusterLayout(nodes, maxPods, 3, 0);
        assertThat(l.cols()).isEqualTo(cols);
        assertThat(l.rows()).isEqualTo(rows);
    }

    @Test
    void nodeHeightGrowsInStepsOfTwoPodRows() {
        double two = new ClusterLayout(3, 0, 0, 0).nodeHeight();
        assertThat(new ClusterLayout(3, 4, 0, 0).nodeHeight()).isEqualTo(two);
        double four = new ClusterLayout(3, 5, 0, 0).nodeHeight();
        assertThat(four - two).isEqualTo(2 * (ClusterLayout.POD_H + ClusterLayout.GAP));
        assertThat(new ClusterLayout(3, 8, 0, 0).nodeHeight()).isEqualTo(four);
    }

    @Test
    void pickingInvertsPlacing() {
        ClusterLayout l = new ClusterLayout(5000, 30, 4, 7);
        for (int node : new int[] {0, 1, 190, 191, 4999}) {
            Rect n = l.node(node);
            assertThat(l.nodeAt(n.centerX(), n.centerY())).isEqualTo(node);
            for (int slot : new int[] {0, 1, 2, 29}) {
                Rect p = l.pod(node, slot);
                assertThat(n.contains(p.x(), p.y())).isTrue();
                assertThat(l.slotAt(node, p.centerX(), p.centerY())).isEqualTo(slot);
            }
        }
        Rect pending = l.pod(-1, 3);
        assertThat(l.pendingArea().contains(pending.centerX(), pending.centerY())).isTrue();
        assertThat(l.slotAt(-1, pending.centerX(), pending.centerY())).isEqualTo(3);
        Rect svc = l.service(2);
        assertThat(l.serviceAt(svc.centerX(), svc.centerY())).isEqualTo(2);
        // The gap between two nodes belongs to neither.
        Rect n0 = l.node(0);
        assertThat(l.nodeAt(n0.right() + ClusterLayout.NODE_GAP / 2, n0.centerY())).isEqualTo(-1);
    }

    @Test
    void onlyTheCellsInViewAreVisited() {
        ClusterLayout l = new ClusterLayout(5000, 30, 3, 0);
        Rect n = l.node(l.cols() * 3 + 10);
        int[] cells = l.visibleCells(new Rect(n.x() + 1, n.y() + 1, 10, 10));
        assertThat(cells).containsExactly(10, 10, 3, 3);
        int[] all = l.visibleCells(l.world());
        assertThat(all).containsExactly(0, l.cols() - 1, 0, l.rows() - 1);
    }

    @Test
    void nodeAgentsSitInTheirNodesHeader() {
        ClusterLayout l = new ClusterLayout(3, 2, 0, 0);
        Rect node = l.node(2);
        Rect kubelet = l.component(ComponentId.kubelet("x"), 2);
        Rect runtime = l.component(ComponentId.runtime("x"), 2);
        assertThat(node.contains(kubelet.x(), kubelet.y())).isTrue();
        assertThat(runtime.x()).isGreaterThan(kubelet.x());
        assertThat(kubelet.bottom()).isLessThanOrEqualTo(l.pod(2, 0).y());
        assertThat(l.controlPlaneBox().contains(l.component(ComponentId.SCHEDULER, -1).x(),
                l.component(ComponentId.SCHEDULER, -1).y())).isTrue();
    }

    @Test
    void aClassroomClusterPutsServicesAndPendingSideBySide() {
        ClusterLayout l = new ClusterLayout(3, 4, 3, 1);
        assertThat(l.pendingArea().y()).isEqualTo(l.servicesArea().y());
        assertThat(l.pendingArea().x()).isGreaterThan(l.servicesArea().right());
        Rect firstNode = l.node(0);
        assertThat(firstNode.y()).isGreaterThan(l.pendingArea().bottom());
        // Many services: each in a row of its own.
        ClusterLayout busy = new ClusterLayout(3, 4, 12, 1);
        assertThat(busy.pendingArea().y()).isGreaterThan(busy.servicesArea().bottom());
    }

    @Test
    void longPodNamesKeepTheirEnd() {
        javafx.scene.text.Font f = javafx.scene.text.Font.font("System", 12);
        String name = "nginx-deployment-6d8f5c9b7-4xkqp";
        String cut = ClusterRenderer.fitMiddle(name, 100, f);
        assertThat(cut).contains("\u2026").endsWith("4xkqp").startsWith("ngin");
        assertThat(cut.length()).isLessThan(name.length());
        assertThat(ClusterRenderer.fitMiddle("web", 100, f)).isEqualTo("web");
    }

    @Test
    void onlyThePodRowsInViewAreVisited() {
        ClusterLayout l = new ClusterLayout(10, 100, 3, 0);
        Rect p20 = l.pod(3, 20);
        int[] slots = l.visibleSlots(3, new Rect(p20.x(), p20.y() + 1, 10, ClusterLayout.POD_H));
        assertThat(slots).containsExactly(20, 21);
        Rect above = new Rect(0, 0, 10, 10);
        assertThat(l.visibleSlots(3, above)[1]).isLessThan(l.visibleSlots(3, above)[0]);
    }
}
