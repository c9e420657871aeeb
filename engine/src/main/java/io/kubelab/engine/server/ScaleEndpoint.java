package io.kubelab.engine.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.StatusCauseBuilder;
import io.fabric8.kubernetes.api.model.StatusDetailsBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.kubelab.engine.api.KubeApi;
import io.kubelab.engine.api.Patches;
import io.kubelab.engine.model.ApiException;
import io.kubelab.engine.model.FieldError;
import io.kubelab.engine.model.Kube;
import io.kubelab.engine.model.ResourceType;
import io.kubelab.engine.model.ResourceTypes;
import io.kubelab.engine.server.table.Printers;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * {@code deployments/scale} and {@code replicasets/scale}: the object seen as an {@code autoscaling/v1}
 * {@code Scale}. {@code kubectl scale} sends a merge patch {@code {"spec":{"replicas":5}}}, the Python
 * client a strategic merge patch of the same shape; both change {@code spec.replicas} of the object
 * (and so its generation).
 */
final class ScaleEndpoint {
    private final KubeApi api;

    ScaleEndpoint(KubeApi api) {
        this.api = api;
    }

    void serve(Exchange ex, ResourcePath p) {
        ResourceType type = p.type();
        if (type != ResourceTypes.DEPLOYMENTS && type != ResourceTypes.REPLICASETS) {
            throw ApiException.notFoundPath();
        }
        HttpMethod m = ex.request().method();
        if (m.equals(HttpMethod.GET)) {
            ex.json(HttpResponseStatus.OK, scale(api.get(type, p.namespace(), p.name())));
        } else if (m.equals(HttpMethod.PUT)) {
            JsonNode body = Bodies.tree(ex.request());
            if (!body.isObject()) {
                throw ApiException.badRequest("the body of the request is not a Scale object");
            }
            String kind = body.path("kind").asText("");
            if (!kind.isEmpty() && !kind.equals("Scale")) {
                throw ApiException.badRequest("the kind in the data (" + kind + ") does not match the expected kind (Scale)");
            }
            String rv = body.path("metadata").path("resourceVersion").asText("");
            ex.json(HttpResponseStatus.OK, setReplicas(p, replicas(p.name(), body), rv.isEmpty() ? null : rv));
        } else if (m.equals(HttpMethod.PATCH)) {
            Patches.Type patchType = Patches.Type.of(ex.request().header("Content-Type"));
            JsonNode patch = Bodies.patchTree(ex.request(), patchType == Patches.Type.APPLY_PATCH);
            ResourceEndpoints.checkPatchShape(patchType, patch);
            HasMetadata current = api.get(type, p.namespace(), p.name());
            JsonNode patched = Patches.apply(patchType, scale(current), patch);
            if (patched == null || !patched.isObject()) {
                throw ApiException.badRequest("the patch did not result in an object");
            }
            String rv = patched.path("metadata").path("resourceVersion").asText("");
            String pinned = rv.equals(current.getMetadata().getResourceVersion()) ? null : rv;
            ex.json(HttpResponseStatus.OK, setReplicas(p, replicas(p.name(), patched), pinned));
        } else {
            throw ResourceEndpoints.methodNotAllowed();
        }
    }

    private static int replicas(String name, JsonNode scale) {
        JsonNode r = scale.path("spec").path("replicas");
        if (r.isMissingNode() || r.isNull()) {
            return 0;
        }
        if (!r.isIntegralNumber()) {
            throw ApiException.badRequest("Scale in version \"v1\" cannot be handled as a Scale: json: cannot unmarshal "
                    + r.getNodeType().name().toLowerCase(java.util.Locale.ROOT)
                    + " into Go struct field ScaleSpec.spec.replicas of type int32");
        }
        int replicas = r.intValue();
        if (replicas < 0) {
            FieldError e = FieldError.invalid("spec.replicas", replicas, "must be greater than or equal to 0");
            throw new ApiException(new StatusBuilder().withMetadata(new io.fabric8.kubernetes.api.model.ListMeta())
                    .withStatus("Failure").withCode(422).withReason("Invalid")
                    .withMessage("Scale.autoscaling \"" + name + "\" is invalid: " + e)
                    .withDetails(new StatusDetailsBuilder().withName(name).withGroup("autoscaling").withKind("Scale")
                            .withCauses(new StatusCauseBuilder().withReason(e.type().reason())
                                    .withMessage(e.causeMessage()).withField(e.field()).build())
                            .build())
                    .build());
        }
        return replicas;
    }

    private ObjectNode setReplicas(ResourcePath p, int replicas, String resourceVersion) {
        HasMetadata updated;
        if (resourceVersion != null) {
            HasMetadata copy = Kube.copy(api.get(p.type(), p.namespace(), p.name()));
            setSpecReplicas(copy, replicas);
            copy.getMetadata().setResourceVersion(resourceVersion);
            updated = api.update(copy);
        } else {
            updated = api.modify(p.type(), p.namespace(), p.name(), o -> {
                setSpecReplicas(o, replicas);
                return o;
            }, false);
        }
        return scale(updated);
    }

    private static void setSpecReplicas(HasMetadata o, int replicas) {
        if (o instanceof Deployment d) {
            d.getSpec().setReplicas(replicas);
        } else if (o instanceof ReplicaSet rs) {
            rs.getSpec().setReplicas(replicas);
        }
    }

    /** The {@code autoscaling/v1} Scale of a deployment or replica set. */
    static ObjectNode scale(HasMetadata o) {
        Integer specReplicas = null;
        Integer statusReplicas = null;
        LabelSelector selector = null;
        if (o instanceof Deployment d) {
            specReplicas = d.getSpec() == null ? null : d.getSpec().getReplicas();
            statusReplicas = d.getStatus() == null ? null : d.getStatus().getReplicas();
            selector = d.getSpec() == null ? null : d.getSpec().getSelector();
        } else if (o instanceof ReplicaSet rs) {
            specReplicas = rs.getSpec() == null ? null : rs.getSpec().getReplicas();
            statusReplicas = rs.getStatus() == null ? null : rs.getStatus().getReplicas();
            selector = rs.getSpec() == null ? null : rs.getSpec().getSelector();
        }
        ObjectNode scale = Kube.JSON.createObjectNode();
        scale.put("kind", "Scale");
        scale.put("apiVersion", "autoscaling/v1");
        ObjectNode meta = scale.putObject("metadata");
        meta.put("name", o.getMetadata().getName());
        meta.put("namespace", o.getMetadata().getNamespace());
        meta.put("uid", o.getMetadata().getUid());
        meta.put("resourceVersion", o.getMetadata().getResourceVersion());
        meta.put("creationTimestamp", o.getMetadata().getCreationTimestamp());
        scale.putObject("spec").put("replicas", specReplicas == null ? 0 : specReplicas);
        ObjectNode status = scale.putObject("status");
        status.put("replicas", statusReplicas == null ? 0 : statusReplicas);
        status.put("selector", Printers.formatSelector(selector));
        return scale;
    }
}
