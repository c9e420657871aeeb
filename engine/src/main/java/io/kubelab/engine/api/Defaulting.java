package io.kubelab.engine.api;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceSpec;
import io.fabric8.kubernetes.api.model.NamespaceStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServiceSpec;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentSpec;
import io.fabric8.kubernetes.api.model.apps.DeploymentStrategy;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.RollingUpdateDeployment;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Defaulting as the API server does it ({@code pkg/apis/core/v1/defaults.go},
 * {@code pkg/apis/apps/v1/defaults.go}), so that what a student reads back with {@code -o yaml} is
 * what a real cluster would show. Pure: mutates only the object it is given.
 */
public final class Defaulting {
    private Defaulting() {}

    public static void apply(HasMetadata object) {
        if (object instanceof Pod pod) {
            defaultPodSpec(pod.getSpec());
            defaultRequestsFromLimits(pod.getSpec());
        } else if (object instanceof Deployment d) {
            defaultDeployment(d);
        } else if (object instanceof ReplicaSet rs) {
            if (rs.getSpec() != null) {
                if (rs.getSpec().getReplicas() == null) {
                    rs.getSpec().setReplicas(1);
                }
                defaultTemplate(rs.getSpec().getTemplate());
            }
        } else if (object instanceof Service svc) {
            defaultService(svc);
        } else if (object instanceof Namespace ns) {
            if (ns.getSpec() == null) {
                ns.setSpec(new NamespaceSpec());
            }
            if (ns.getSpec().getFinalizers() == null || ns.getSpec().getFinalizers().isEmpty()) {
                ns.getSpec().setFinalizers(new ArrayList<>(List.of("kubernetes")));
            }
            if (ns.getStatus() == null || ns.getStatus().getPhase() == null) {
                ns.setStatus(new NamespaceStatus(null, "Active"));
            }
            Map<String, String> labels = ns.getMetadata().getLabels();
            if (labels == null) {
                labels = new java.util.LinkedHashMap<>();
                ns.getMetadata().setLabels(labels);
            }
            labels.putIfAbsent("kubernetes.io/metadata.name", ns.getMetadata().getName());
        }
    }

    static void defaultDeployment(Deployment d) {
        DeploymentSpec spec = d.getSpec();
        if (spec == null) {
            return;
        }
        if (spec.getReplicas() == null) {
            spec.setReplicas(1);
        }
        DeploymentStrategy strategy = spec.getStrategy();
        if (strategy == null) {
            strategy = new DeploymentStrategy();
            spec.setStrategy(strategy);
        }
        if (strategy.getType() == null || strategy.getType().isEmpty()) {
            strategy.setType("RollingUpdate");
        }
        if ("RollingUpdate".equals(strategy.getType())) {
            RollingUpdateDeployment ru = strategy.getRollingUpdate();
            if (ru == null) {
                ru = new RollingUpdateDeployment();
                strategy.setRollingUpdate(ru);
            }
            if (ru.getMaxSurge() == null) {
                ru.setMaxSurge(new IntOrString("25%"));
            }
            if (ru.getMaxUnavailable() == null) {
                ru.setMaxUnavailable(new IntOrString("25%"));
            }
        }
        if (spec.getRevisionHistoryLimit() == null) {
            spec.setRevisionHistoryLimit(10);
        }
        if (spec.getProgressDeadlineSeconds() == null) {
            spec.setProgressDeadlineSeconds(600);
        }
        defaultTemplate(spec.getTemplate());
    }

    static void defaultTemplate(PodTemplateSpec template) {
        if (template != null) {
            if (template.getMetadata() != null) {
                // A template has no creation time of its own; kubectl shows it as null.
                template.getMetadata().setCreationTimestamp(null);
            }
            defaultPodSpec(template.getSpec());
        }
    }

    /** The PodSpec defaults, shared by pods and pod templates. */
    public static void defaultPodSpec(PodSpec spec) {
        if (spec == null) {
            return;
        }
        if (spec.getRestartPolicy() == null) {
            spec.setRestartPolicy("Always");
        }
        if (spec.getDnsPolicy() == null) {
            spec.setDnsPolicy("ClusterFirst");
        }
        if (spec.getSchedulerName() == null) {
            spec.setSchedulerName("default-scheduler");
        }
        if (spec.getTerminationGracePeriodSeconds() == null) {
            spec.setTerminationGracePeriodSeconds(30L);
        }
        if (spec.getSecurityContext() == null) {
            spec.setSecurityContext(new PodSecurityContext());
        }
        if (spec.getContainers() != null) {
            spec.getContainers().forEach(Defaulting::defaultContainer);
        }
        if (spec.getInitContainers() != null) {
            spec.getInitContainers().forEach(Defaulting::defaultContainer);
        }
    }

