package io.kubelab.engine.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.ExecAction;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.HTTPHeader;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.LifecycleHandler;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServiceSpec;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentSpec;
import io.fabric8.kubernetes.api.model.apps.DeploymentStrategy;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetSpec;
import io.kubelab.engine.model.FieldError;
import io.kubelab.engine.model.Kube;
import io.kubelab.engine.model.ResourceType;
import io.kubelab.engine.model.ResourceTypes;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Kind-specific validation with Kubernetes' field paths, messages and order of checks
 * ({@code pkg/apis/core/validation}, {@code pkg/apis/apps/validation}, and the registry strategies'
 * update rules). Runs after defaulting, on create and on update.
 */
public final class ObjectValidation {
    private ObjectValidation() {}

    private static final List<String> PROTOCOLS = List.of("SCTP", "TCP", "UDP");
    private static final List<String> PULL_POLICIES = List.of("Always", "IfNotPresent", "Never");
    private static final List<String> RESTART_POLICIES = List.of("Always", "OnFailure", "Never");
    private static final List<String> DNS_POLICIES = List.of("ClusterFirstWithHostNet", "ClusterFirst", "Default", "None");
    private static final List<String> SERVICE_TYPES = List.of("ClusterIP", "ExternalName", "LoadBalancer", "NodePort");
    private static final List<String> ENV_FIELD_PATHS = List.of("metadata.name", "metadata.namespace", "metadata.uid",
            "spec.nodeName", "spec.serviceAccountName", "status.hostIP", "status.hostIPs", "status.podIP", "status.podIPs");

    // ---- entry points ----------------------------------------------------------------------

    /** Every field error of a new object, in the order the API server reports them. */
    public static List<FieldError> validateCreate(HasMetadata object) {
        List<FieldError> errors = new ArrayList<>();
        ResourceType type = ResourceTypes.of(object);
        Validation.validateObjectMeta(object.getMetadata(), type.namespaced(), nameRule(object), errors);
        validateSpec(object, errors);
        return errors;
    }

    /** Every field error of an update: metadata rules, the kind's own rules, then immutable fields. */
    public static List<FieldError> validateUpdate(HasMetadata object, HasMetadata old) {
        List<FieldError> errors = new ArrayList<>();
        Validation.validateObjectMetaUpdate(object.getMetadata(), old.getMetadata(), errors);
        if (object instanceof Service s && old instanceof Service o) {
            validateServiceUpdate(s.getSpec(), o.getSpec(), errors);
        }
        if (object instanceof Pod p && old instanceof Pod o) {
            // ValidatePodUpdate: the spec checks first, then what may change on a running pod.
            errors.addAll(validateCreate(object));
            validatePodUpdate(p.getSpec(), o.getSpec(), errors);
            return errors;
        }
        errors.addAll(validateCreate(object));
        // The apps strategies check selector immutability after ValidateDeploymentUpdate.
        if (object instanceof Deployment d && old instanceof Deployment o) {
            immutableSelector(d.getSpec() == null ? null : d.getSpec().getSelector(),
                    o.getSpec() == null ? null : o.getSpec().getSelector(), errors);
        }
        if (object instanceof ReplicaSet d && old instanceof ReplicaSet o) {
            immutableSelector(d.getSpec() == null ? null : d.getSpec().getSelector(),
                    o.getSpec() == null ? null : o.getSpec().getSelector(), errors);
        }
        return errors;
    }

    private static void immutableSelector(LabelSelector now, LabelSelector old, List<FieldError> errors) {
        if (!Objects.equals(Kube.tree(now), Kube.tree(old))) {
            errors.add(FieldError.invalid("spec.selector", now == null ? null : new FieldError.Go(FieldError.labelSelector(now)),
                    Validation.FIELD_IMMUTABLE));
        }
    }

