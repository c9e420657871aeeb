package io.kubelab.engine.console.kubectl;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.kubelab.engine.console.Execution;
import io.kubelab.engine.model.ApiException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code kubectl run NAME --image=IMAGE [--port=N] [--labels=k=v] [--env=K=V] [--restart=Never]
 * [--command] [-- ARGS…]}: one pod, labelled {@code run=NAME}, as kubectl's generator makes it.
 */
final class RunVerb extends Verb {
    @Override
    public String name() {
        return "run";
    }

    @Override
    protected void declare(Flags f) {
        f.string("image", null, "").string("port", null, "").string("labels", "l", "").list("env", null)
                .string("restart", null, "Always").bool("command", null).string("image-pull-policy", null, "")
                .bool("stdin", "i").bool("tty", "t").bool("rm", null).string("dry-run", null, "none")
                .string("output", "o", "").list("annotations", null).bool("attach", null).bool("privileged", null);
    }

    @Override
    protected Execution run(Call c) {
        List<String> args = c.args();
        if (args.isEmpty()) {
            throw KubectlError.raw("error: NAME is required for run\nSee 'kubectl run -h' for help and examples\n");
        }
        String image = c.flags.string("image");
        if (image.isEmpty()) {
            throw KubectlError.raw("error: required flag(s) \"image\" not set\n");
        }
        String name = args.get(0);
        Map<String, String> labels = new LinkedHashMap<>();
        if (c.flags.string("labels").isEmpty()) {
            labels.put("run", name);
        } else {
            for (String kv : c.flags.string("labels").split(",")) {
                int eq = kv.indexOf('=');
                if (eq < 0) {
                    throw KubectlError.error("invalid label spec: " + kv);
                }
                labels.put(kv.substring(0, eq), kv.substring(eq + 1));
            }
        }
        Container ct = new Container();
        ct.setName(name);
        ct.setImage(image);
        ct.setResources(new ResourceRequirements());
        List<String> rest = args.subList(1, args.size());
        if (!rest.isEmpty()) {
            if (c.flags.bool("command")) {
                ct.setCommand(new ArrayList<>(rest));
            } else {
                ct.setArgs(new ArrayList<>(rest));
            }
        }
        if (!c.flags.string("port").isEmpty()) {
            ct.setPorts(List.of(new ContainerPortBuilder().withContainerPort(Integer.parseInt(c.flags.string("port")))
                    .build()));
        }
        if (!c.flags.string("image-pull-policy").isEmpty()) {
            ct.setImagePullPolicy(c.flags.string("image-pull-policy"));
        }
        List<EnvVar> env = new ArrayList<>();
        for (String e : c.flags.raw("env")) {
            int eq = e.indexOf('=');
            env.add(eq < 0 ? new EnvVar(e, null, null) : new EnvVar(e.substring(0, eq), e.substring(eq + 1), null));
        }
        if (!env.isEmpty()) {
            ct.setEnv(env);
        }
        if (c.flags.bool("stdin")) {
            ct.setStdin(true);
            ct.setStdinOnce(true);
        }
        if (c.flags.bool("tty")) {
            ct.setTty(true);
        }
        String restart = c.flags.string("restart");
        if (!List.of("Always", "OnFailure", "Never").contains(restart)) {
            throw KubectlError.error("invalid restart policy: " + restart);
        }
        Pod pod = new PodBuilder().withNewMetadata().withName(name).withLabels(labels).endMetadata()
                .withNewSpec().withContainers(ct).withDnsPolicy("ClusterFirst").withRestartPolicy(restart).endSpec()
                .build();
        try {
            Pod created = c.api().create(pod, c.namespace());
            c.out(Resources.qualifiedName(created) + " created\n");
        } catch (ApiException e) {
            throw e;
        }
        return Execution.finished(0);
    }
}
