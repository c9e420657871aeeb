package io.kubelab.engine.controller.util.endpoint;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.kubelab.engine.controller.util.pod.PodUtil;

import java.util.Map;

/**
 * What the Endpoints and EndpointSlice controllers share, after {@code pkg/controller/util/endpoint}
 * and {@code podutil.FindPort}. Pure functions.
 */
public final class EndpointUtil {
    private EndpointUtil() {}

    /** Annotation with the time of the last change that the endpoints reflect. */
    public static final String LAST_CHANGE_TRIGGER_TIME = "endpoints.kubernetes.io/last-change-trigger-time";
    /** Label on Endpoints and EndpointSlices of headless Services. */
    public static final String HEADLESS_LABEL = "service.kubernetes.io/headless";

    /** Whether the controllers manage endpoints for this Service: it has a non-empty selector. */
    public static boolean hasSelector(Service svc) {
        Map<String, String> sel = svc.getSpec() == null ? null : svc.getSpec().getSelector();
        return sel != null && !sel.isEmpty();
    }

    public static boolean isHeadless(Service svc) {
        return svc.getSpec() != null && "None".equals(svc.getSpec().getClusterIP());
    }

    public static boolean publishNotReady(Service svc) {
        return svc.getSpec() != null && Boolean.TRUE.equals(svc.getSpec().getPublishNotReadyAddresses());
    }

    /**
     * {@code ShouldPodBeInEndpoints}: a pod that finished (Succeeded/Failed) or has no IP yet is not
     * an endpoint; a terminating one only when {@code includeTerminating} (EndpointSlices keep it with
     * {@code terminating: true}, Endpoints drop it).
     */
    public static boolean shouldPodBeInEndpoints(Pod pod, boolean includeTerminating) {
        if (PodUtil.isTerminal(pod)) {
            return false;
        }
        if (PodUtil.podIp(pod) == null) {
            return false;
        }
        return includeTerminating || !PodUtil.isTerminating(pod);
    }

    /**
     * {@code FindPort}: the container port a Service port reaches on this pod. A number is taken as
     * it is; a name is looked up among the containers' ports with the same protocol (a Service port
     * {@code targetPort: http} on a pod whose container declares {@code name: http, containerPort:
     * 8080} gives 8080).
     *
     * @return the port, or {@code null} when this pod has no port of that name
     */
    public static Integer findPort(Pod pod, ServicePort servicePort) {
        IntOrString target = servicePort.getTargetPort();
        if (target == null) {
            return servicePort.getPort();
        }
        if (target.getIntVal() != null) {
            return target.getIntVal();
        }
        String name = target.getStrVal();
        String protocol = servicePort.getProtocol() == null ? "TCP" : servicePort.getProtocol();
        if (name == null || pod.getSpec() == null || pod.getSpec().getContainers() == null) {
            return null;
        }
        for (Container c : pod.getSpec().getContainers()) {
            if (c.getPorts() == null) {
                continue;
            }
            for (ContainerPort p : c.getPorts()) {
                String pp = p.getProtocol() == null ? "TCP" : p.getProtocol();
                if (name.equals(p.getName()) && protocol.equals(pp)) {
                    return p.getContainerPort();
                }
            }
        }
        return null;
    }

    /** {@code ShouldSetHostname}: the pod names a hostname and this Service as its subdomain. */
    public static boolean shouldSetHostname(Pod pod, Service svc) {
        String host = pod.getSpec() == null ? null : pod.getSpec().getHostname();
        return host != null && !host.isEmpty() && svc.getMetadata().getName().equals(pod.getSpec().getSubdomain())
                && svc.getMetadata().getNamespace().equals(pod.getMetadata().getNamespace());
    }
}
