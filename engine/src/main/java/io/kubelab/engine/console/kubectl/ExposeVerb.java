package io.kubelab.engine.console.kubectl;

import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.kubelab.engine.console.Execution;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code kubectl expose deployment web --port=80 [--target-port=8080] [--type=NodePort] [--name=x]}: a
 * Service selecting the object's pods, with its labels, and the ports given or found in its containers.
 */
final class ExposeVerb extends Verb {
    @Override
    public String name() {
        return "expose";
    }

    @Override
    protected void declare(Flags f) {
        f.string("port", null, "").string("target-port", null, "").string("type", null, "").string("name", null, "")
                .string("protocol", null, "").string("selector", null, "").string("labels", "l", "")
                .string("cluster-ip", null, "").list("filename", "f").string("output", "o", "")
                .string("dry-run", null, "none").string("external-ip", null, "").string("session-affinity", null, "");
    }

    @Override
    protected Execution run(Call c) {
        List<Resources.Request> requests = c.flags.list("filename").isEmpty() ? Resources.parse(c.args()).requests()
                : Manifests.requests(c, c.flags.list("filename")).requests();
        if (requests.isEmpty()) {
            throw KubectlError.raw("error: You must provide one or more resources by argument or filename.\n"
                    + "Example resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n"
                    + "   '<resource> <name>'\n   '<resource>'\n");
        }
        for (Resources.Request r : requests) {
            for (String name : r.names()) {
                HasMetadata o = c.api().get(r.type(), c.namespace(), name);
                expose(c, o);
            }
        }
        return Execution.finished(0);
    }

    private static void expose(Call c, HasMetadata o) {
        Map<String, String> selector;
        List<ContainerPort> containerPorts = new ArrayList<>();
        if (o instanceof Deployment d) {
            selector = d.getSpec().getSelector().getMatchLabels();
            containerPorts = ports(d.getSpec().getTemplate().getSpec());
        } else if (o instanceof ReplicaSet rs) {
            selector = rs.getSpec().getSelector().getMatchLabels();
            containerPorts = ports(rs.getSpec().getTemplate().getSpec());
        } else if (o instanceof Pod p) {
            selector = p.getMetadata().getLabels();
            containerPorts = ports(p.getSpec());
        } else if (o instanceof Service s) {
            selector = s.getSpec().getSelector();
        } else {
            throw KubectlError.error("cannot expose a " + o.getKind());
        }
        if (!c.flags.string("selector").isEmpty()) {
            selector = parseMap(c.flags.string("selector"));
        }
        if (selector == null || selector.isEmpty()) {
            throw KubectlError.error("couldn't retrieve selectors via --selector flag or introspection: the "
                    + Resources.kindPrefix(io.kubelab.engine.model.ResourceTypes.of(o)) + " has no selector");
        }
        List<Integer> portNumbers = new ArrayList<>();
        List<String> protocols = new ArrayList<>();
        if (!c.flags.string("port").isEmpty()) {
            portNumbers.add(Integer.parseInt(c.flags.string("port")));
        } else {
            for (ContainerPort p : containerPorts) {
                portNumbers.add(p.getContainerPort());
                protocols.add(p.getProtocol());
            }
        }
        if (portNumbers.isEmpty()) {
            throw KubectlError.error("couldn't find port via --port flag or introspection");
        }
        List<ServicePort> ports = new ArrayList<>();
        for (int i = 0; i < portNumbers.size(); i++) {
            int port = portNumbers.get(i);
            String protocol = !c.flags.string("protocol").isEmpty() ? c.flags.string("protocol")
                    : i < protocols.size() && protocols.get(i) != null ? protocols.get(i) : "TCP";
            String target = c.flags.string("target-port");
            IntOrString targetPort = target.isEmpty() ? new IntOrString(port)
                    : target.matches("\\d+") ? new IntOrString(Integer.parseInt(target)) : new IntOrString(target);
            ports.add(new ServicePortBuilder().withName(portNumbers.size() > 1 ? "port-" + (i + 1) : null)
                    .withPort(port).withProtocol(protocol).withTargetPort(targetPort).build());
        }
        String name = c.flags.string("name").isEmpty() ? o.getMetadata().getName() : c.flags.string("name");
        Map<String, String> labels = c.flags.string("labels").isEmpty() ? o.getMetadata().getLabels()
                : parseMap(c.flags.string("labels"));
        ServiceBuilder b = new ServiceBuilder().withNewMetadata().withName(name).withLabels(labels).endMetadata()
                .withNewSpec().withSelector(new LinkedHashMap<>(selector)).withPorts(ports).endSpec();
        Service svc = b.build();
        if (!c.flags.string("type").isEmpty()) {
            svc.getSpec().setType(c.flags.string("type"));
        }
        if (!c.flags.string("cluster-ip").isEmpty()) {
            svc.getSpec().setClusterIP(c.flags.string("cluster-ip"));
        }
        if (!c.flags.string("session-affinity").isEmpty()) {
            svc.getSpec().setSessionAffinity(c.flags.string("session-affinity"));
        }
        Service created = c.api().create(svc, c.namespace());
        c.out(Resources.qualifiedName(created) + " exposed\n");
    }

    private static List<ContainerPort> ports(PodSpec spec) {
        List<ContainerPort> out = new ArrayList<>();
        spec.getContainers().forEach(ct -> {
            if (ct.getPorts() != null) {
                out.addAll(ct.getPorts());
            }
        });
        return out;
    }

    private static Map<String, String> parseMap(String text) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String kv : text.split(",")) {
            int eq = kv.indexOf('=');
            if (eq > 0) {
                m.put(kv.substring(0, eq), kv.substring(eq + 1));
            }
        }
        return m;
    }
}
