package io.kubelab.engine.console.kubectl;

import io.fabric8.kubernetes.api.model.HasMetadata;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code kubectl annotate TYPE NAME key=value [key-] [--overwrite]}. */
final class AnnotateVerb extends MetadataMapVerb {
    @Override
    public String name() {
        return "annotate";
    }

    @Override
    protected Map<String, String> get(HasMetadata o) {
        return o.getMetadata().getAnnotations();
    }

    @Override
    protected void set(HasMetadata o, Map<String, String> values) {
        o.getMetadata().setAnnotations(values);
    }

    @Override
    protected String message(boolean changed, boolean shrunk, boolean overwrite) {
        return "annotated";
    }

    @Override
    protected String collision(List<String> keys, Map<String, String> current) {
        List<String> parts = new ArrayList<>();
        for (String k : keys) {
            parts.add("'" + k + "' already has a value (" + current.get(k) + ")");
        }
        return "--overwrite is false but found the following declared annotation(s): " + String.join("; ", parts);
    }
}
