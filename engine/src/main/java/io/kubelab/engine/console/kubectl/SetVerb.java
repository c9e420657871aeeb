package io.kubelab.engine.console.kubectl;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.kubelab.engine.console.Execution;
import io.kubelab.engine.console.Invocation;
import io.kubelab.engine.model.ResourceTypes;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code kubectl set image deployment/web nginx=nginx:1.25} (container {@code *} sets them all). */
final class SetVerb extends Verb {
    @Override
    public String name() {
        return "set";
    }

    @Override
    protected String commandPath() {
        return "kubectl set image";
    }

    @Override
    protected void declare(Flags f) {
        f.bool("all", null).string("selector", "l", "").list("filename", "f").string("output", "o", "")
                .bool("local", null).string("dry-run", null, "none");
    }

    @Override
    protected List<String> args(Invocation inv) {
        if (inv.args().isEmpty() || !inv.args().get(0).equals("image")) {
            String what = inv.args().isEmpty() ? "" : inv.args().get(0);
            throw KubectlError.raw("error: unknown command \"" + what + "\" for \"kubectl set\"\n");
        }
        return inv.args().subList(1, inv.args().size());
    }

    @Override
    protected Execution run(Call c) {
        List<String> resourceArgs = new ArrayList<>();
        Map<String, String> images = new LinkedHashMap<>();
        for (String a : c.args()) {
            int eq = a.indexOf('=');
            if (eq > 0) {
                images.put(a.substring(0, eq), a.substring(eq + 1));
            } else {
                resourceArgs.add(a);
            }
        }
        if (images.isEmpty()) {
            throw KubectlError.error("at least one image update is required");
        }
        List<Resources.Request> requests = c.flags.list("filename").isEmpty() ? Resources.parse(resourceArgs).requests()
                : Manifests.requests(c, c.flags.list("filename")).requests();
        for (Resources.Request r : requests) {
            for (String name : r.names()) {
                HasMetadata o = c.api().get(r.type(), r.type().namespaced() ? c.namespace() : null, name);
                PodSpec spec = spec(io.kubelab.engine.model.Kube.copy(o));
                if (spec == null) {
                    throw KubectlError.error(Resources.qualifiedName(o) + " is not a pod template");
                }
                for (String container : images.keySet()) {
                    if (!container.equals("*") && spec.getContainers().stream().noneMatch(ct -> container.equals(ct.getName()))
                            && (spec.getInitContainers() == null || spec.getInitContainers().stream()
                            .noneMatch(ct -> container.equals(ct.getName())))) {
                        throw KubectlError.error("unable to find container named \"" + container + "\"");
                    }
                }
                HasMetadata updated = c.api().modify(ResourceTypes.of(o), o.getMetadata().getNamespace(), name, x -> {
                    PodSpec s = spec(x);
                    List<Container> all = new ArrayList<>(s.getContainers());
                    if (s.getInitContainers() != null) {
                        all.addAll(s.getInitContainers());
                    }
                    for (Container ct : all) {
                        String image = images.containsKey(ct.getName()) ? images.get(ct.getName()) : images.get("*");
                        if (image != null) {
                            ct.setImage(image);
                        }
                    }
                    return x;
                }, false);
                c.out(Resources.qualifiedName(updated) + " image updated\n");
            }
        }
        return Execution.finished(0);
    }

    private static PodSpec spec(HasMetadata o) {
        if (o instanceof Deployment d) {
            return d.getSpec().getTemplate().getSpec();
        } else if (o instanceof ReplicaSet rs) {
            return rs.getSpec().getTemplate().getSpec();
        } else if (o instanceof Pod p) {
            return p.getSpec();
        }
        return null;
    }
}
