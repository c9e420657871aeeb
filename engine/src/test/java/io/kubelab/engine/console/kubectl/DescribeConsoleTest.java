package io.kubelab.engine.console.kubectl;

import io.kubelab.engine.Cluster;
import io.kubelab.engine.ClusterConfig;
import io.kubelab.engine.console.Console;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pieces of {@code describe} that need no real kubectl: Go's tab writer and quantity
 * canonicalisation on worked examples, {@code describe -f} from the console's files, ConfigMaps.
 */
class DescribeConsoleTest {

    @Test
    void tabWriterAlignsRunsOfLinesThatShareAColumn() {
        // "Namespace:" is 10 wide, so both labels pad to 12; the line without a tab ends the run,
        // and the indented pair after it aligns on its own (widest "Image:" 6 + 2 = 8 after the indent).
        String text = "Name:\tweb\nNamespace:\tdefault\nContainers:\n  nginx:\n    Image:\tnginx\n    Port:\t80/TCP\n";
        assertThat(DescribeSupport.tabbed(text)).isEqualTo("""
                Name:       web
                Namespace:  default
                Containers:
                  nginx:
                    Image:  nginx
                    Port:   80/TCP
                """);
    }

    @Test
    void tabWriterKeepsAColumnAcrossLinesWithMoreCells() {
        // Column 0 spans all three lines (widest "Type" + 2 = 6... but "Ready" + 2 = 7); column 1
        // only the lines with a third cell: "Status" (6) and "True" (4) pad to 8. Text after a
        // line's last tab is not a cell and never pads.
        String text = "Type\tStatus\tReason\nReady\tTrue\tKubeletReady\nPods:\t3\n";
        assertThat(DescribeSupport.tabbed(text)).isEqualTo("""
                Type   Status  Reason
                Ready  True    KubeletReady
                Pods:  3
                """);
        // kubectl's table printers: minimum width 6, padding 3.
        assertThat(DescribeSupport.tabbed("LAST SEEN\tTYPE\n5s\tNormal\n", 6, 3)).isEqualTo("LAST SEEN   TYPE\n5s          Normal\n");
    }

    @ParameterizedTest
    @CsvSource({
            "4294967296, Ki, 4Gi",
            "17734596, Ki, 17734596",
            "18160226304, Ki, 17734596Ki",
            "0.5, '', 500m",
            "2, '', 2",
            "2000, '', 2k",
            "128974848, '', 128974848",
            "0.25, '', 250m",
            "1000000, M, 1M",
            "0, Mi, 0"})
    void quantitiesPrintCanonically(String value, String format, String expected) {
        assertThat(Describers.canonical(new BigDecimal(value), format)).isEqualTo(expected);
    }

    @Test
    void describeFromAFileAndConfigMaps() {
        try (Cluster cluster = Cluster.create(ClusterConfig.defaults().withNodes(1))) {
            Console console = new Console(cluster).register(new KubectlProgram());
            cluster.apply(DescribeKubectlTest.RUN_MY_NGINX);
            cluster.apply("""
                    apiVersion: v1
                    kind: ConfigMap
                    metadata:
                      name: settings
                    data:
                      mode: fast
                      greeting: |
                        hello
                        world
                    """);
            cluster.advance(Duration.ofSeconds(30));
            Map<String, String> files = Map.of("run-my-nginx.yaml", DescribeKubectlTest.RUN_MY_NGINX);

            Console.Result byFile = console.run("kubectl describe -f run-my-nginx.yaml", files, Duration.ofSeconds(1));
            Console.Result byName = console.run("kubectl describe deployment nginx-deployment", files, Duration.ofSeconds(1));
            assertThat(byFile.exitCode()).isZero();
            assertThat(byFile.output()).startsWith("Name:                   nginx-deployment\n").isEqualTo(byName.output());

            Console.Result missing = console.run("kubectl describe -f nope.yaml", files, Duration.ofSeconds(1));
            assertThat(missing.exitCode()).isEqualTo(1);
            assertThat(missing.output()).isEqualTo("error: the path \"nope.yaml\" does not exist\n");

            assertThat(console.run("kubectl describe cm settings", files, Duration.ofSeconds(1)).output()).isEqualTo("""
                    Name:         settings
                    Namespace:    default
                    Labels:       <none>
                    Annotations:  <none>

                    Data
                    ====
                    greeting:
                    ----
                    hello
                    world


                    mode:
                    ----
                    fast


                    BinaryData
                    ====

                    Events:  <none>
                    """);

            Console.Result none = console.run("kubectl describe", files, Duration.ofSeconds(1));
            assertThat(none.exitCode()).isEqualTo(1);
            assertThat(none.output()).startsWith("error: You must specify the type of resource to describe.");
        }
    }
}
