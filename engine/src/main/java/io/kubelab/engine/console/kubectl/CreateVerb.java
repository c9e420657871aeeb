package io.kubelab.engine.console.kubectl;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStrategy;
import io.kubelab.engine.console.Execution;
import io.kubelab.engine.model.ApiException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code kubectl create -f FILE} and the generators {@code create deployment NAME --image=…} and
 * {@code create namespace NAME}.
 */
final class CreateVerb extends Verb {
    @Override
    public String name() {
        return "create";
    }

    @Override
    protected void declare(Flags f) {
        f.list("filename", "f").string("output", "o", "").bool("save-config", null).string("dry-run", null, "none")
                .list("image", null).integer("replicas", "r", "1").integer("port", null, "-1").bool("validate", null);
    }

    @Override
    protected Execution run(Call c) {
        List<String> args = c.args();
        if (!args.isEmpty() && (args.get(0).equals("deployment") || args.get(0).equals("deploy"))) {
            return deployment(c, args.subList(1, args.size()));
        }
        if (!args.isEmpty() && (args.get(0).equals("namespace") || args.get(0).equals("ns"))) {
            if (args.size() != 2) {
                throw KubectlError.error("exactly one NAME is required, got " + (args.size() - 1));
            }
            HasMetadata ns = c.api().create(new NamespaceBuilder().withNewMetadata().withName(args.get(1))
                    .endMetadata().build(), null);
            c.out(Resources.qualifiedName(ns) + " created\n");
            return Execution.finished(0);
        }
        List<String> files = c.flags.list("filename");
        if (files.isEmpty()) {
            throw KubectlError.raw("error: must specify one of -f and -k\n");
        }
        int code = 0;
        for (Manifests.Doc d : Manifests.read(c, files)) {
            try {
                HasMetadata object = d.decode();
                HasMetadata created = c.api().create(object, d.namespace());
                c.out(Resources.qualifiedName(created) + " created\n");
            } catch (ApiException e) {
                c.err(serverError(Manifests.withSource(e, "creating", d.source())));
                code = 1;
            }
        }
        return Execution.finished(code);
    }

    /** {@code create deployment web --image=nginx --replicas=2 --port=80}, as kubectl generates it. */
    private Execution deployment(Call c, List<String> args) {
        if (args.size() != 1) {
            throw KubectlError.error("exactly one NAME is required, got " + args.size());
        }
        List<String> images = c.flags.list("image");
        if (images.isEmpty()) {
            throw KubectlError.raw("error: required flag(s) \"image\" not set\n");
        }
        String name = args.get(0);
        List<Container> containers = new ArrayList<>();
        for (String image : images) {
            Container ct = new Container();
            ct.setName(containerName(image));
            ct.setImage(image);
            ct.setResources(new ResourceRequirements());
            if (c.flags.integer("port") >= 0) {
                ct.setPorts(List.of(new ContainerPortBuilder().withContainerPort(c.flags.integer("port")).build()));
            }
            containers.add(ct);
        }
        Map<String, String> labels = Map.of("app", name);
        Deployment d = new DeploymentBuilder().withNewMetadata().withName(name).withLabels(labels).endMetadata()
                .withNewSpec().withReplicas(c.flags.integer("replicas")).withNewSelector().withMatchLabels(labels)
                .endSelector().withStrategy(new DeploymentStrategy()).withNewTemplate().withNewMetadata()
                .withLabels(labels).endMetadata().withNewSpec().withContainers(containers).endSpec().endTemplate()
                .endSpec().build();
        try {
            Deployment created = c.api().create(d, c.namespace());
            c.out(Resources.qualifiedName(created) + " created\n");
        } catch (ApiException e) {
            // kubectl's generators wrap the server's error: error: failed to create deployment: <message>
            throw KubectlError.error("failed to create deployment: " + e.getMessage());
        }
        return Execution.finished(0);
    }

    /** kubectl's container name for an image: {@code registry/ns/nginx:1.25} → {@code nginx}. */
    static String containerName(String image) {
        String s = image;
        int at = s.indexOf('@');
        if (at >= 0) {
            s = s.substring(0, at);
        }
        int slash = s.lastIndexOf('/');
        if (slash >= 0) {
            s = s.substring(slash + 1);
        }
        int colon = s.indexOf(':');
        if (colon >= 0) {
            s = s.substring(0, colon);
        }
        return s.replaceAll("[^a-z0-9-]", "-");
    }
}
