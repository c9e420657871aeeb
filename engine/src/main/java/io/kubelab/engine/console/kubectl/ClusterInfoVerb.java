package io.kubelab.engine.console.kubectl;

import io.fabric8.kubernetes.api.model.Service;
import io.kubelab.engine.console.Execution;
import io.kubelab.engine.model.ResourceTypes;

import java.util.List;
import java.util.Map;

/**
 * {@code kubectl cluster-info}: the control plane's address and a proxy link per cluster service of
 * {@code kube-system}, coloured as kubectl colours them (green names, yellow addresses).
 */
final class ClusterInfoVerb extends Verb {
    private static final String GREEN = "\u001b[0;32m";
    private static final String YELLOW = "\u001b[0;33m";
    private static final String RESET = "\u001b[0m";

    private final KubectlProgram kubectl;

    ClusterInfoVerb(KubectlProgram kubectl) {
        this.kubectl = kubectl;
    }

    @Override
    public String name() {
        return "cluster-info";
    }

    @Override
    protected void declare(Flags f) {
    }

    @Override
    protected Execution run(Call c) {
        if (!c.args().isEmpty() && c.args().get(0).equals("dump")) {
            throw KubectlError.error("cluster-info dump is not available in this console");
        }
        String server = kubectl.server();
        StringBuilder b = new StringBuilder();
        b.append(line("Kubernetes control plane", server));
        List<Service> services = c.api().<Service>list(ResourceTypes.SERVICES, "kube-system",
                o -> "true".equals(labels(o.getMetadata().getLabels()).get("kubernetes.io/cluster-service"))).items();
        for (Service s : services) {
            String name = labels(s.getMetadata().getLabels()).getOrDefault("kubernetes.io/name", s.getMetadata().getName());
            String link = s.getMetadata().getName();
            if (s.getSpec().getPorts() != null && !s.getSpec().getPorts().isEmpty()) {
                String port = s.getSpec().getPorts().get(0).getName();
                if (port != null && !port.isEmpty()) {
                    link += ":" + port;
                }
            }
            b.append(line(name, server + "/api/v1/namespaces/kube-system/services/" + link + "/proxy"));
        }
        b.append("\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n");
        c.out(b.toString());
        return Execution.finished(0);
    }

    private static Map<String, String> labels(Map<String, String> l) {
        return l == null ? Map.of() : l;
    }

    private static String line(String name, String url) {
        return GREEN + name + RESET + " is running at " + YELLOW + url + RESET + "\n";
    }
}