    static void defaultContainer(Container c) {
        if (c.getImagePullPolicy() == null || c.getImagePullPolicy().isEmpty()) {
            c.setImagePullPolicy(pullPolicyFor(c.getImage()));
        }
        if (c.getTerminationMessagePath() == null) {
            c.setTerminationMessagePath("/dev/termination-log");
        }
        if (c.getTerminationMessagePolicy() == null) {
            c.setTerminationMessagePolicy("File");
        }
        if (c.getResources() == null) {
            c.setResources(new ResourceRequirements());
        }
        if (c.getEnv() != null) {
            for (io.fabric8.kubernetes.api.model.EnvVar ev : c.getEnv()) {
                // SetDefaults_ObjectFieldSelector: a downward-API field reference is to the v1 Pod.
                if (ev.getValueFrom() != null && ev.getValueFrom().getFieldRef() != null
                        && (ev.getValueFrom().getFieldRef().getApiVersion() == null
                        || ev.getValueFrom().getFieldRef().getApiVersion().isEmpty())) {
                    ev.getValueFrom().getFieldRef().setApiVersion("v1");
                }
            }
        }
        if (c.getPorts() != null) {
            for (ContainerPort p : c.getPorts()) {
                if (p.getProtocol() == null || p.getProtocol().isEmpty()) {
                    p.setProtocol("TCP");
                }
            }
        }
        for (io.fabric8.kubernetes.api.model.Probe probe : new io.fabric8.kubernetes.api.model.Probe[] {
                c.getLivenessProbe(), c.getReadinessProbe(), c.getStartupProbe()}) {
            if (probe != null) {
                if (probe.getTimeoutSeconds() == null) {
                    probe.setTimeoutSeconds(1);
                }
                if (probe.getPeriodSeconds() == null) {
                    probe.setPeriodSeconds(10);
                }
                if (probe.getSuccessThreshold() == null) {
                    probe.setSuccessThreshold(1);
                }
                if (probe.getFailureThreshold() == null) {
                    probe.setFailureThreshold(3);
                }
                if (probe.getHttpGet() != null && probe.getHttpGet().getScheme() == null) {
                    probe.getHttpGet().setScheme("HTTP");
                }
                if (probe.getHttpGet() != null && probe.getHttpGet().getPath() == null) {
                    probe.getHttpGet().setPath("/");
                }
            }
        }
    }

    /**
     * {@code SetDefaults_Pod}: a container with a limit and no request for a resource requests its
     * limit (pods only, not templates), which is what makes "limits only" a Guaranteed pod.
     */
    static void defaultRequestsFromLimits(PodSpec spec) {
        if (spec == null) {
            return;
        }
        List<Container> all = new ArrayList<>();
        if (spec.getContainers() != null) {
            all.addAll(spec.getContainers());
        }
        if (spec.getInitContainers() != null) {
            all.addAll(spec.getInitContainers());
        }
        for (Container c : all) {
            ResourceRequirements r = c.getResources();
            if (r == null || r.getLimits() == null || r.getLimits().isEmpty()) {
                continue;
            }
            Map<String, io.fabric8.kubernetes.api.model.Quantity> requests = r.getRequests() == null
                    ? new java.util.LinkedHashMap<>() : new java.util.LinkedHashMap<>(r.getRequests());
            r.getLimits().forEach((k, v) -> requests.putIfAbsent(k, new io.fabric8.kubernetes.api.model.Quantity(v.getAmount(), v.getFormat())));
            r.setRequests(requests);
        }
    }

    /** {@code Always} for {@code :latest} or an untagged image, otherwise {@code IfNotPresent}. */
    public static String pullPolicyFor(String image) {
        if (image == null) {
            return "IfNotPresent";
        }
        if (image.contains("@")) {
            return "IfNotPresent";
        }
        int slash = image.lastIndexOf('/');
        int colon = image.lastIndexOf(':');
        if (colon <= slash) {
            return "Always";
        }
        return image.substring(colon + 1).equals("latest") ? "Always" : "IfNotPresent";
    }

    /** Admission's DefaultTolerationSeconds: pods tolerate not-ready and unreachable nodes for 300 s. */
    public static void defaultTolerations(Pod pod) {
        PodSpec spec = pod.getSpec();
        if (spec == null) {
            return;
        }
        List<Toleration> tolerations = spec.getTolerations() == null ? new ArrayList<>() : new ArrayList<>(spec.getTolerations());
        for (String key : List.of("node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable")) {
            boolean has = tolerations.stream().anyMatch(t -> key.equals(t.getKey())
                    && (t.getEffect() == null || t.getEffect().isEmpty() || "NoExecute".equals(t.getEffect())));
            if (!has) {
                tolerations.add(new TolerationBuilder().withKey(key).withOperator("Exists").withEffect("NoExecute")
                        .withTolerationSeconds(300L).build());
            }
        }
        spec.setTolerations(tolerations);
    }

    static void defaultService(Service svc) {
        ServiceSpec spec = svc.getSpec();
        if (spec == null) {
            spec = new ServiceSpec();
            svc.setSpec(spec);
        }
        if (spec.getType() == null || spec.getType().isEmpty()) {
            spec.setType("ClusterIP");
        }
        if (spec.getSessionAffinity() == null || spec.getSessionAffinity().isEmpty()) {
            spec.setSessionAffinity("None");
        }
        if (spec.getPorts() != null) {
            for (ServicePort p : spec.getPorts()) {
                if (p.getProtocol() == null || p.getProtocol().isEmpty()) {
                    p.setProtocol("TCP");
                }
                if (p.getTargetPort() == null && p.getPort() != null) {
                    p.setTargetPort(new IntOrString(p.getPort()));
                }
            }
        }
        if (!"ExternalName".equals(spec.getType())) {
            if (spec.getInternalTrafficPolicy() == null) {
                spec.setInternalTrafficPolicy("Cluster");
            }
            if (spec.getIpFamilies() == null || spec.getIpFamilies().isEmpty()) {
                spec.setIpFamilies(new ArrayList<>(List.of("IPv4")));
            }
            if (spec.getIpFamilyPolicy() == null) {
                spec.setIpFamilyPolicy("SingleStack");
            }
        }
        if (("NodePort".equals(spec.getType()) || "LoadBalancer".equals(spec.getType()))
                && spec.getExternalTrafficPolicy() == null) {
            spec.setExternalTrafficPolicy("Cluster");
        }
    }
}
