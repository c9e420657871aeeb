package io.kubelab.engine.console.kubectl;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.kubelab.engine.console.Execution;
import io.kubelab.engine.model.ApiException;
import io.kubelab.engine.model.ResourceTypes;

import java.util.ArrayList;
import java.util.List;

/** {@code kubectl scale deployment/web --replicas=3}: sets the replicas through the scale subresource. */
final class ScaleVerb extends Verb {
    @Override
    public String name() {
        return "scale";
    }

    @Override
    protected void declare(Flags f) {
        f.integer("replicas", null, "-1").integer("current-replicas", null, "-1").list("filename", "f")
                .string("selector", "l", "").bool("all", null).string("output", "o", "").string("timeout", null, "0s");
    }

    @Override
    protected Execution run(Call c) {
        if (!c.flags.has("replicas")) {
            throw KubectlError.raw("error: required flag(s) \"replicas\" not set\n");
        }
        int replicas = c.flags.integer("replicas");
        if (replicas < 0) {
            throw KubectlError.error("The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0");
        }
        List<Resources.Request> requests = c.flags.list("filename").isEmpty() ? Resources.parse(c.args()).requests()
                : Manifests.requests(c, c.flags.list("filename")).requests();
        List<HasMetadata> targets = new ArrayList<>();
        for (Resources.Request r : requests) {
            if (r.type() != ResourceTypes.DEPLOYMENTS && r.type() != ResourceTypes.REPLICASETS) {
                throw KubectlError.error("cannot scale " + r.type().qualifiedResource());
            }
            for (String name : r.names()) {
                HasMetadata o = c.api().find(r.type(), c.namespace(), name);
                if (o != null) {
                    targets.add(o);
                }
            }
        }
        if (targets.isEmpty()) {
            throw KubectlError.error("no objects passed to scale");
        }
        int current = c.flags.integer("current-replicas");
        for (HasMetadata o : targets) {
            try {
                HasMetadata scaled = c.api().modify(ResourceTypes.of(o), o.getMetadata().getNamespace(),
                        o.getMetadata().getName(), x -> {
                            if (x instanceof Deployment d) {
                                check(current, d.getSpec().getReplicas());
                                d.getSpec().setReplicas(replicas);
                            } else if (x instanceof ReplicaSet rs) {
                                check(current, rs.getSpec().getReplicas());
                                rs.getSpec().setReplicas(replicas);
                            }
                            return x;
                        }, false);
                c.out(Resources.qualifiedName(scaled) + " scaled\n");
            } catch (ApiException e) {
                c.err(serverError(e));
                return Execution.finished(1);
            }
        }
        return Execution.finished(0);
    }

    private static void check(int expected, Integer actual) {
        if (expected >= 0 && (actual == null ? 1 : actual) != expected) {
            throw KubectlError.error("Expected replicas to be " + expected + ", was " + (actual == null ? 1 : actual));
        }
    }
}
