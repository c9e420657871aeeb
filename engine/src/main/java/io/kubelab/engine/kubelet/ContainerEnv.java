package io.kubelab.engine.kubelet;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.kubelab.engine.model.Compactor;
import io.kubelab.engine.model.ResourceTypes;
import io.kubelab.engine.store.Store;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A container's environment as the kubelet builds it ({@code makeEnvironmentVariables}): the
 * Service links of the pod's namespace (and the {@code kubernetes} Service) unless
 * {@code enableServiceLinks: false}, then {@code envFrom} ConfigMaps, then {@code env} with
 * literal values, {@code $(VAR)} references and the downward API fields. Also expands
 * {@code $(VAR)} in command and args.
 *
 * <p>For a Service {@code my-nginx} with ClusterIP 10.0.0.5 and port 80/TCP the links are
 * {@code MY_NGINX_SERVICE_HOST=10.0.0.5}, {@code MY_NGINX_SERVICE_PORT=80},
 * {@code MY_NGINX_PORT=tcp://10.0.0.5:80}, {@code MY_NGINX_PORT_80_TCP=tcp://10.0.0.5:80} and its
 * {@code _PROTO}, {@code _PORT}, {@code _ADDR}.
 */
final class ContainerEnv {
    private ContainerEnv() {}

    /** A reference the kubelet cannot resolve: the container waits with CreateContainerConfigError. */
    static final class ConfigError extends RuntimeException {
        ConfigError(String message) {
            super(message, null, false, false);
        }
    }

    static Map<String, String> build(Pod pod, Container c, Store store, String hostIp, String podIp) {
        Map<String, String> env = new LinkedHashMap<>();
        String ns = pod.getMetadata().getNamespace();
        if (!Boolean.FALSE.equals(pod.getSpec().getEnableServiceLinks())) {
            List<Service> services = new ArrayList<>(store.<Service>list(ResourceTypes.SERVICES, ns).items());
            if (!"default".equals(ns)) {
                Service k = store.get(ResourceTypes.SERVICES, "default", "kubernetes");
                if (k != null) {
                    services.add(k);
                }
            }
            services.sort(Comparator.comparing(s -> s.getMetadata().getName()));
            for (Service s : services) {
                serviceLinks(s, env);
            }
        }
        if (c.getEnvFrom() != null) {
            for (EnvFromSource from : c.getEnvFrom()) {
                if (from.getConfigMapRef() != null) {
                    ConfigMap cm = store.get(ResourceTypes.CONFIGMAPS, ns, from.getConfigMapRef().getName());
                    if (cm == null) {
                        if (Boolean.TRUE.equals(from.getConfigMapRef().getOptional())) {
                            continue;
                        }
                        throw new ConfigError("configmap \"" + from.getConfigMapRef().getName() + "\" not found");
                    }
                    if (cm.getData() != null) {
                        String prefix = from.getPrefix() == null ? "" : from.getPrefix();
                        cm.getData().forEach((k, v) -> env.put(prefix + k, v));
                    }
                } else if (from.getSecretRef() != null && !Boolean.TRUE.equals(from.getSecretRef().getOptional())) {
                    throw new ConfigError("secret \"" + from.getSecretRef().getName() + "\" not found");
                }
            }
        }
        if (c.getEnv() != null) {
            for (EnvVar v : c.getEnv()) {
                env.put(v.getName(), value(v, pod, store, hostIp, podIp, env));
            }
        }
        return env;
    }

    private static String value(EnvVar v, Pod pod, Store store, String hostIp, String podIp, Map<String, String> env) {
        if (v.getValueFrom() == null) {
            return expand(v.getValue() == null ? "" : v.getValue(), env);
        }
        var from = v.getValueFrom();
        if (from.getFieldRef() != null) {
            String path = from.getFieldRef().getFieldPath();
            return switch (path) {
                case "metadata.name" -> pod.getMetadata().getName();
                case "metadata.namespace" -> pod.getMetadata().getNamespace();
                case "metadata.uid" -> pod.getMetadata().getUid();
                case "spec.nodeName" -> pod.getSpec().getNodeName();
                case "spec.serviceAccountName" -> pod.getSpec().getServiceAccountName() == null ? "default"
                        : pod.getSpec().getServiceAccountName();
                case "status.hostIP" -> hostIp;
                case "status.podIP" -> podIp == null ? "" : podIp;
                default -> {
                    if (path.startsWith("metadata.labels['") && path.endsWith("']")) {
                        String key = path.substring("metadata.labels['".length(), path.length() - 2);
                        Map<String, String> labels = pod.getMetadata().getLabels();
                        yield labels == null ? "" : labels.getOrDefault(key, "");
                    }
                    yield "";
                }
            };
        }
        if (from.getConfigMapKeyRef() != null) {
            var ref = from.getConfigMapKeyRef();
            ConfigMap cm = store.get(ResourceTypes.CONFIGMAPS, pod.getMetadata().getNamespace(), ref.getName());
            if (cm == null) {
                if (Boolean.TRUE.equals(ref.getOptional())) {
                    return "";
                }
                throw new ConfigError("configmap \"" + ref.getName() + "\" not found");
            }
            String value = cm.getData() == null ? null : cm.getData().get(ref.getKey());
            if (value == null) {
                if (Boolean.TRUE.equals(ref.getOptional())) {
                    return "";
                }
                throw new ConfigError("couldn't find key " + ref.getKey() + " in ConfigMap " + pod.getMetadata().getNamespace()
                        + "/" + ref.getName());
            }
            return value;
        }
        if (from.getSecretKeyRef() != null) {
            if (Boolean.TRUE.equals(from.getSecretKeyRef().getOptional())) {
                return "";
            }
            throw new ConfigError("secret \"" + from.getSecretKeyRef().getName() + "\" not found");
        }
        if (from.getResourceFieldRef() != null) {
            return "0";
        }
        return "";
    }

    /** The links of one stored Service (see {@link #serviceLinks}); the map is never changed once made. */
    private record Links(Service service, Map<String, String> entries) {}

    private static final java.util.concurrent.atomic.AtomicReferenceArray<Links> LINKS =
            new java.util.concurrent.atomic.AtomicReferenceArray<>(64);

    /**
     * Puts a Service's links into {@code env}. A stored Service never changes (the store's rule,
     * {@link Compactor#isStored}), so its links are made once per Service version and kept by its
     * identity: every container of a namespace gets the same ~7 links of the {@code kubernetes}
     * Service (150,000 containers: ~1 M strings formatted, upper-cased and concatenated again),
     * now the same strings. A Service not known to be stored is formatted every time.
     */
    private static void serviceLinks(Service s, Map<String, String> env) {
        if (!Compactor.isStored(s)) {
            formatLinks(s, env);
            return;
        }
        int slot = System.identityHashCode(s) & (LINKS.length() - 1);
        Links links = LINKS.get(slot);
        if (links == null || links.service() != s) {
            Map<String, String> entries = new LinkedHashMap<>();
            formatLinks(s, entries);
            links = new Links(s, entries);
            LINKS.set(slot, links);
        }
        env.putAll(links.entries());
    }

    private static void formatLinks(Service s, Map<String, String> env) {
        String ip = s.getSpec() == null ? null : s.getSpec().getClusterIP();
        if (ip == null || ip.isEmpty() || "None".equals(ip) || s.getSpec().getPorts() == null || s.getSpec().getPorts().isEmpty()) {
            return;
        }
        String name = s.getMetadata().getName().toUpperCase(Locale.ROOT).replace('-', '_');
        ServicePort first = s.getSpec().getPorts().get(0);
        env.put(name + "_SERVICE_HOST", ip);
        env.put(name + "_SERVICE_PORT", Integer.toString(first.getPort()));
        for (ServicePort p : s.getSpec().getPorts()) {
            if (p.getName() != null && !p.getName().isEmpty()) {
                env.put(name + "_SERVICE_PORT_" + p.getName().toUpperCase(Locale.ROOT).replace('-', '_'), Integer.toString(p.getPort()));
            }
        }
        String proto = (first.getProtocol() == null ? "TCP" : first.getProtocol()).toLowerCase(Locale.ROOT);
        env.put(name + "_PORT", proto + "://" + ip + ":" + first.getPort());
        for (ServicePort p : s.getSpec().getPorts()) {
            String protocol = p.getProtocol() == null ? "TCP" : p.getProtocol();
            String prefix = name + "_PORT_" + p.getPort() + "_" + protocol.toUpperCase(Locale.ROOT);
            env.put(prefix, protocol.toLowerCase(Locale.ROOT) + "://" + ip + ":" + p.getPort());
            env.put(prefix + "_PROTO", protocol.toLowerCase(Locale.ROOT));
            env.put(prefix + "_PORT", Integer.toString(p.getPort()));
            env.put(prefix + "_ADDR", ip);
        }
    }

    /** Kubernetes' {@code $(VAR)} expansion: known names are replaced, {@code $$} escapes, others stay. */
    static String expand(String text, Map<String, String> env) {
        StringBuilder sb = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '$' && i + 1 < text.length()) {
                char n = text.charAt(i + 1);
                if (n == '$') {
                    sb.append('$');
                    i += 2;
                    continue;
                }
                if (n == '(') {
                    int close = text.indexOf(')', i + 2);
                    if (close > 0) {
                        String name = text.substring(i + 2, close);
                        if (env.containsKey(name)) {
                            sb.append(env.get(name));
                            i = close + 1;
                            continue;
                        }
                    }
                }
            }
            sb.append(c);
            i++;
        }
        return sb.toString();
    }

    static List<String> expand(List<String> args, Map<String, String> env) {
        if (args == null) {
            return null;
        }
        List<String> out = new ArrayList<>(args.size());
        for (String a : args) {
            out.add(expand(a, env));
        }
        return out;
    }
}
