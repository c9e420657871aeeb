package io.kubelab.engine.console.kubectl;

import io.fabric8.kubernetes.api.model.Pod;
import io.kubelab.engine.Cluster;
import io.kubelab.engine.console.Execution;
import io.kubelab.engine.console.Invocation;
import io.kubelab.engine.console.Output;
import io.kubelab.engine.console.kubectl.DescribeSupport.Flag;
import io.kubelab.engine.kubelet.Kubelet;
import io.kubelab.engine.kubelet.Kubelets;
import io.kubelab.engine.model.ApiException;
import io.kubelab.engine.runtime.ExecResult;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * {@code kubectl exec POD [-c CONTAINER] -- COMMAND [args...]}: runs the command in the container
 * through its node's kubelet. The command's output is printed as it ends; a non-zero exit is
 * kubectl's {@code command terminated with exit code N} and becomes the console's exit code.
 */
final class ExecVerb implements KubectlVerb {
    static final List<Flag> FLAGS = List.of(
            Flag.value("container", "c", ""),
            Flag.bool("stdin", "i"),
            Flag.bool("tty", "t"),
            Flag.bool("quiet", "q"),
            Flag.value("filename", "f", ""),
            Flag.value("pod-running-timeout", null, "1m0s"));

    @Override
    public String name() {
        return "exec";
    }

    @Override
    public Execution start(Invocation inv) {
        Output out = inv.out();
        DescribeSupport.Parsed p;
        try {
            p = DescribeSupport.parse(inv.args(), FLAGS, "exec");
        } catch (DescribeSupport.FlagException e) {
            out.err(e.getMessage());
            return Execution.finished(1);
        }
        if (p.afterDash == null) {
            if (p.args.size() > 1) {
                out.err("error: exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead\n"
                        + "See 'kubectl exec -h' for help and examples\n");
                return Execution.finished(1);
            }
        }
        if (p.args.isEmpty()) {
            out.err("error: pod, type/name or --filename must be specified\n");
            return Execution.finished(1);
        }
        List<String> command = p.afterDash == null ? List.of() : p.afterDash;
        if (command.isEmpty()) {
            out.err("error: you must specify at least one command for the container\n");
            return Execution.finished(1);
        }
        Cluster cluster = inv.context().cluster();
        String ns = DescribeSupport.namespace(p);
        Pod pod;
        try {
            pod = LogsExecSupport.pod(cluster.api(), p.args.get(0), ns).pod();
        } catch (LogsExecSupport.Failure f) {
            out.err(f.getMessage());
            return Execution.finished(1);
        }
        String phase = pod.getStatus() == null ? "" : Describers.str(pod.getStatus().getPhase());
        if (phase.equals("Succeeded") || phase.equals("Failed")) {
            out.err("error: cannot exec into a container in a completed pod; current phase is " + phase + "\n");
            return Execution.finished(1);
        }
        String container = p.get("container");
        if (container == null || container.isEmpty()) {
            StringBuilder notice = new StringBuilder();
            container = LogsExecSupport.defaultContainer(pod, notice);
            if (!p.bool("quiet")) {
                out.err(notice.toString());
            }
        } else if (!LogsExecSupport.has(pod, container)) {
            out.err("Error from server (BadRequest): container " + container + " is not valid for pod "
                    + pod.getMetadata().getName() + "\n");
            return Execution.finished(1);
        }
        String node = pod.getSpec().getNodeName();
        Kubelet kubelet = node == null ? null : Kubelets.byNode(cluster, node).orElse(null);
        if (kubelet == null) {
            out.err("Error from server (BadRequest): pod " + pod.getMetadata().getName() + " does not have a host assigned\n");
            return Execution.finished(1);
        }
        CompletableFuture<ExecResult> result;
        try {
            result = kubelet.exec(ns, pod.getMetadata().getName(), container, command);
        } catch (ApiException e) {
            out.err("error: " + e.getMessage() + "\n");
            return Execution.finished(1);
        }
        Execution ex = Execution.running(() -> result.cancel(false));
        result.whenComplete((r, err) -> {
            if (ex.isDone()) {
                return;
            }
            if (err != null) {
                Throwable cause = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
                out.err("error: " + cause.getMessage() + "\n");
                ex.finish(1);
                return;
            }
            if (!r.stdout().isEmpty()) {
                out.out(r.stdout());
            }
            if (!r.stderr().isEmpty()) {
                out.err(r.stderr());
            }
            if (r.exitCode() != 0) {
                out.err("command terminated with exit code " + r.exitCode() + "\n");
            }
            ex.finish(r.exitCode());
        });
        return ex;
    }
}
