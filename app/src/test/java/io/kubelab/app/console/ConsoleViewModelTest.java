package io.kubelab.app.console;

import io.kubelab.app.i18n.I18n;
import io.kubelab.app.session.ClusterSession;
import io.kubelab.engine.Cluster;
import io.kubelab.engine.ClusterConfig;
import io.kubelab.engine.console.Console;
import io.kubelab.engine.console.Execution;
import io.kubelab.engine.console.Program;
import io.kubelab.engine.console.Invocation;
import io.kubelab.engine.model.ResourceTypes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/** The console pane's model over a manual session: work runs at once, time moves when the test moves it. */
class ConsoleViewModelTest {
    private ClusterSession session;
    private ConsoleViewModel vm;
    private final List<Execution> started = new ArrayList<>();

    @BeforeEach
    void setUp() {
        Cluster cluster = Cluster.create(ClusterConfig.defaults());
        session = ClusterSession.manual(cluster, () -> Cluster.create(ClusterConfig.defaults()), c -> {
            Console console = io.kubelab.engine.console.Consoles.standard(c);
            // "wait": a command that runs until interrupted, like kubectl get -w.
            return console.register(new Program() {
                @Override
                public String name() {
                    return "wait";
                }

                @Override
                public Execution start(Invocation inv) {
                    inv.out().out("waiting\n");
                    Execution e = Execution.running(() -> inv.out().out("released\n"));
                    started.add(e);
                    return e;
                }
            });
        });
        vm = new ConsoleViewModel(session, new I18n(Locale.ENGLISH), Runnable::run);
        vm.filesProperty().set(WorkingFolder.deck());
    }

    @AfterEach
    void tearDown() {
        session.close();
    }

    private void type(String line) {
        vm.inputProperty().set(line);
        vm.submit();
    }

    private List<ConsoleViewModel.Chunk> chunks(ConsoleViewModel.Stream stream) {
        return vm.transcript().stream().filter(c -> c.stream() == stream).toList();
    }

    @Test
    void theDeckFilesAreTheWorkingFolder() {
        assertThat(WorkingFolder.deck()).containsOnlyKeys("run-my-nginx.yaml", "nginx-svc.yaml", "nginx-svc-nodeport.yaml");
        assertThat(WorkingFolder.deck().get("nginx-svc-nodeport.yaml")).contains("nodePort: 31000");
        assertThat(WorkingFolder.deck().get("run-my-nginx.yaml")).contains("name: nginx-deployment");
    }

    @Test
    void aLineRunsOnTheConsoleAndItsOutputIsShownByStream() {
        type("kubectl apply -f run-my-nginx.yaml");
        assertThat(vm.transcript()).containsExactly(
                new ConsoleViewModel.Chunk(ConsoleViewModel.Stream.COMMAND, "$ kubectl apply -f run-my-nginx.yaml\n"),
                new ConsoleViewModel.Chunk(ConsoleViewModel.Stream.OUT, "deployment.apps/nginx-deployment created\n"));
        assertThat((Object) session.cluster().store().get(ResourceTypes.DEPLOYMENTS, "default", "nginx-deployment")).isNotNull();
        assertThat(vm.console().history()).containsExactly("kubectl apply -f run-my-nginx.yaml");
        assertThat(vm.runningProperty().get()).isFalse();

        type("kubectl apply -f missing.yaml");
        assertThat(chunks(ConsoleViewModel.Stream.ERR)).extracting(ConsoleViewModel.Chunk::text)
                .containsExactly("error: the path \"missing.yaml\" does not exist\n");
        type("helm install");
        assertThat(chunks(ConsoleViewModel.Stream.ERR).get(1).text()).isEqualTo("helm: command not found\n");
    }

    @Test
    void upAndDownWalkTheHistoryAndKeepTheLineBeingTyped() {
        type("kubectl get pods");
        type("kubectl get pods");
        type("kubectl get svc");
        vm.inputProperty().set("kubectl desc");
        vm.historyPrevious();
        assertThat(vm.inputProperty().get()).isEqualTo("kubectl get svc");
        vm.historyPrevious();
        assertThat(vm.inputProperty().get()).isEqualTo("kubectl get pods");
        vm.historyPrevious();
        assertThat(vm.inputProperty().get()).as("repeats in a row are kept once").isEqualTo("kubectl get pods");
        vm.historyNext();
        assertThat(vm.inputProperty().get()).isEqualTo("kubectl get svc");
        vm.historyNext();
        assertThat(vm.inputProperty().get()).isEqualTo("kubectl desc");
        assertThat(vm.history()).containsExactly("kubectl get pods", "kubectl get svc");
        assertThat(vm.console().history()).hasSize(3);
    }

    @Test
    void aPasteRunsEveryCompleteLineAndKeepsTheRestInTheInput() {
        vm.inputProperty().set("kubectl ");
        vm.paste("apply -f run-my-nginx.yaml\r\nkubectl apply -f nginx-svc-nodeport.yaml\nkubectl get po");
        assertThat(vm.console().history()).containsExactly("kubectl apply -f run-my-nginx.yaml",
                "kubectl apply -f nginx-svc-nodeport.yaml");
        assertThat(vm.inputProperty().get()).isEqualTo("kubectl get po");
        assertThat(chunks(ConsoleViewModel.Stream.OUT)).extracting(ConsoleViewModel.Chunk::text)
                .containsExactly("deployment.apps/nginx-deployment created\n", "service/my-nginx created\n");
    }

