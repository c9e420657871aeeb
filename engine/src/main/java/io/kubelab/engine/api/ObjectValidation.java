package io.kubelab.engine.api;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServiceSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentSpec;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetSpec;
import io.kubelab.engine.model.FieldError;
import io.kubelab.engine.model.ResourceType;
import io.kubelab.engine.model.ResourceTypes;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Kind-specific validation with Kubernetes' field paths and messages ({@code pkg/apis/core/validation},
 * {@code pkg/apis/apps/validation}). Runs after defaulting, on create and on update.
 */
public final class ObjectValidation {
    private ObjectValidation() {}

    /** Every field error of a new object. */
    public static List<FieldError> validateCreate(HasMetadata object) {
        List<FieldError> errors = new ArrayList<>();
        ResourceType type = ResourceTypes.of(object);
        Validation.validateObjectMeta(object.getMetadata(), type.namespaced(), nameRule(object), errors);
        validateSpec(object, errors);
        return errors;
    }

    /** Every field error of an update, including changes to immutable fields. */
    public static List<FieldError> validateUpdate(HasMetadata object, HasMetadata old) {
        List<FieldError> errors = validateCreate(object);
        if (object instanceof Deployment d && old instanceof Deployment o && d.getSpec() != null && o.getSpec() != null
                && !Objects.equals(d.getSpec().getSelector(), o.getSpec().getSelector())) {
            errors.add(FieldError.invalid("spec.selector", d.getSpec().getSelector(), "field is immutable"));
        }
        if (object instanceof ReplicaSet d && old instanceof ReplicaSet o && d.getSpec() != null && o.getSpec() != null
                && !Objects.equals(d.getSpec().getSelector(), o.getSpec().getSelector())) {
            errors.add(FieldError.invalid("spec.selector", d.getSpec().getSelector(), "field is immutable"));
        }
        if (object instanceof Service s && old instanceof Service o && s.getSpec() != null && o.getSpec() != null) {
            String oldIp = o.getSpec().getClusterIP();
            String newIp = s.getSpec().getClusterIP();
            if (oldIp != null && !oldIp.isEmpty() && !"None".equals(oldIp) && newIp != null && !newIp.isEmpty()
                    && !oldIp.equals(newIp) && "ClusterIP".equals(s.getSpec().getType()) == "ClusterIP".equals(o.getSpec().getType())) {
                errors.add(FieldError.invalid("spec.clusterIPs[0]", List.of(newIp).toString().replace("[", "[]string{\"").replace("]", "\"}"),
                        "may not change once set"));
            }
        }
        if (object instanceof Pod p && old instanceof Pod o && p.getSpec() != null && o.getSpec() != null) {
            validatePodUpdate(p.getSpec(), o.getSpec(), errors);
        }
        return errors;
    }

    private static Validation.NameRule nameRule(HasMetadata object) {
        if (object instanceof Service) {
            return Validation.NameRule.DNS1035_LABEL;
        }
        if (object instanceof Namespace) {
            return Validation.NameRule.DNS1123_LABEL;
        }
        return Validation.NameRule.SUBDOMAIN;
    }

    private static void validateSpec(HasMetadata object, List<FieldError> errors) {
        if (object instanceof Pod pod) {
            if (pod.getSpec() == null) {
                errors.add(FieldError.required("spec.containers", ""));
            } else {
                validatePodSpec(pod.getSpec(), "spec", errors);
            }
        } else if (object instanceof Deployment d) {
            validateDeployment(d.getSpec(), errors);
        } else if (object instanceof ReplicaSet rs) {
            validateReplicaSet(rs.getSpec(), errors);
        } else if (object instanceof Service svc) {
            validateService(svc.getSpec(), errors);
        } else if (object instanceof Node) {
            // Nodes are registered by kubelets; nothing a student sends needs more than metadata checks.
        }
    }