    static Validation.NameRule nameRule(HasMetadata object) {
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
            validatePodSpec(pod.getSpec(), "spec", true, errors);
        } else if (object instanceof Deployment d) {
            validateDeployment(d.getSpec(), errors);
        } else if (object instanceof ReplicaSet rs) {
            validateReplicaSet(rs.getSpec(), errors);
        } else if (object instanceof Service svc) {
            validateService(svc.getSpec(), errors);
        } else if (object instanceof ConfigMap cm) {
            validateConfigMap(cm, errors);
        }
        // Nodes, events, endpoints, slices and leases are written by the engine's own components:
        // the metadata checks are enough for what a student can send.
    }

    private static String idx(String path, int i) {
        return path + "[" + i + "]";
    }

    private static void nonNegative(Number value, String path, List<FieldError> errors) {
        if (value != null && value.longValue() < 0) {
            errors.add(FieldError.invalid(path, value.longValue(), Validation.IS_NEGATIVE));
        }
    }

    // ---- apps ------------------------------------------------------------------------------

    /** {@code ValidateDeploymentSpec}. A missing spec is Go's zero value after defaulting. */
    static void validateDeployment(DeploymentSpec spec, List<FieldError> errors) {
        if (spec == null) {
            spec = new DeploymentSpec();
            Deployment d = new Deployment();
            d.setSpec(spec);
            Defaulting.defaultDeployment(d);
        }
        nonNegative(spec.getReplicas(), "spec.replicas", errors);
        boolean selectorOk = validateWorkloadSelector(spec.getSelector(), "deployment", errors);
        if (selectorOk) {
            validateTemplateForReplicaSet(spec.getSelector(), spec.getTemplate(), "ReplicaSet", errors);
        }
        validateStrategy(spec.getStrategy(), errors);
        nonNegative(spec.getMinReadySeconds(), "spec.minReadySeconds", errors);
        nonNegative(spec.getRevisionHistoryLimit(), "spec.revisionHistoryLimit", errors);
        if (spec.getProgressDeadlineSeconds() != null) {
            nonNegative(spec.getProgressDeadlineSeconds(), "spec.progressDeadlineSeconds", errors);
            int min = spec.getMinReadySeconds() == null ? 0 : spec.getMinReadySeconds();
            if (spec.getProgressDeadlineSeconds() <= min) {
                errors.add(FieldError.invalid("spec.progressDeadlineSeconds", spec.getProgressDeadlineSeconds(),
                        "must be greater than minReadySeconds"));
            }
        }
    }

    static void validateReplicaSet(ReplicaSetSpec spec, List<FieldError> errors) {
        if (spec == null) {
            spec = new ReplicaSetSpec();
            spec.setReplicas(1);
        }
        nonNegative(spec.getReplicas(), "spec.replicas", errors);
        nonNegative(spec.getMinReadySeconds(), "spec.minReadySeconds", errors);
        // Upstream says "for deployment" here too.
        boolean selectorOk = validateWorkloadSelector(spec.getSelector(), "deployment", errors);
        if (selectorOk) {
            validateTemplateForReplicaSet(spec.getSelector(), spec.getTemplate(), "ReplicaSet", errors);
        }
    }

    /**
     * The selector part of {@code ValidateDeploymentSpec}: required, well-formed, non-empty.
     *
     * @return whether {@code LabelSelectorAsSelector} would succeed (so the template is checked)
     */
    private static boolean validateWorkloadSelector(LabelSelector selector, String what, List<FieldError> errors) {
        if (selector == null) {
            errors.add(FieldError.required("spec.selector", ""));
            return true;
        }
        validateLabelSelector(selector, "spec.selector", errors);
        boolean empty = (selector.getMatchLabels() == null || selector.getMatchLabels().isEmpty())
                && (selector.getMatchExpressions() == null || selector.getMatchExpressions().isEmpty());
        if (empty) {
            errors.add(FieldError.invalid("spec.selector", new FieldError.Go(FieldError.labelSelector(selector)),
                    "empty selector is invalid for " + what));
        }
        if (!selectorConvertible(selector)) {
            errors.add(FieldError.invalid("spec.selector", new FieldError.Go(FieldError.labelSelector(selector)),
                    "invalid label selector"));
            return false;
        }
        return true;
    }

    /** {@code ValidateLabelSelector}: matchLabels, then each requirement's operator, values and key. */
    static void validateLabelSelector(LabelSelector selector, String path, List<FieldError> errors) {
        Validation.validateLabels(selector.getMatchLabels(), path + ".matchLabels", errors);
        List<LabelSelectorRequirement> exprs = selector.getMatchExpressions();
        if (exprs == null) {
            return;
        }
        for (int i = 0; i < exprs.size(); i++) {
            LabelSelectorRequirement r = exprs.get(i);
            String rp = idx(path + ".matchExpressions", i);
            List<String> values = r.getValues() == null ? List.of() : r.getValues();
            String op = r.getOperator() == null ? "" : r.getOperator();
            switch (op) {
                case "In", "NotIn" -> {
                    if (values.isEmpty()) {
                        errors.add(FieldError.required(rp + ".values", "must be specified when `operator` is 'In' or 'NotIn'"));
                    }
                }
                case "Exists", "DoesNotExist" -> {
                    if (!values.isEmpty()) {
                        errors.add(FieldError.forbidden(rp + ".values",
                                "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
                    }
                }
                default -> errors.add(FieldError.invalid(rp + ".operator", op, "not a valid selector operator"));
            }
            for (int v = 0; v < values.size(); v++) {
                for (String m : Validation.labelValueErrors(values.get(v))) {
                    errors.add(FieldError.invalid(idx(rp + ".values", v), values.get(v), m));
                }
            }
            String key = r.getKey() == null ? "" : r.getKey();
            for (String m : Validation.qualifiedNameErrors(key)) {
                errors.add(FieldError.invalid(rp + ".key", key, m));
            }
        }
    }

    /** Whether {@code metav1.LabelSelectorAsSelector} accepts the selector. */
    private static boolean selectorConvertible(LabelSelector selector) {
        if (selector.getMatchExpressions() != null) {
            for (LabelSelectorRequirement r : selector.getMatchExpressions()) {
                String op = r.getOperator() == null ? "" : r.getOperator();
                int n = r.getValues() == null ? 0 : r.getValues().size();
                boolean ok = switch (op) {
                    case "In", "NotIn" -> n > 0;
                    case "Exists", "DoesNotExist" -> n == 0;
                    default -> false;
                };
                if (!ok || !Validation.isQualifiedName(r.getKey() == null ? "" : r.getKey())) {
                    return false;
                }
                if (r.getValues() != null && r.getValues().stream().anyMatch(v -> !Validation.labelValueErrors(v).isEmpty())) {
                    return false;
                }
            }
        }
        if (selector.getMatchLabels() != null) {
            for (Map.Entry<String, String> e : selector.getMatchLabels().entrySet()) {
                if (!Validation.isQualifiedName(e.getKey()) || !Validation.labelValueErrors(e.getValue()).isEmpty()) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * {@code ValidatePodTemplateSpecForReplicaSet}: the selector must select the template's labels
     * (a missing selector selects nothing), then the template itself, then restartPolicy Always.
     */
    private static void validateTemplateForReplicaSet(LabelSelector selector, PodTemplateSpec template, String kind,
                                                      List<FieldError> errors) {
        if (template == null) {
            template = new PodTemplateSpec();
        }
        Map<String, String> labels = template.getMetadata() == null ? null : template.getMetadata().getLabels();
        boolean selectsEverything = selector != null
                && (selector.getMatchLabels() == null || selector.getMatchLabels().isEmpty())
                && (selector.getMatchExpressions() == null || selector.getMatchExpressions().isEmpty());
        if (!selectsEverything) {
            boolean matches = selector != null && Selectors.matches(selector, labels);
            if (!matches) {
                errors.add(FieldError.invalid("spec.template.metadata.labels",
                        new FieldError.Go(labels == null || labels.isEmpty() ? "map[string]string(nil)" : FieldError.stringMap(labels)),
                        "`selector` does not match template `labels`"));
            }
        }
        validatePodTemplateSpec(template, "spec.template", errors);
        PodSpec spec = template.getSpec();
        String rp = spec == null || spec.getRestartPolicy() == null ? "Always" : spec.getRestartPolicy();
        if (!"Always".equals(rp)) {
            errors.add(FieldError.notSupported("spec.template.spec.restartPolicy", rp, List.of("Always")));
        }
        if (spec != null && spec.getActiveDeadlineSeconds() != null) {
            errors.add(FieldError.forbidden("spec.template.spec.activeDeadlineSeconds",
                    "activeDeadlineSeconds in " + kind + " is not Supported"));
        }
    }

    /** {@code ValidatePodTemplateSpec}: the template's labels ({@code spec.template.labels}), annotations and pod spec. */
    static void validatePodTemplateSpec(PodTemplateSpec template, String path, List<FieldError> errors) {
        if (template.getMetadata() != null) {
            Validation.validateLabels(template.getMetadata().getLabels(), path + ".labels", errors);
            Validation.validateAnnotations(template.getMetadata().getAnnotations(), path + ".annotations", errors);
        }
        validatePodSpec(template.getSpec(), path + ".spec", false, errors);
    }

    /** {@code ValidateDeploymentStrategy} and {@code ValidateRollingUpdateDeployment}. */
    private static void validateStrategy(DeploymentStrategy strategy, List<FieldError> errors) {
        if (strategy == null) {
            return;
        }
        String type = strategy.getType() == null ? "" : strategy.getType();
        switch (type) {
            case "Recreate" -> {
                if (strategy.getRollingUpdate() != null) {
                    errors.add(FieldError.forbidden("spec.strategy.rollingUpdate",
                            "may not be specified when strategy `type` is 'Recreate'"));
                }
            }
            case "RollingUpdate" -> {
                if (strategy.getRollingUpdate() == null) {
                    errors.add(FieldError.required("spec.strategy.rollingUpdate", "this should be defaulted and never be nil"));
                } else {
                    RolloutMath.validate(strategy.getRollingUpdate(), errors);
                }
            }
            default -> {
                // Go prints the whole internal struct; a set pointer prints as an address we cannot reproduce.
                String ru = strategy.getRollingUpdate() == null ? "(*apps.RollingUpdateDeployment)(nil)"
                        : "(*apps.RollingUpdateDeployment)(0xc000a1c0f0)";
                errors.add(FieldError.notSupported("spec.strategy", new FieldError.Go("apps.DeploymentStrategy{Type:"
                        + FieldError.quote(type) + ", RollingUpdate:" + ru + "}"), List.of("Recreate", "RollingUpdate")));
            }
        }
    }

    // ---- pods ------------------------------------------------------------------------------

    /** {@code ValidatePodSpec} of a Pod's own spec. */
    public static void validatePodSpec(PodSpec spec, String path, List<FieldError> errors) {
        validatePodSpec(spec, path, true, errors);
    }

    /**
     * {@code ValidatePodSpec}, in upstream order: volumes, containers, init containers, restart and
     * DNS policy, node selector, pull secrets, names, deadlines, tolerations. A missing spec is Go's
     * zero value after defaulting.
     *
     * @param isPod a Pod rather than a template: images must not have surrounding spaces
     */
    public static void validatePodSpec(PodSpec spec, String path, boolean isPod, List<FieldError> errors) {
        if (spec == null) {
            spec = new PodSpec();
            Defaulting.defaultPodSpec(spec);
        }
        if (spec.getTerminationGracePeriodSeconds() == null) {
            errors.add(FieldError.required(path + ".terminationGracePeriodSeconds", ""));
        } else if (spec.getTerminationGracePeriodSeconds() < 0) {
            errors.add(FieldError.invalid(path + ".terminationGracePeriodSeconds", spec.getTerminationGracePeriodSeconds(),
                    Validation.IS_NEGATIVE));
        }
        Set<String> volumes = validateVolumes(spec.getVolumes(), path + ".volumes", errors);
        List<Container> containers = spec.getContainers() == null ? List.of() : spec.getContainers();
        if (containers.isEmpty()) {
            errors.add(FieldError.required(path + ".containers", ""));
        } else {
            Set<String> names = new HashSet<>();
            for (int i = 0; i < containers.size(); i++) {
                Container c = containers.get(i);
                String cp = idx(path + ".containers", i);
                validateContainerCommon(c, volumes, cp, errors);
                if (!names.add(nz(c.getName()))) {
                    errors.add(FieldError.duplicate(cp + ".name", nz(c.getName())));
                }
                if (c.getLifecycle() != null) {
                    validateHandler(c.getLifecycle().getPostStart(), cp + ".lifecycle.postStart", errors);
                    validateHandler(c.getLifecycle().getPreStop(), cp + ".lifecycle.preStop", errors);
                }
                validateProbe(c.getLivenessProbe(), cp + ".livenessProbe", true, errors);
                validateProbe(c.getReadinessProbe(), cp + ".readinessProbe", false, errors);
                validateProbe(c.getStartupProbe(), cp + ".startupProbe", true, errors);
                if (c.getRestartPolicy() != null) {
                    errors.add(FieldError.forbidden(cp + ".restartPolicy", "may not be set for non-init containers"));
                }
            }
        }
        List<Container> inits = spec.getInitContainers() == null ? List.of() : spec.getInitContainers();
        Set<String> allNames = new HashSet<>();
        containers.forEach(c -> allNames.add(nz(c.getName())));
        for (int i = 0; i < inits.size(); i++) {
            Container c = inits.get(i);
            String cp = idx(path + ".initContainers", i);
            validateContainerCommon(c, volumes, cp, errors);
            boolean restartAlways = "Always".equals(c.getRestartPolicy());
            if (c.getRestartPolicy() != null && !restartAlways) {
                errors.add(FieldError.notSupported(cp + ".restartPolicy", c.getRestartPolicy(), List.of("Always")));
            }
            if (allNames.contains(nz(c.getName()))) {
                errors.add(FieldError.duplicate(cp + ".name", nz(c.getName())));
            } else if (!nz(c.getName()).isEmpty()) {
                allNames.add(c.getName());
            }
            if (restartAlways) {
                validateProbe(c.getLivenessProbe(), cp + ".livenessProbe", true, errors);
                validateProbe(c.getReadinessProbe(), cp + ".readinessProbe", false, errors);
                validateProbe(c.getStartupProbe(), cp + ".startupProbe", true, errors);
            } else {
                String why = "may not be set for init containers without restartPolicy=Always";
                if (c.getLifecycle() != null) {
                    errors.add(FieldError.forbidden(cp + ".lifecycle", why));
                }
                if (c.getLivenessProbe() != null) {
                    errors.add(FieldError.forbidden(cp + ".livenessProbe", why));
                }
                if (c.getReadinessProbe() != null) {
                    errors.add(FieldError.forbidden(cp + ".readinessProbe", why));
                }
                if (c.getStartupProbe() != null) {
                    errors.add(FieldError.forbidden(cp + ".startupProbe", why));
                }
            }
        }
        String rp = spec.getRestartPolicy() == null ? "" : spec.getRestartPolicy();
        if (rp.isEmpty()) {
            errors.add(FieldError.required(path + ".restartPolicy", ""));
        } else if (!RESTART_POLICIES.contains(rp)) {
            errors.add(FieldError.notSupported(path + ".restartPolicy", rp, RESTART_POLICIES));
        }
        String dns = spec.getDnsPolicy() == null ? "" : spec.getDnsPolicy();
        if (dns.isEmpty()) {
            errors.add(FieldError.required(path + ".dnsPolicy", ""));
        } else if (!DNS_POLICIES.contains(dns)) {
            errors.add(FieldError.notSupported(path + ".dnsPolicy", dns, DNS_POLICIES));
        }
        Validation.validateLabels(spec.getNodeSelector(), path + ".nodeSelector", errors);
        if (spec.getServiceAccountName() != null && !spec.getServiceAccountName().isEmpty()) {
            for (String m : Validation.dns1123SubdomainErrors(spec.getServiceAccountName())) {
                errors.add(FieldError.invalid(path + ".serviceAccountName", spec.getServiceAccountName(), m));
            }
        }
        if (spec.getNodeName() != null && !spec.getNodeName().isEmpty()) {
            for (String m : Validation.dns1123SubdomainErrors(spec.getNodeName())) {
                errors.add(FieldError.invalid(path + ".nodeName", spec.getNodeName(), m));
            }
        }
        if (spec.getActiveDeadlineSeconds() != null
                && (spec.getActiveDeadlineSeconds() < 1 || spec.getActiveDeadlineSeconds() > Integer.MAX_VALUE)) {
            errors.add(FieldError.invalid(path + ".activeDeadlineSeconds", spec.getActiveDeadlineSeconds(),
                    Validation.inclusiveRangeError(1, Integer.MAX_VALUE)));
        }
        for (String f : new String[] {"hostname", "subdomain"}) {
            String v = f.equals("hostname") ? spec.getHostname() : spec.getSubdomain();
            if (v != null && !v.isEmpty()) {
                for (String m : Validation.dns1123LabelErrors(v)) {
                    errors.add(FieldError.invalid(path + "." + f, v, m));
                }
            }
        }
        validateTolerations(spec.getTolerations(), path + ".tolerations", errors);
        if (spec.getPriorityClassName() != null && !spec.getPriorityClassName().isEmpty()) {
            for (String m : Validation.dns1123SubdomainErrors(spec.getPriorityClassName())) {
                errors.add(FieldError.invalid(path + ".priorityClassName", spec.getPriorityClassName(), m));
            }
        }
        if (isPod) {
            for (String list : new String[] {"containers", "initContainers"}) {
                List<Container> cs = list.equals("containers") ? containers : inits;
                for (int i = 0; i < cs.size(); i++) {
                    String image = cs.get(i).getImage();
                    if (image != null && !image.equals(image.strip())) {
                        errors.add(FieldError.invalid(idx(path + "." + list, i) + ".image", image,
                                "must not have leading or trailing whitespace"));
                    }
                }
            }
        }
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    /**
     * {@code ValidateVolumes}: names are unique DNS-1123 labels and each volume has exactly one source.
     *
     * @return the names of the valid volumes, which mounts may refer to
     */
    private static Set<String> validateVolumes(List<Volume> volumes, String path, List<FieldError> errors) {
        Set<String> valid = new HashSet<>();
        if (volumes == null) {
            return valid;
        }
        for (int i = 0; i < volumes.size(); i++) {
            Volume v = volumes.get(i);
            String vp = idx(path, i);
            List<FieldError> el = new ArrayList<>();
            validateVolumeSource(v, vp, el);
            String name = nz(v.getName());
            if (name.isEmpty()) {
                el.add(FieldError.required(vp + ".name", ""));
            } else {
                for (String m : Validation.dns1123LabelErrors(name)) {
                    el.add(FieldError.invalid(vp + ".name", name, m));
                }
            }
            if (valid.contains(name)) {
                el.add(FieldError.duplicate(vp + ".name", name));
            }
            if (el.isEmpty()) {
                valid.add(name);
            } else {
                errors.addAll(el);
            }
        }
        return valid;
    }

    private static void validateVolumeSource(Volume v, String path, List<FieldError> errors) {
        // The sources a workshop uses get their own checks; others only count towards "one source".
        Map<String, Object> sources = new java.util.LinkedHashMap<>();
        sources.put("emptyDir", v.getEmptyDir());
        sources.put("hostPath", v.getHostPath());
        sources.put("gitRepo", v.getGitRepo());
        sources.put("gcePersistentDisk", v.getGcePersistentDisk());
        sources.put("awsElasticBlockStore", v.getAwsElasticBlockStore());
        sources.put("secret", v.getSecret());
        sources.put("nfs", v.getNfs());
        sources.put("iscsi", v.getIscsi());
        sources.put("glusterfs", v.getGlusterfs());
        sources.put("persistentVolumeClaim", v.getPersistentVolumeClaim());
        sources.put("rbd", v.getRbd());
        sources.put("flexVolume", v.getFlexVolume());
        sources.put("cinder", v.getCinder());
        sources.put("cephFS", v.getCephfs());
        sources.put("flocker", v.getFlocker());
        sources.put("downwardAPI", v.getDownwardAPI());
        sources.put("fc", v.getFc());
        sources.put("azureFile", v.getAzureFile());
        sources.put("configMap", v.getConfigMap());
        sources.put("vsphereVolume", v.getVsphereVolume());
        sources.put("quobyte", v.getQuobyte());
        sources.put("azureDisk", v.getAzureDisk());
        sources.put("photonPersistentDisk", v.getPhotonPersistentDisk());
        sources.put("projected", v.getProjected());
        sources.put("portworxVolume", v.getPortworxVolume());
        sources.put("scaleIO", v.getScaleIO());
        sources.put("storageos", v.getStorageos());
        sources.put("csi", v.getCsi());
        sources.put("ephemeral", v.getEphemeral());
        sources.put("image", v.getImage());
        int count = 0;
        for (Map.Entry<String, Object> e : sources.entrySet()) {
            if (e.getValue() == null) {
                continue;
            }
            if (count > 0) {
                errors.add(FieldError.forbidden(path + "." + e.getKey(), "may not specify more than 1 volume type"));
                continue;
            }
            count++;
            switch (e.getKey()) {
                case "hostPath" -> {
                    if (nz(v.getHostPath().getPath()).isEmpty()) {
                        errors.add(FieldError.required(path + ".hostPath.path", ""));
                    }
                }
                case "secret" -> {
                    if (nz(v.getSecret().getSecretName()).isEmpty()) {
                        errors.add(FieldError.required(path + ".secret.secretName", ""));
                    }
                }
                case "configMap" -> {
                    if (nz(v.getConfigMap().getName()).isEmpty()) {
                        errors.add(FieldError.required(path + ".configMap.name", ""));
                    }
                    validateKeysToPaths(v.getConfigMap().getItems(), path + ".configMap.items", errors);
                }
                case "persistentVolumeClaim" -> {
                    if (nz(v.getPersistentVolumeClaim().getClaimName()).isEmpty()) {
                        errors.add(FieldError.required(path + ".persistentVolumeClaim.claimName", ""));
                    }
                }
                default -> { }
            }
        }
        if (count == 0) {
            errors.add(FieldError.required(path, "must specify a volume type"));
        }
    }

    /** {@code validateContainerCommon}: name, image, ports, env, mounts, pull policy, resources. */
    private static void validateContainerCommon(Container c, Set<String> volumes, String path, List<FieldError> errors) {
        String name = nz(c.getName());
        if (name.isEmpty()) {
            errors.add(FieldError.required(path + ".name", ""));
        } else {
            for (String m : Validation.dns1123LabelErrors(name)) {
                errors.add(FieldError.invalid(path + ".name", name, m));
            }
        }
        if (nz(c.getImage()).isEmpty()) {
            errors.add(FieldError.required(path + ".image", ""));
        }
        String tmp = nz(c.getTerminationMessagePolicy());
        if (tmp.isEmpty()) {
            errors.add(FieldError.required(path + ".terminationMessagePolicy", ""));
        } else if (!tmp.equals("File") && !tmp.equals("FallbackToLogsOnError")) {
            errors.add(FieldError.notSupported(path + ".terminationMessagePolicy", tmp, List.of("File", "FallbackToLogsOnError")));
        }
        validateContainerPorts(c.getPorts(), path + ".ports", errors);
        validateEnv(c.getEnv(), path + ".env", errors);
        validateVolumeMounts(c.getVolumeMounts(), volumes, path + ".volumeMounts", errors);
        String policy = nz(c.getImagePullPolicy());
        if (policy.isEmpty()) {
            errors.add(FieldError.required(path + ".imagePullPolicy", ""));
        } else if (!PULL_POLICIES.contains(policy)) {
            errors.add(FieldError.notSupported(path + ".imagePullPolicy", policy, PULL_POLICIES));
        }
        validateResources(c.getResources(), path + ".resources", errors);
    }

    private static void validateContainerPorts(List<ContainerPort> ports, String path, List<FieldError> errors) {
        if (ports == null) {
            return;
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < ports.size(); i++) {
            ContainerPort p = ports.get(i);
            String pp = idx(path, i);
            String name = nz(p.getName());
            if (!name.isEmpty()) {
                List<String> msgs = Validation.portNameErrors(name);
                if (!msgs.isEmpty()) {
                    for (String m : msgs) {
                        errors.add(FieldError.invalid(pp + ".name", name, m));
                    }
                } else if (!names.add(name)) {
                    errors.add(FieldError.duplicate(pp + ".name", name));
                }
            }
            int cport = p.getContainerPort() == null ? 0 : p.getContainerPort();
            if (cport == 0) {
                errors.add(FieldError.required(pp + ".containerPort", ""));
            } else {
                for (String m : Validation.portNumErrors(cport)) {
                    errors.add(FieldError.invalid(pp + ".containerPort", cport, m));
                }
            }
            if (p.getHostPort() != null && p.getHostPort() != 0) {
                for (String m : Validation.portNumErrors(p.getHostPort())) {
                    errors.add(FieldError.invalid(pp + ".hostPort", p.getHostPort(), m));
                }
            }
            String proto = nz(p.getProtocol());
            if (proto.isEmpty()) {
                errors.add(FieldError.required(pp + ".protocol", ""));
            } else if (!PROTOCOLS.contains(proto)) {
                errors.add(FieldError.notSupported(pp + ".protocol", proto, PROTOCOLS));
            }
        }
    }

    private static void validateEnv(List<EnvVar> env, String path, List<FieldError> errors) {
        if (env == null) {
            return;
        }
        for (int i = 0; i < env.size(); i++) {
            EnvVar ev = env.get(i);
            String ep = idx(path, i);
            String name = nz(ev.getName());
            if (name.isEmpty()) {
                errors.add(FieldError.required(ep + ".name", ""));
            } else {
                for (String m : Validation.envVarNameErrors(name)) {
                    errors.add(FieldError.invalid(ep + ".name", name, m));
                }
            }
            validateEnvValueFrom(ev, ep + ".valueFrom", errors);
        }
    }

    private static void validateEnvValueFrom(EnvVar ev, String path, List<FieldError> errors) {
        EnvVarSource from = ev.getValueFrom();
        if (from == null) {
            return;
        }
        int sources = 0;
        if (from.getFieldRef() != null) {
            sources++;
            String apiVersion = nz(from.getFieldRef().getApiVersion());
            String fieldPath = nz(from.getFieldRef().getFieldPath());
            if (apiVersion.isEmpty()) {
                errors.add(FieldError.required(path + ".fieldRef.apiVersion", ""));
            } else if (fieldPath.isEmpty()) {
                errors.add(FieldError.required(path + ".fieldRef.fieldPath", ""));
            } else if (!fieldPath.startsWith("metadata.labels[") && !fieldPath.startsWith("metadata.annotations[")
                    && !ENV_FIELD_PATHS.contains(fieldPath)) {
                errors.add(FieldError.notSupported(path + ".fieldRef.fieldPath", fieldPath, ENV_FIELD_PATHS));
            }
        }
        if (from.getResourceFieldRef() != null) {
            sources++;
        }
        if (from.getConfigMapKeyRef() != null) {
            sources++;
            keySelector(from.getConfigMapKeyRef().getName(), from.getConfigMapKeyRef().getKey(), path + ".configMapKeyRef", errors);
        }
        if (from.getSecretKeyRef() != null) {
            sources++;
            keySelector(from.getSecretKeyRef().getName(), from.getSecretKeyRef().getKey(), path + ".secretKeyRef", errors);
        }
        if (sources == 0) {
            errors.add(FieldError.invalid(path, "",
                    "must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`"));
        } else if (ev.getValue() != null && !ev.getValue().isEmpty()) {
            errors.add(FieldError.invalid(path, "", "may not be specified when `value` is not empty"));
        } else if (sources > 1) {
            errors.add(FieldError.invalid(path, "", "may not have more than one field specified at a time"));
        }
    }

    private static void keySelector(String name, String key, String path, List<FieldError> errors) {
        for (String m : Validation.dns1123SubdomainErrors(nz(name))) {
            errors.add(FieldError.invalid(path + ".name", nz(name), m));
        }
        if (nz(key).isEmpty()) {
            errors.add(FieldError.required(path + ".key", ""));
        } else {
            for (String m : Validation.configMapKeyErrors(key)) {
                errors.add(FieldError.invalid(path + ".key", key, m));
            }
        }
    }

    /**
     * {@code validateKeyToPath} for a configMap volume's {@code items}: a key and a path each, the
     * path relative, without a {@code ..} element and not starting with {@code ..}
     * ({@code validateLocalNonReservedPath}), since the kubelet writes the file there.
     */
    private static void validateKeysToPaths(List<io.fabric8.kubernetes.api.model.KeyToPath> items, String path,
                                            List<FieldError> errors) {
        if (items == null) {
            return;
        }
        for (int i = 0; i < items.size(); i++) {
            var item = items.get(i);
            String ip = idx(path, i);
            if (nz(item.getKey()).isEmpty()) {
                errors.add(FieldError.required(ip + ".key", ""));
            }
            String target = nz(item.getPath());
            if (target.isEmpty()) {
                errors.add(FieldError.required(ip + ".path", ""));
            }
            validateLocalDescendingPath(target, ip + ".path", errors);
            // Upstream leaves "../x" to the check above and reports "..x" here.
            if (target.startsWith("..") && !target.startsWith("../")) {
                errors.add(FieldError.invalid(ip + ".path", target, "must not start with '..'"));
            }
        }
    }

    /** {@code ValidateVolumeMounts}: a mount must name a (valid) volume of the pod and have a unique path. */
    private static void validateVolumeMounts(List<VolumeMount> mounts, Set<String> volumes, String path, List<FieldError> errors) {
        if (mounts == null) {
            return;
        }
        Set<String> mountPoints = new HashSet<>();
        for (int i = 0; i < mounts.size(); i++) {
            VolumeMount m = mounts.get(i);
            String mp = idx(path, i);
            String name = nz(m.getName());
            if (name.isEmpty()) {
                errors.add(FieldError.required(mp + ".name", ""));
            }
            if (!volumes.contains(name)) {
                errors.add(FieldError.notFound(mp + ".name", name));
            }
            String mountPath = nz(m.getMountPath());
            if (mountPath.isEmpty()) {
                errors.add(FieldError.required(mp + ".mountPath", ""));
            }
            if (!mountPoints.add(mountPath)) {
                errors.add(FieldError.invalid(mp + ".mountPath", mountPath, "must be unique"));
            }
            String sub = nz(m.getSubPath());
            if (!sub.isEmpty()) {
                // reported on the list's path, as upstream does
                validateLocalDescendingPath(sub, path + ".subPath", errors);
            }
        }
    }

    /** {@code validateLocalDescendingPath}: a relative path with no {@code ..} element (one error for {@code ../..}). */
    private static void validateLocalDescendingPath(String target, String field, List<FieldError> errors) {
        if (target.startsWith("/")) {
            errors.add(FieldError.invalid(field, target, "must be a relative path"));
        }
        for (String part : target.split("/")) {
            if (part.equals("..")) {
                errors.add(FieldError.invalid(field, target, "must not contain '..'"));
                break;
            }
        }
    }

    /**
     * {@code ValidateContainerResourceRequirements}: standard names, non-negative quantities, and
     * requests at most the limits. Go iterates maps in random order; we sort by resource name.
     */
    private static void validateResources(ResourceRequirements res, String path, List<FieldError> errors) {
        if (res == null) {
            return;
        }
        Map<String, Quantity> limits = res.getLimits() == null ? Map.of() : new TreeMap<>(res.getLimits());
        Map<String, Quantity> requests = res.getRequests() == null ? Map.of() : new TreeMap<>(res.getRequests());
        for (Map.Entry<String, Quantity> e : limits.entrySet()) {
            if (!validResource(e.getKey(), e.getValue())) {
                String rp = path + ".limits[" + e.getKey() + "]";
                validateResourceName(e.getKey(), rp, errors);
                validateQuantityValue(e.getValue(), rp, errors);
            }
        }
        for (Map.Entry<String, Quantity> e : requests.entrySet()) {
            if (!validResource(e.getKey(), e.getValue())) {
                String rp = path + ".requests[" + e.getKey() + "]";
                validateResourceName(e.getKey(), rp, errors);
                validateQuantityValue(e.getValue(), rp, errors);
            }
            Quantity limit = limits.get(e.getKey());
            if (limit != null) {
                java.math.BigDecimal req = quantityValue(e.getValue());
                java.math.BigDecimal lim = quantityValue(limit);
                if (req != null && lim != null && req.compareTo(lim) > 0) {
                    errors.add(FieldError.invalid(path + ".requests", canonical(e.getValue()),
                            "must be less than or equal to " + e.getKey() + " limit of " + canonical(limit)));
                }
            }
        }
    }

    private static final Set<String> STANDARD_CONTAINER_RESOURCES = Set.of("cpu", "memory", "ephemeral-storage");

    private static void validateResourceName(String name, String path, List<FieldError> errors) {
        for (String m : Validation.qualifiedNameErrors(name)) {
            errors.add(FieldError.invalid(path, name, m));
        }
        if (!name.contains("/")) {
            if (!STANDARD_CONTAINER_RESOURCES.contains(name) && !name.startsWith("hugepages-")) {
                errors.add(FieldError.invalid(path, name, "must be a standard resource for containers"));
            }
        }
    }

    /**
     * The common case, answered without building a field path or parsing the quantity: a standard
     * resource name ({@code cpu}, {@code memory}, {@code ephemeral-storage}) with an amount that
     * does not start with {@code -} — such a quantity is either not negative or does not parse, and
     * neither gives an error here. Every pod of a Deployment has two requests; both take this path.
     */
    private static boolean validResource(String name, Quantity q) {
        String amount = q == null ? null : q.getAmount();
        return STANDARD_CONTAINER_RESOURCES.contains(name) && amount != null && !amount.isEmpty()
                && amount.charAt(0) != '-';
    }

    private static void validateQuantityValue(Quantity q, String path, List<FieldError> errors) {
        java.math.BigDecimal v = quantityValue(q);
        if (v != null && v.signum() < 0) {
            errors.add(FieldError.invalid(path, canonical(q), Validation.IS_NEGATIVE));
        }
    }

    private static java.math.BigDecimal quantityValue(Quantity q) {
        try {
            return Validation.parseQuantity(q.toString()).value();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String canonical(Quantity q) {
        try {
            return Validation.canonicalQuantity(q.toString());
        } catch (IllegalArgumentException e) {
            return q.toString();
        }
    }

    /** {@code validateProbe}: one handler, non-negative numbers; liveness and startup need successThreshold 1. */
    private static void validateProbe(Probe probe, String path, boolean successMustBeOne, List<FieldError> errors) {
        if (probe == null) {
            return;
        }
        List<Object[]> handlers = new ArrayList<>();
        handlers.add(new Object[] {"exec", probe.getExec()});
        handlers.add(new Object[] {"httpGet", probe.getHttpGet()});
        handlers.add(new Object[] {"tcpSocket", probe.getTcpSocket() == null ? null : probe.getTcpSocket().getPort()});
        handlers.add(new Object[] {"grpc", probe.getGrpc() == null ? null : probe.getGrpc().getPort()});
        validateHandlers(handlers, probe.getTcpSocket() != null, probe.getGrpc() != null, path, errors);
        nonNegative(probe.getInitialDelaySeconds(), path + ".initialDelaySeconds", errors);
        nonNegative(probe.getTimeoutSeconds(), path + ".timeoutSeconds", errors);
        nonNegative(probe.getPeriodSeconds(), path + ".periodSeconds", errors);
        nonNegative(probe.getSuccessThreshold(), path + ".successThreshold", errors);
        nonNegative(probe.getFailureThreshold(), path + ".failureThreshold", errors);
        if (probe.getTerminationGracePeriodSeconds() != null && probe.getTerminationGracePeriodSeconds() <= 0) {
            errors.add(FieldError.invalid(path + ".terminationGracePeriodSeconds", probe.getTerminationGracePeriodSeconds(),
                    "must be greater than 0"));
        }
        if (successMustBeOne && probe.getSuccessThreshold() != null && probe.getSuccessThreshold() != 1) {
            errors.add(FieldError.invalid(path + ".successThreshold", probe.getSuccessThreshold(), "must be 1"));
        }
        if (!successMustBeOne && probe.getTerminationGracePeriodSeconds() != null) {
            errors.add(FieldError.invalid(path + ".terminationGracePeriodSeconds", probe.getTerminationGracePeriodSeconds(),
                    "must not be set for readinessProbes"));
        }
    }

    private static void validateHandler(LifecycleHandler h, String path, List<FieldError> errors) {
        if (h == null) {
            return;
        }
        List<Object[]> handlers = new ArrayList<>();
        handlers.add(new Object[] {"exec", h.getExec()});
        handlers.add(new Object[] {"httpGet", h.getHttpGet()});
        handlers.add(new Object[] {"tcpSocket", h.getTcpSocket() == null ? null : h.getTcpSocket().getPort()});
        handlers.add(new Object[] {"sleep", h.getSleep()});
        validateHandlers(handlers, h.getTcpSocket() != null, false, path, errors);
    }

    private static void validateHandlers(List<Object[]> handlers, boolean tcpSet, boolean grpcSet, String path,
                                         List<FieldError> errors) {
        int count = 0;
        for (Object[] h : handlers) {
            String name = (String) h[0];
            boolean set = h[1] != null || (name.equals("tcpSocket") && tcpSet) || (name.equals("grpc") && grpcSet);
            if (!set) {
                continue;
            }
            if (count > 0) {
                errors.add(FieldError.forbidden(path + "." + name, "may not specify more than 1 handler type"));
                continue;
            }
            count++;
            switch (name) {
                case "exec" -> {
                    ExecAction exec = (ExecAction) h[1];
                    if (exec.getCommand() == null || exec.getCommand().isEmpty()) {
                        errors.add(FieldError.required(path + ".exec.command", ""));
                    }
                }
                case "httpGet" -> {
                    HTTPGetAction http = (HTTPGetAction) h[1];
                    if (nz(http.getPath()).isEmpty()) {
                        errors.add(FieldError.required(path + ".httpGet.path", ""));
                    }
                    portNumOrName(http.getPort(), path + ".httpGet.port", errors);
                    String scheme = nz(http.getScheme());
                    if (!scheme.equals("HTTP") && !scheme.equals("HTTPS")) {
                        errors.add(FieldError.notSupported(path + ".httpGet.scheme", scheme, List.of("HTTP", "HTTPS")));
                    }
                    if (http.getHttpHeaders() != null) {
                        for (HTTPHeader header : http.getHttpHeaders()) {
                            for (String m : Validation.httpHeaderNameErrors(nz(header.getName()))) {
                                errors.add(FieldError.invalid(path + ".httpGet.httpHeaders", nz(header.getName()), m));
                            }
                        }
                    }
                }
                case "tcpSocket" -> portNumOrName((IntOrString) h[1], path + ".tcpSocket.port", errors);
                case "grpc" -> portNumOrName(new IntOrString(h[1] == null ? 0 : (Integer) h[1]), path + ".grpc.port", errors);
                default -> { }
            }
        }
        if (count == 0) {
            errors.add(FieldError.required(path, "must specify a handler type"));
        }
    }

    /** {@code ValidatePortNumOrName}: a number in 1–65535 or an IANA service name. */
    static void portNumOrName(IntOrString port, String path, List<FieldError> errors) {
        if (port == null || port.getStrVal() == null) {
            int n = port == null || port.getIntVal() == null ? 0 : port.getIntVal();
            for (String m : Validation.portNumErrors(n)) {
                errors.add(FieldError.invalid(path, n, m));
            }
        } else {
            for (String m : Validation.portNameErrors(port.getStrVal())) {
                errors.add(FieldError.invalid(path, port.getStrVal(), m));
            }
        }
    }

    private static void validateTolerations(List<Toleration> tolerations, String path, List<FieldError> errors) {
        if (tolerations == null) {
            return;
        }
        for (int i = 0; i < tolerations.size(); i++) {
            Toleration t = tolerations.get(i);
            String tp = idx(path, i);
            String key = nz(t.getKey());
            String op = nz(t.getOperator());
            String effect = nz(t.getEffect());
            if (!key.isEmpty()) {
                for (String m : Validation.qualifiedNameErrors(key)) {
                    errors.add(FieldError.invalid(tp + ".key", key, m));
                }
            }
            if (key.isEmpty() && !op.equals("Exists")) {
                errors.add(FieldError.invalid(tp + ".operator", op,
                        "operator must be Exists when `key` is empty, which means \"match all values and all keys\""));
            }
            if (t.getTolerationSeconds() != null && !effect.equals("NoExecute")) {
                errors.add(FieldError.invalid(tp + ".effect", effect, "effect must be 'NoExecute' when `tolerationSeconds` is set"));
            }
            switch (op) {
                case "Equal", "" -> {
                    List<String> msgs = Validation.labelValueErrors(nz(t.getValue()));
                    if (!msgs.isEmpty()) {
                        errors.add(FieldError.invalid(tp + ".operator", nz(t.getValue()), String.join(";", msgs)));
                    }
                }
                case "Exists" -> {
                    if (!nz(t.getValue()).isEmpty()) {
                        errors.add(FieldError.invalid(tp + ".operator", t.getValue(), "value must be empty when `operator` is 'Exists'"));
                    }
                }
                default -> errors.add(FieldError.notSupported(tp + ".operator", op, List.of("Equal", "Exists")));
            }
            if (!effect.isEmpty() && !List.of("NoSchedule", "PreferNoSchedule", "NoExecute").contains(effect)) {
                errors.add(FieldError.notSupported(tp + ".effect", effect, List.of("NoSchedule", "PreferNoSchedule", "NoExecute")));
            }
        }
    }

    /**
     * {@code ValidatePodUpdate}: containers may not be added or removed; apart from images, the
     * deadline and new tolerations the spec may not change. Upstream appends a {@code cmp.Diff} of
     * the Go structs; we print the changed fields of the JSON form in the same {@code -}/{@code +}
     * style (the exact Go diff cannot be reproduced).
     */
    private static void validatePodUpdate(PodSpec now, PodSpec old, List<FieldError> errors) {
        if (now == null || old == null) {
            return;
        }
        int nc = now.getContainers() == null ? 0 : now.getContainers().size();
        int oc = old.getContainers() == null ? 0 : old.getContainers().size();
        if (nc != oc) {
            errors.add(FieldError.forbidden("spec.containers", "pod updates may not add or remove containers"));
            return;
        }
        int ni = now.getInitContainers() == null ? 0 : now.getInitContainers().size();
        int oi = old.getInitContainers() == null ? 0 : old.getInitContainers().size();
        if (ni != oi) {
            errors.add(FieldError.forbidden("spec.initContainers", "pod updates may not add or remove containers"));
            return;
        }
        if (now.getActiveDeadlineSeconds() != null) {
            long v = now.getActiveDeadlineSeconds();
            if (v < 0 || v > Integer.MAX_VALUE) {
                errors.add(FieldError.invalid("spec.activeDeadlineSeconds", v, Validation.inclusiveRangeError(0, Integer.MAX_VALUE)));
                return;
            }
            if (old.getActiveDeadlineSeconds() != null && old.getActiveDeadlineSeconds() < v) {
                errors.add(FieldError.invalid("spec.activeDeadlineSeconds", v, "must be less than or equal to previous value"));
                return;
            }
        } else if (old.getActiveDeadlineSeconds() != null) {
            errors.add(FieldError.invalid("spec.activeDeadlineSeconds", null, "must not update from a positive integer to nil value"));
        }
        if (old.getTolerations() != null) {
            for (Toleration t : old.getTolerations()) {
                boolean found = now.getTolerations() != null && now.getTolerations().stream().anyMatch(n ->
                        Objects.equals(n.getKey(), t.getKey()) && Objects.equals(n.getOperator(), t.getOperator())
                                && Objects.equals(n.getValue(), t.getValue()) && Objects.equals(n.getEffect(), t.getEffect()));
                if (!found) {
                    errors.add(FieldError.forbidden("spec.tolerations", "existing toleration can not be modified except its tolerationSeconds"));
                    break;
                }
            }
        }
        PodSpec munged = Kube.copy(now);
        for (int i = 0; i < nc; i++) {
            munged.getContainers().get(i).setImage(old.getContainers().get(i).getImage());
        }
        for (int i = 0; i < ni; i++) {
            munged.getInitContainers().get(i).setImage(old.getInitContainers().get(i).getImage());
        }
        munged.setActiveDeadlineSeconds(old.getActiveDeadlineSeconds());
        munged.setTolerations(old.getTolerations());
        munged.setSchedulingGates(old.getSchedulingGates());
        JsonNode a = Kube.tree(old);
        JsonNode b = Kube.tree(munged);
        if (!a.equals(b)) {
            StringBuilder diff = new StringBuilder("  core.PodSpec{\n");
            diffTrees("", a, b, diff);
            diff.append("  }\n");
            errors.add(FieldError.forbidden("spec", "pod updates may not change fields other than "
                    + "`spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,"
                    + "`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` "
                    + "(allow it to be set to 1 if it was previously negative)\n" + diff));
        }
    }

    private static void diffTrees(String path, JsonNode a, JsonNode b, StringBuilder out) {
        if (a != null && b != null && a.isObject() && b.isObject()) {
            Set<String> keys = new java.util.TreeSet<>();
            a.fieldNames().forEachRemaining(keys::add);
            b.fieldNames().forEachRemaining(keys::add);
            for (String k : keys) {
                diffTrees(path.isEmpty() ? k : path + "." + k, a.get(k), b.get(k), out);
            }
        } else if (a != null && b != null && a.isArray() && b.isArray() && a.size() == b.size()) {
            for (int i = 0; i < a.size(); i++) {
                diffTrees(path + "[" + i + "]", a.get(i), b.get(i), out);
            }
        } else if (!Objects.equals(a, b)) {
            if (a != null) {
                out.append("- \t").append(path).append(": ").append(a).append(",\n");
            }
            if (b != null) {
                out.append("+ \t").append(path).append(": ").append(b).append(",\n");
            }
        }
    }

    // ---- services --------------------------------------------------------------------------

    /** {@code ValidateService}, in upstream order. */
    static void validateService(ServiceSpec spec, List<FieldError> errors) {
        if (spec == null) {
            spec = new ServiceSpec();
        }
        String type = nz(spec.getType());
        List<ServicePort> ports = spec.getPorts() == null ? List.of() : spec.getPorts();
        boolean headless = spec.getClusterIPs() != null && spec.getClusterIPs().size() == 1
                && "None".equals(spec.getClusterIPs().get(0));
        if (ports.isEmpty() && !headless && !type.equals("ExternalName")) {
            errors.add(FieldError.required("spec.ports", ""));
        }
        switch (type) {
            case "LoadBalancer", "NodePort" -> {
                if (headless) {
                    errors.add(FieldError.invalid("spec.clusterIPs[0]", "None", "may not be set to 'None' for "
                            + type + " services"));
                }
            }
            case "ExternalName" -> {
                if (spec.getClusterIPs() != null && !spec.getClusterIPs().isEmpty()) {
                    errors.add(FieldError.forbidden("spec.clusterIPs", "may not be set for ExternalName services"));
                }
                if (spec.getIpFamilies() != null && !spec.getIpFamilies().isEmpty()) {
                    errors.add(FieldError.forbidden("spec.ipFamilies", "may not be set for ExternalName services"));
                }
                if (spec.getIpFamilyPolicy() != null) {
                    errors.add(FieldError.forbidden("spec.ipFamilyPolicy", "may not be set for ExternalName services"));
                }
                String cname = nz(spec.getExternalName());
                if (cname.endsWith(".")) {
                    cname = cname.substring(0, cname.length() - 1);
                }
                if (cname.isEmpty()) {
                    errors.add(FieldError.required("spec.externalName", ""));
                } else {
                    for (String m : Validation.dns1123SubdomainErrors(cname)) {
                        errors.add(FieldError.invalid("spec.externalName", cname, m));
                    }
                }
            }
            default -> { }
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < ports.size(); i++) {
            validateServicePort(ports.get(i), ports.size() > 1, names, idx("spec.ports", i), errors);
        }
        if (spec.getSelector() != null) {
            Validation.validateLabels(spec.getSelector(), "spec.selector", errors);
        }
        String aff = nz(spec.getSessionAffinity());
        if (aff.isEmpty()) {
            errors.add(FieldError.required("spec.sessionAffinity", ""));
        } else if (!aff.equals("ClientIP") && !aff.equals("None")) {
            errors.add(FieldError.notSupported("spec.sessionAffinity", aff, List.of("ClientIP", "None")));
        }
        if (!type.equals("ExternalName")) {
            validateClusterIPs(spec, errors);
        }
        if (spec.getExternalIPs() != null) {
            for (int i = 0; i < spec.getExternalIPs().size(); i++) {
                String ip = spec.getExternalIPs().get(i);
                if (!Validation.isValidIp(ip)) {
                    errors.add(FieldError.invalid(idx("spec.externalIPs", i), ip, Validation.INVALID_IP));
                }
            }
        }
        if (type.isEmpty()) {
            errors.add(FieldError.required("spec.type", ""));
        } else if (!SERVICE_TYPES.contains(type)) {
            errors.add(FieldError.notSupported("spec.type", type, SERVICE_TYPES));
        }
        if (type.equals("ClusterIP")) {
            for (int i = 0; i < ports.size(); i++) {
                Integer np = ports.get(i).getNodePort();
                if (np != null && np != 0) {
                    errors.add(FieldError.forbidden(idx("spec.ports", i) + ".nodePort", "may not be used when `type` is 'ClusterIP'"));
                }
            }
        }
        Set<String> nodePorts = new HashSet<>();
        for (int i = 0; i < ports.size(); i++) {
            ServicePort p = ports.get(i);
            if (p.getNodePort() == null || p.getNodePort() == 0) {
                continue;
            }
            if (!nodePorts.add(p.getProtocol() + "/" + p.getNodePort())) {
                errors.add(FieldError.duplicate(idx("spec.ports", i) + ".nodePort", p.getNodePort()));
            }
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < ports.size(); i++) {
            ServicePort p = ports.get(i);
            int port = p.getPort() == null ? 0 : p.getPort();
            if (!seen.add(nz(p.getProtocol()) + "/" + port)) {
                errors.add(FieldError.duplicate(idx("spec.ports", i), new FieldError.Go("core.ServicePort{Name:\"\", Protocol:"
                        + FieldError.quote(nz(p.getProtocol())) + ", AppProtocol:(*string)(nil), Port:" + port
                        + ", TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:\"\"}, NodePort:0}")));
            }
        }
        boolean external = type.equals("NodePort") || type.equals("LoadBalancer")
                || (spec.getExternalIPs() != null && !spec.getExternalIPs().isEmpty());
        String etp = nz(spec.getExternalTrafficPolicy());
        if (!external) {
            if (!etp.isEmpty()) {
                errors.add(FieldError.invalid("spec.externalTrafficPolicy", etp, "may only be set for externally-accessible services"));
            }
        } else if (etp.isEmpty()) {
            errors.add(FieldError.required("spec.externalTrafficPolicy", ""));
        } else if (!etp.equals("Cluster") && !etp.equals("Local")) {
            errors.add(FieldError.notSupported("spec.externalTrafficPolicy", etp, List.of("Cluster", "Local")));
        }
        String itp = spec.getInternalTrafficPolicy();
        if (itp == null) {
            if (type.equals("NodePort") || type.equals("LoadBalancer") || type.equals("ClusterIP")) {
                errors.add(FieldError.required("spec.internalTrafficPolicy", ""));
            }
        } else if (!itp.equals("Cluster") && !itp.equals("Local")) {
            errors.add(FieldError.notSupported("spec.internalTrafficPolicy", itp, List.of("Cluster", "Local")));
        }
    }

    private static void validateServicePort(ServicePort p, boolean requireName, Set<String> names, String path,
                                            List<FieldError> errors) {
        String name = nz(p.getName());
        if (requireName && name.isEmpty()) {
            errors.add(FieldError.required(path + ".name", ""));
        } else if (!name.isEmpty()) {
            for (String m : Validation.dns1123LabelErrors(name)) {
                errors.add(FieldError.invalid(path + ".name", name, m));
            }
            if (!names.add(name)) {
                errors.add(FieldError.duplicate(path + ".name", name));
            }
        }
        int port = p.getPort() == null ? 0 : p.getPort();
        for (String m : Validation.portNumErrors(port)) {
            errors.add(FieldError.invalid(path + ".port", port, m));
        }
        String proto = nz(p.getProtocol());
        if (proto.isEmpty()) {
            errors.add(FieldError.required(path + ".protocol", ""));
        } else if (!PROTOCOLS.contains(proto)) {
            errors.add(FieldError.notSupported(path + ".protocol", proto, PROTOCOLS));
        }
        portNumOrName(p.getTargetPort(), path + ".targetPort", errors);
        if (p.getAppProtocol() != null) {
            for (String m : Validation.qualifiedNameErrors(p.getAppProtocol())) {
                errors.add(FieldError.invalid(path + ".appProtocol", p.getAppProtocol(), m));
            }
        }
    }

    /** {@code ValidateServiceClusterIPsRelatedFields}: clusterIP and clusterIPs agree and are IPs (or "None"). */
    private static void validateClusterIPs(ServiceSpec spec, List<FieldError> errors) {
        String ip = nz(spec.getClusterIP());
        List<String> ips = spec.getClusterIPs() == null ? List.of() : spec.getClusterIPs();
        if (!ip.isEmpty()) {
            if (ips.isEmpty()) {
                errors.add(FieldError.required("spec.clusterIPs", ""));
            } else if (!ips.get(0).equals(ip)) {
                errors.add(FieldError.invalid("spec.clusterIPs", new FieldError.Go(FieldError.stringSlice(ips)),
                        "first value must match `clusterIP`"));
            }
        } else if (!ips.isEmpty()) {
            errors.add(FieldError.invalid("spec.clusterIPs", new FieldError.Go(FieldError.stringSlice(ips)),
                    "must be empty when `clusterIP` is not specified"));
        }
        if (spec.getIpFamilyPolicy() != null && !List.of("SingleStack", "PreferDualStack", "RequireDualStack")
                .contains(spec.getIpFamilyPolicy())) {
            errors.add(FieldError.notSupported("spec.ipFamilyPolicy", spec.getIpFamilyPolicy(),
                    List.of("PreferDualStack", "RequireDualStack", "SingleStack")));
        }
        for (int i = 0; i < ips.size(); i++) {
            if (i == 0 && "None".equals(ips.get(0))) {
                continue;
            }
            if (!Validation.isValidIp(ips.get(i))) {
                errors.add(FieldError.invalid(idx("spec.clusterIPs", i), ips.get(i), Validation.INVALID_IP));
            }
        }
    }

    /** {@code validateUpgradeDowngradeClusterIPs}: an allocated ClusterIP never changes. */
    private static void validateServiceUpdate(ServiceSpec now, ServiceSpec old, List<FieldError> errors) {
        if (now == null || old == null || "ExternalName".equals(now.getType()) || "ExternalName".equals(old.getType())) {
            return;
        }
        List<String> oldIps = old.getClusterIPs() == null ? List.of() : old.getClusterIPs();
        List<String> newIps = now.getClusterIPs() == null ? List.of() : now.getClusterIPs();
        boolean oldHeadless = oldIps.size() == 1 && "None".equals(oldIps.get(0));
        boolean newHeadless = newIps.size() == 1 && "None".equals(newIps.get(0));
        if (oldHeadless && newHeadless) {
            return;
        }
        if (oldIps.size() == newIps.size()) {
            for (int i = 0; i < oldIps.size(); i++) {
                if (!oldIps.get(i).equals(newIps.get(i))) {
                    errors.add(FieldError.invalid(idx("spec.clusterIPs", i), new FieldError.Go(FieldError.stringSlice(newIps)),
                            "may not change once set"));
                }
            }
        } else if (newIps.isEmpty()) {
            errors.add(FieldError.invalid("spec.clusterIPs[0]", new FieldError.Go("[]string(nil)"), "primary clusterIP can not be unset"));
        } else if (!oldIps.isEmpty() && !oldIps.get(0).equals(newIps.get(0))) {
            errors.add(FieldError.invalid("spec.clusterIPs[0]", new FieldError.Go(FieldError.stringSlice(newIps)),
                    "may not change once set"));
        }
    }

    // ---- config maps -----------------------------------------------------------------------

    private static void validateConfigMap(ConfigMap cm, List<FieldError> errors) {
        long total = 0;
        Map<String, String> data = cm.getData() == null ? Map.of() : new TreeMap<>(cm.getData());
        Map<String, String> binary = cm.getBinaryData() == null ? Map.of() : new TreeMap<>(cm.getBinaryData());
        for (Map.Entry<String, String> e : data.entrySet()) {
            for (String m : Validation.configMapKeyErrors(e.getKey())) {
                errors.add(FieldError.invalid("data[" + e.getKey() + "]", e.getKey(), m));
            }
            if (binary.containsKey(e.getKey())) {
                errors.add(FieldError.invalid("data[" + e.getKey() + "]", e.getKey(), "duplicate of key present in binaryData"));
            }
            total += e.getValue() == null ? 0 : e.getValue().length();
        }
        for (Map.Entry<String, String> e : binary.entrySet()) {
            for (String m : Validation.configMapKeyErrors(e.getKey())) {
                errors.add(FieldError.invalid("binaryData[" + e.getKey() + "]", e.getKey(), m));
            }
            total += e.getValue() == null ? 0 : e.getValue().length();
        }
        if (total > 1024 * 1024) {
            errors.add(FieldError.tooLong("", 1024 * 1024));
        }
    }
}