    @Test
    void ctrlCStopsAWaitingCommandAndDropsTheTypeAhead() {
        type("wait");
        assertThat(vm.runningProperty().get()).isTrue();
        type("kubectl get pods");
        assertThat(vm.console().history()).as("typed ahead: waits its turn").containsExactly("wait");
        vm.interrupt();
        assertThat(started.get(0).isDone()).isTrue();
        assertThat(started.get(0).exitCode()).isEqualTo(130);
        assertThat(vm.runningProperty().get()).isFalse();
        assertThat(vm.transcriptText()).isEqualTo("$ wait\nwaiting\n^C\nreleased\n");
        assertThat(vm.console().history()).containsExactly("wait");

        type("wait");
        started.get(1).finish(0);
        assertThat(vm.runningProperty().get()).isFalse();
    }

    @Test
    void typeAheadRunsWhenTheCommandBeforeItEnds() {
        type("wait");
        type("kubectl apply -f run-my-nginx.yaml");
        started.get(0).finish(0);
        assertThat(vm.console().history()).containsExactly("wait", "kubectl apply -f run-my-nginx.yaml");
        assertThat(vm.transcriptText()).endsWith("$ kubectl apply -f run-my-nginx.yaml\ndeployment.apps/nginx-deployment created\n");
    }

    @Test
    void ctrlCWithoutACommandAbandonsTheLine() {
        vm.inputProperty().set("kubectl dele");
        vm.interrupt();
        assertThat(vm.inputProperty().get()).isEmpty();
        assertThat(vm.transcriptText()).isEqualTo("$ kubectl dele^C\n");
        assertThat(vm.console().history()).isEmpty();
    }

    @Test
    void ctrlLClearsTheScreenNotTheHistory() {
        type("kubectl apply -f run-my-nginx.yaml");
        vm.clear();
        assertThat(vm.transcript()).isEmpty();
        vm.historyPrevious();
        assertThat(vm.inputProperty().get()).isEqualTo("kubectl apply -f run-my-nginx.yaml");
    }

    @Test
    void tabCompletesTheProgramNameAndListsWhatIsLeftOpen() {
        vm.inputProperty().set("kub");
        vm.complete();
        assertThat(vm.inputProperty().get()).isEqualTo("kubectl ");
        session.console().register(new Program() {
            @Override
            public String name() {
                return "kubectx";
            }

            @Override
            public Execution start(Invocation inv) {
                return Execution.finished(0);
            }
        });
        vm.inputProperty().set("ku");
        vm.complete();
        assertThat(vm.inputProperty().get()).isEqualTo("kubect");
        vm.complete();
        assertThat(vm.inputProperty().get()).isEqualTo("kubect");
        assertThat(vm.transcript()).containsExactly(
                new ConsoleViewModel.Chunk(ConsoleViewModel.Stream.COMMAND, "$ kubect\n"),
                new ConsoleViewModel.Chunk(ConsoleViewModel.Stream.INFO, "kubectl  kubectx\n"));
    }

    @ParameterizedTest(name = "{0} with [{1}] → \"{2}\"")
    @CsvSource(delimiter = '|', value = {
            "kub                  | kubectl                 | 'kubectl '",
            "kubectl get po       | pods                    | 'kubectl get pods '",
            "kubectl get p        | pods,persistentvolumes  | 'kubectl get p'",
            "kubectl get de       | deployments,deployment  | 'kubectl get deployment'",
            "kubectl get x        | pods                    | 'kubectl get x'",
            "'kubectl get '       | pods,services           | 'kubectl get '",
    })
    void completion(String line, String candidates, String expected) {
        List<String> c = Arrays.asList(candidates.split(","));
        assertThat(ConsoleViewModel.Completion.of(line, c).line()).isEqualTo(expected);
    }

    @Test
    void theScrollbackKeepsTheNewestText() {
        String line = "x".repeat(999) + "\n";
        for (int i = 0; i < 250; i++) {
            vm.paste("kubectl " + line.strip() + "\n");
        }
        assertThat(vm.transcriptText().length()).isLessThanOrEqualTo(ConsoleViewModel.MAX_CHARS);
        assertThat(vm.transcriptText()).endsWith("error: unknown command \"" + "x".repeat(999) + "\" for \"kubectl\"\n");
    }

    @Test
    void aResetStartsAFreshConsole() {
        type("wait");
        Console before = vm.console();
        session.reset();
        assertThat(vm.console()).isNotSameAs(before);
        assertThat(vm.runningProperty().get()).isFalse();
        assertThat(vm.transcript()).last().extracting(ConsoleViewModel.Chunk::text)
                .isEqualTo("— a fresh cluster: the console starts over —\n");
        type("kubectl apply -f run-my-nginx.yaml");
        assertThat(vm.console().history()).containsExactly("kubectl apply -f run-my-nginx.yaml");
    }

    @Test
    void aWaitingCommandFinishesFromSimulatedTime() {
        // A program that ends from a clock timer, as rollout status ends from watches.
        session.console().register(new Program() {
            @Override
            public String name() {
                return "sleep";
            }

            @Override
            public Execution start(Invocation inv) {
                Execution e = Execution.running(null);
                inv.context().cluster().clock().after(Duration.ofSeconds(5), () -> {
                    inv.out().out("woke\n");
                    e.finish(0);
                });
                return e;
            }
        });
        type("sleep");
        assertThat(vm.runningProperty().get()).isTrue();
        session.step(Duration.ofSeconds(6));
        assertThat(vm.runningProperty().get()).isFalse();
        assertThat(vm.transcriptText()).isEqualTo("$ sleep\nwoke\n");
    }
}