    static void validateDeployment(DeploymentSpec spec, List<FieldError> errors) {
        if (spec == null) {
            errors.add(FieldError.required("spec.selector", ""));
            errors.add(FieldError.required("spec.template.spec.containers", ""));
            return;
        }
        if (spec.getReplicas() != null && spec.getReplicas() < 0) {
            errors.add(FieldError.invalid("spec.replicas", spec.getReplicas(), "must be greater than or equal to 0"));
        }
        validateSelectorAndTemplate(spec.getSelector(), spec.getTemplate(), "deployment", errors);
        if (spec.getStrategy() != null) {
            String t = spec.getStrategy().getType();
            if (!"RollingUpdate".equals(t) && !"Recreate".equals(t)) {
                errors.add(FieldError.notSupported("spec.strategy.type", t, List.of("Recreate", "RollingUpdate")));
            } else if ("Recreate".equals(t) && spec.getStrategy().getRollingUpdate() != null) {
                errors.add(FieldError.forbidden("spec.strategy.rollingUpdate",
                        "may not be specified when strategy `type` is 'Recreate'"));
            } else if ("RollingUpdate".equals(t) && spec.getStrategy().getRollingUpdate() != null) {
                RolloutMath.validate(spec.getStrategy().getRollingUpdate(), errors);
            }
        }
        if (spec.getRevisionHistoryLimit() != null && spec.getRevisionHistoryLimit() < 0) {
            errors.add(FieldError.invalid("spec.revisionHistoryLimit", spec.getRevisionHistoryLimit(),
                    "must be greater than or equal to 0"));
        }
        if (spec.getProgressDeadlineSeconds() != null && spec.getMinReadySeconds() != null
                && spec.getProgressDeadlineSeconds() <= spec.getMinReadySeconds()) {
            errors.add(FieldError.invalid("spec.progressDeadlineSeconds", spec.getProgressDeadlineSeconds(),
                    "must be greater than minReadySeconds"));
        }
    }

    static void validateReplicaSet(ReplicaSetSpec spec, List<FieldError> errors) {
        if (spec == null) {
            errors.add(FieldError.required("spec.selector", ""));
            return;
        }
        if (spec.getReplicas() != null && spec.getReplicas() < 0) {
            errors.add(FieldError.invalid("spec.replicas", spec.getReplicas(), "must be greater than or equal to 0"));
        }
        validateSelectorAndTemplate(spec.getSelector(), spec.getTemplate(), "replicaset", errors);
    }

    private static void validateSelectorAndTemplate(io.fabric8.kubernetes.api.model.LabelSelector selector,
                                                    PodTemplateSpec template, String what, List<FieldError> errors) {
        boolean emptySelector = selector == null
                || ((selector.getMatchLabels() == null || selector.getMatchLabels().isEmpty())
                && (selector.getMatchExpressions() == null || selector.getMatchExpressions().isEmpty()));
        if (selector == null) {
            errors.add(FieldError.required("spec.selector", ""));
        } else if (emptySelector) {
            errors.add(FieldError.invalid("spec.selector", "v1.LabelSelector{MatchLabels:map[string]string(nil), "
                    + "MatchExpressions:[]v1.LabelSelectorRequirement(nil)}", "empty selector is invalid for " + what));
        } else {
            Validation.validateLabels(selector.getMatchLabels(), "spec.selector.matchLabels", errors);
        }
        if (template == null) {
            errors.add(FieldError.required("spec.template", ""));
            return;
        }
        java.util.Map<String, String> labels = template.getMetadata() == null ? null : template.getMetadata().getLabels();
        if (template.getMetadata() != null) {
            Validation.validateLabels(labels, "spec.template.metadata.labels", errors);
        }
        if (!emptySelector && !Selectors.matches(selector, labels)) {
            errors.add(FieldError.invalid("spec.template.metadata.labels",
                    labels == null ? java.util.Map.of() : labels, "`selector` does not match template `labels`"));
        }
        if (template.getSpec() == null) {
            errors.add(FieldError.required("spec.template.spec.containers", ""));
        } else {
            validatePodSpec(template.getSpec(), "spec.template.spec", errors);
            String rp = template.getSpec().getRestartPolicy();
            if (rp != null && !"Always".equals(rp)) {
                errors.add(FieldError.notSupported("spec.template.spec.restartPolicy", rp, List.of("Always")));
            }
        }
    }

