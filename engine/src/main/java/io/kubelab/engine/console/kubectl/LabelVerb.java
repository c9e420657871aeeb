package io.kubelab.engine.console.kubectl;

import io.fabric8.kubernetes.api.model.HasMetadata;

import java.util.List;
import java.util.Map;

/** {@code kubectl label TYPE NAME key=value [key-] [--overwrite]}. */
final class LabelVerb extends MetadataMapVerb {
    @Override
    public String name() {
        return "label";
    }

    @Override
    protected Map<String, String> get(HasMetadata o) {
        return o.getMetadata().getLabels();
    }

    @Override
    protected void set(HasMetadata o, Map<String, String> values) {
        o.getMetadata().setLabels(values);
    }

    /** kubectl compares the object's JSON before and after: shorter without --overwrite reads "unlabeled". */
    @Override
    protected String message(boolean changed, boolean shrunk, boolean overwrite) {
        if (!changed) {
            return "not labeled";
        }
        return !overwrite && shrunk ? "unlabeled" : "labeled";
    }

    @Override
    protected String collision(List<String> keys, Map<String, String> current) {
        String k = keys.get(0);
        return "'" + k + "' already has a value (" + current.get(k) + "), and --overwrite is false";
    }
}
