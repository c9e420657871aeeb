package io.kubelab.engine.console.kubectl;

import io.kubelab.engine.Cluster;
import io.kubelab.engine.api.KubeApi;
import io.kubelab.engine.console.Invocation;

import java.util.List;
import java.util.Map;

/** One run of a verb: its invocation, parsed flags and the cluster. */
final class Call {
    final Invocation inv;
    final Flags.Parsed flags;
    final String commandPath;

    Call(Invocation inv, Flags.Parsed flags, String commandPath) {
        this.inv = inv;
        this.flags = flags;
        this.commandPath = commandPath;
    }

    Cluster cluster() {
        return inv.context().cluster();
    }

    KubeApi api() {
        return cluster().api();
    }

    List<String> args() {
        return flags.positional;
    }

    Map<String, String> files() {
        return inv.files();
    }

    /** {@code -n}, else the context's namespace ({@code default}). */
    String namespace() {
        String ns = flags.string("namespace");
        return ns == null || ns.isEmpty() ? "default" : ns;
    }

    void out(String text) {
        inv.out().out(text);
    }

    void err(String text) {
        inv.out().err(text);
    }
}