    /** Containers required, names unique DNS-1123 labels, images present, ports in range. */
    public static void validatePodSpec(PodSpec spec, String path, List<FieldError> errors) {
        List<Container> containers = spec.getContainers();
        if (containers == null || containers.isEmpty()) {
            errors.add(FieldError.required(path + ".containers", ""));
        } else {
            Set<String> names = new HashSet<>();
            for (int i = 0; i < containers.size(); i++) {
                validateContainer(containers.get(i), path + ".containers[" + i + "]", names, errors);
            }
        }
        if (spec.getInitContainers() != null) {
            Set<String> names = new HashSet<>();
            for (int i = 0; i < spec.getInitContainers().size(); i++) {
                validateContainer(spec.getInitContainers().get(i), path + ".initContainers[" + i + "]", names, errors);
            }
        }
        String rp = spec.getRestartPolicy();
        if (rp != null && !List.of("Always", "OnFailure", "Never").contains(rp)) {
            errors.add(FieldError.notSupported(path + ".restartPolicy", rp, List.of("Always", "Never", "OnFailure")));
        }
        String dns = spec.getDnsPolicy();
        if (dns != null && !List.of("ClusterFirstWithHostNet", "ClusterFirst", "Default", "None").contains(dns)) {
            errors.add(FieldError.notSupported(path + ".dnsPolicy", dns,
                    List.of("ClusterFirst", "ClusterFirstWithHostNet", "Default", "None")));
        }
        if (spec.getTerminationGracePeriodSeconds() != null && spec.getTerminationGracePeriodSeconds() < 0) {
            errors.add(FieldError.invalid(path + ".terminationGracePeriodSeconds", spec.getTerminationGracePeriodSeconds(),
                    "must be greater than or equal to 0"));
        }
        if (spec.getNodeSelector() != null) {
            Validation.validateLabels(spec.getNodeSelector(), path + ".nodeSelector", errors);
        }
    }

