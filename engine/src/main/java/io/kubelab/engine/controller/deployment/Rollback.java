package io.kubelab.engine.controller.deployment;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.kubelab.engine.controller.deployment.util.DeploymentUtil;
import io.kubelab.engine.controller.deployment.util.PodTemplateHash;
import io.kubelab.engine.model.Kube;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code rollback.go}. Today's {@code kubectl rollout undo} does its work client-side: it reads the
 * ReplicaSet of the wanted revision, and patches the Deployment with that template (without the
 * hash label, with {@code "creationTimestamp": null} and every default) and that ReplicaSet's
 * annotations. The controller then simply finds the old ReplicaSet as the "new" one (its template
 * is semantically equal, see {@link PodTemplateHash}) and raises its revision to max + 1: undoing
 * to revision 1 of 2 makes it revision 3, with {@code revision-history: "1"}.
 *
 * <p>What remains here is the server-side path of the deprecated {@code rollbackTo}, kept as an
 * annotation ({@code deprecated.deployment.rollback.to}) since apps/v1: copy the template of that
 * revision into the Deployment and clear the annotation. Engine thread only.
 */
final class Rollback {
    private final DeploymentController dc;

    Rollback(DeploymentController dc) {
        this.dc = dc;
    }

    /** The revision asked for by the deprecated annotation, or {@code null}. 0 means "the previous one". */
    static Long rollbackTo(Deployment d) {
        Map<String, String> a = d.getMetadata().getAnnotations();
        String v = a == null ? null : a.get(DeploymentUtil.DEPRECATED_ROLLBACK_TO);
        if (v == null || v.isEmpty()) {
            return null;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            return null; // an invalid value is ignored
        }
    }

    /** {@code rollback}: in any case the annotation is cleared. */
    void rollback(Deployment d, List<ReplicaSet> rsList) {
        DeploymentSync.ReplicaSets rss = dc.sync.getAllReplicaSetsAndSyncRevision(d, rsList, true);
        List<ReplicaSet> allRSs = rss.all();
        long revision = rollbackTo(d);
        if (revision == 0) {
            revision = DeploymentUtil.lastRevision(allRSs);
            if (revision == 0) {
                dc.warning(d, DeploymentUtil.ROLLBACK_REVISION_NOT_FOUND, "Unable to find last revision.");
                updateDeploymentAndClearRollbackTo(d);
                return;
            }
        }
        for (ReplicaSet rs : allRSs) {
            if (rs == null) {
                continue;
            }
            Long v = DeploymentUtil.revision(rs);
            if (v != null && v == revision) {
                if (rollbackToTemplate(d, rs)) {
                    dc.normal(d, DeploymentUtil.ROLLBACK_DONE,
                            "Rolled back deployment \"" + d.getMetadata().getName() + "\" to revision " + revision);
                }
                return;
            }
        }
        dc.warning(d, DeploymentUtil.ROLLBACK_REVISION_NOT_FOUND, "Unable to find the revision to rollback to.");
        updateDeploymentAndClearRollbackTo(d);
    }

    /** Copies the ReplicaSet's template and annotations into the Deployment, unless already equal. */
    private boolean rollbackToTemplate(Deployment d, ReplicaSet rs) {
        boolean performed = false;
        if (!PodTemplateHash.equalIgnoreHash(d.getSpec().getTemplate(), rs.getSpec().getTemplate())) {
            var template = Kube.copy(rs.getSpec().getTemplate());
            if (template.getMetadata() != null && template.getMetadata().getLabels() != null) {
                Map<String, String> labels = new LinkedHashMap<>(template.getMetadata().getLabels());
                labels.remove(DeploymentUtil.DEFAULT_DEPLOYMENT_UNIQUE_LABEL_KEY);
                template.getMetadata().setLabels(labels);
            }
            d.getSpec().setTemplate(template);
            DeploymentUtil.setDeploymentAnnotationsTo(d, rs);
            performed = true;
        } else {
            dc.warning(d, DeploymentUtil.ROLLBACK_TEMPLATE_UNCHANGED,
                    "The rollback revision contains the same template as current deployment \"" + d.getMetadata().getName() + "\"");
        }
        updateDeploymentAndClearRollbackTo(d);
        return performed;
    }

    private void updateDeploymentAndClearRollbackTo(Deployment d) {
        Map<String, String> a = d.getMetadata().getAnnotations() == null ? new LinkedHashMap<>()
                : new LinkedHashMap<>(d.getMetadata().getAnnotations());
        a.remove(DeploymentUtil.DEPRECATED_ROLLBACK_TO);
        d.getMetadata().setAnnotations(a);
        dc.writeDeployment(d);
    }
}
