package io.kubelab.app.demo;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ConsoleScriptTest {

    @Test
    void linesCarryTheirSimulatedSecondAndALineWithoutOneFollowsThePrevious() {
        ConsoleScript s = ConsoleScript.parse("@2 kubectl apply -f run-my-nginx.yaml| @14.5  kubectl get pods |kubectl get svc");
        assertThat(s.entries()).containsExactly(
                new ConsoleScript.Entry(2, "kubectl apply -f run-my-nginx.yaml"),
                new ConsoleScript.Entry(14.5, "kubectl get pods"),
                new ConsoleScript.Entry(14.5, "kubectl get svc"));
    }
}