    private static void validateContainer(Container c, String path, Set<String> names, List<FieldError> errors) {
        String name = c.getName();
        if (name == null || name.isEmpty()) {
            errors.add(FieldError.required(path + ".name", ""));
        } else {
            for (String m : Validation.dns1123LabelErrors(name)) {
                errors.add(FieldError.invalid(path + ".name", name, m));
            }
            if (!names.add(name)) {
                errors.add(FieldError.duplicate(path + ".name", name));
            }
        }
        if (c.getImage() == null || c.getImage().isBlank()) {
            errors.add(FieldError.required(path + ".image", ""));
        }
        String policy = c.getImagePullPolicy();
        if (policy != null && !List.of("Always", "IfNotPresent", "Never").contains(policy)) {
            errors.add(FieldError.notSupported(path + ".imagePullPolicy", policy, List.of("Always", "IfNotPresent", "Never")));
        }
        if (c.getPorts() != null) {
            Set<String> portNames = new HashSet<>();
            for (int i = 0; i < c.getPorts().size(); i++) {
                ContainerPort p = c.getPorts().get(i);
                String pp = path + ".ports[" + i + "]";
                if (p.getContainerPort() == null || p.getContainerPort() == 0) {
                    errors.add(FieldError.required(pp + ".containerPort", ""));
                } else if (p.getContainerPort() < 1 || p.getContainerPort() > 65535) {
                    errors.add(FieldError.invalid(pp + ".containerPort", p.getContainerPort(), "must be between 1 and 65535, inclusive"));
                }
                if (p.getProtocol() != null && !List.of("TCP", "UDP", "SCTP").contains(p.getProtocol())) {
                    errors.add(FieldError.notSupported(pp + ".protocol", p.getProtocol(), List.of("SCTP", "TCP", "UDP")));
                }
                if (p.getName() != null && !p.getName().isEmpty()) {
                    if (p.getName().length() > 15 || !p.getName().matches("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
                            || !p.getName().matches(".*[a-z].*")) {
                        errors.add(FieldError.invalid(pp + ".name", p.getName(), p.getName().length() > 15
                                ? "must be no more than 15 characters"
                                : "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)"));
                    } else if (!portNames.add(p.getName())) {
                        errors.add(FieldError.duplicate(pp + ".name", p.getName()));
                    }
                }
            }
        }
    }

    private static void validatePodUpdate(PodSpec now, PodSpec old, List<FieldError> errors) {
        // Only images (and a few fields a student never edits) may change on a running pod.
        PodSpec a = io.kubelab.engine.model.Kube.copy(now);
        PodSpec b = io.kubelab.engine.model.Kube.copy(old);
        if (a.getContainers() != null && b.getContainers() != null && a.getContainers().size() == b.getContainers().size()) {
            for (int i = 0; i < a.getContainers().size(); i++) {
                a.getContainers().get(i).setImage(b.getContainers().get(i).getImage());
            }
        }
        a.setActiveDeadlineSeconds(b.getActiveDeadlineSeconds());
        a.setTolerations(b.getTolerations());
        if (b.getNodeName() == null || b.getNodeName().isEmpty()) {
            a.setNodeName(b.getNodeName());
        }
        if (!io.kubelab.engine.model.Kube.tree(a).equals(io.kubelab.engine.model.Kube.tree(b))) {
            errors.add(FieldError.forbidden("spec", "pod updates may not change fields other than `spec.containers[*].image`, "
                    + "`spec.initContainers[*].image`, `spec.activeDeadlineSeconds`, `spec.tolerations` (only additions "
                    + "to existing tolerations), `spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was "
                    + "previously negative)"));
        }
    }

    static void validateService(ServiceSpec spec, List<FieldError> errors) {
        if (spec == null) {
            errors.add(FieldError.required("spec.ports", ""));
            return;
        }
        String type = spec.getType();
        if (!List.of("ClusterIP", "NodePort", "LoadBalancer", "ExternalName").contains(type)) {
            errors.add(FieldError.notSupported("spec.type", type, List.of("ClusterIP", "ExternalName", "LoadBalancer", "NodePort")));
            return;
        }
        boolean headless = "None".equals(spec.getClusterIP());
        if (!"ExternalName".equals(type) && (spec.getPorts() == null || spec.getPorts().isEmpty()) && !headless) {
            errors.add(FieldError.required("spec.ports", ""));
        }
        if ("ExternalName".equals(type) && (spec.getExternalName() == null || spec.getExternalName().isEmpty())) {
            errors.add(FieldError.required("spec.externalName", ""));
        }
        if (spec.getPorts() != null) {
            Set<String> names = new HashSet<>();
            Set<String> portProto = new HashSet<>();
            for (int i = 0; i < spec.getPorts().size(); i++) {
                ServicePort p = spec.getPorts().get(i);
                String pp = "spec.ports[" + i + "]";
                if (spec.getPorts().size() > 1 && (p.getName() == null || p.getName().isEmpty())) {
                    errors.add(FieldError.required(pp + ".name", ""));
                } else if (p.getName() != null && !p.getName().isEmpty()) {
                    for (String m : Validation.dns1123LabelErrors(p.getName())) {
                        errors.add(FieldError.invalid(pp + ".name", p.getName(), m));
                    }
                    if (!names.add(p.getName())) {
                        errors.add(FieldError.duplicate(pp + ".name", p.getName()));
                    }
                }
                if (p.getPort() == null || p.getPort() < 1 || p.getPort() > 65535) {
                    errors.add(FieldError.invalid(pp + ".port", p.getPort() == null ? 0 : p.getPort(),
                            "must be between 1 and 65535, inclusive"));
                } else if (!portProto.add(p.getPort() + "/" + p.getProtocol())) {
                    errors.add(FieldError.duplicate(pp, p.getPort() + "/" + p.getProtocol()));
                }
                if (p.getProtocol() != null && !List.of("TCP", "UDP", "SCTP").contains(p.getProtocol())) {
                    errors.add(FieldError.notSupported(pp + ".protocol", p.getProtocol(), List.of("SCTP", "TCP", "UDP")));
                }
                if (p.getTargetPort() != null && p.getTargetPort().getStrVal() == null
                        && p.getTargetPort().getIntVal() != null
                        && (p.getTargetPort().getIntVal() < 1 || p.getTargetPort().getIntVal() > 65535)) {
                    errors.add(FieldError.invalid(pp + ".targetPort", p.getTargetPort().getIntVal(),
                            "must be between 1 and 65535, inclusive"));
                }
                if (p.getNodePort() != null && p.getNodePort() != 0 && "ClusterIP".equals(type)) {
                    errors.add(FieldError.forbidden(pp + ".nodePort", "may not be used when `type` is 'ClusterIP'"));
                }
            }
        }
        if (spec.getSelector() != null) {
            Validation.validateLabels(spec.getSelector(), "spec.selector", errors);
        }
        String aff = spec.getSessionAffinity();
        if (aff != null && !List.of("None", "ClientIP").contains(aff)) {
            errors.add(FieldError.notSupported("spec.sessionAffinity", aff, List.of("ClientIP", "None")));
        }
    }
}
