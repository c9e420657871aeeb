package io.kubelab.engine.api;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.kubelab.engine.model.FieldError;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The name, label and metadata checks of {@code k8s.io/apimachinery/pkg/util/validation}, with
 * Kubernetes' own messages. Kind-specific validation lives in {@link ObjectValidation}.
 */
public final class Validation {
    private Validation() {}

    static final String DNS1123_LABEL_FMT = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
    static final String DNS1123_SUBDOMAIN_FMT = DNS1123_LABEL_FMT + "(\\." + DNS1123_LABEL_FMT + ")*";
    static final String DNS1035_LABEL_FMT = "[a-z]([-a-z0-9]*[a-z0-9])?";
    static final String QUALIFIED_NAME_FMT = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
    static final String LABEL_VALUE_FMT = "(" + QUALIFIED_NAME_FMT + ")?";

    private static final Pattern DNS1123_LABEL = Pattern.compile("^" + DNS1123_LABEL_FMT + "$");
    private static final Pattern DNS1123_SUBDOMAIN = Pattern.compile("^" + DNS1123_SUBDOMAIN_FMT + "$");
    private static final Pattern DNS1035_LABEL = Pattern.compile("^" + DNS1035_LABEL_FMT + "$");
    private static final Pattern QUALIFIED_NAME = Pattern.compile("^" + QUALIFIED_NAME_FMT + "$");
    private static final Pattern LABEL_VALUE = Pattern.compile("^" + LABEL_VALUE_FMT + "$");

    public static List<String> dns1123LabelErrors(String value) {
        List<String> errs = new ArrayList<>();
        if (value.length() > 63) {
            errs.add("must be no more than 63 characters");
        }
        if (!DNS1123_LABEL.matcher(value).matches()) {
            errs.add("a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must "
                    + "start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for "
                    + "validation is '" + DNS1123_LABEL_FMT + "')");
        }
        return errs;
    }

    public static List<String> dns1123SubdomainErrors(String value) {
        List<String> errs = new ArrayList<>();
        if (value.length() > 253) {
            errs.add("must be no more than 253 characters");
        }
        if (!DNS1123_SUBDOMAIN.matcher(value).matches()) {
            errs.add("a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', "
                    + "and must start and end with an alphanumeric character (e.g. 'example.com', regex used for "
                    + "validation is '" + DNS1123_SUBDOMAIN_FMT + "')");
        }
        return errs;
    }

    public static List<String> dns1035LabelErrors(String value) {
        List<String> errs = new ArrayList<>();
        if (value.length() > 63) {
            errs.add("must be no more than 63 characters");
        }
        if (!DNS1035_LABEL.matcher(value).matches()) {
            errs.add("a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an "
                    + "alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', "
                    + "regex used for validation is '" + DNS1035_LABEL_FMT + "')");
        }
        return errs;
    }

    /** Label keys and annotation keys: an optional DNS subdomain prefix and a name part. */
    public static List<String> qualifiedNameErrors(String value) {
        List<String> errs = new ArrayList<>();
        String name = value;
        int slash = value.indexOf('/');
        if (slash >= 0) {
            String prefix = value.substring(0, slash);
            name = value.substring(slash + 1);
            if (prefix.isEmpty()) {
                errs.add("prefix part must be non-empty");
            } else {
                for (String e : dns1123SubdomainErrors(prefix)) {
                    errs.add("prefix part " + e);
                }
            }
            if (name.indexOf('/') >= 0) {
                errs.add("a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start "
                        + "and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex "
                        + "used for validation is '" + QUALIFIED_NAME_FMT + "') with an optional DNS subdomain prefix "
                        + "and '/' (e.g. 'example.com/MyName')");
                return errs;
            }
        }
        if (name.isEmpty()) {
            errs.add("name part must be non-empty");
        } else if (name.length() > 63) {
            errs.add("name part must be no more than 63 characters");
        }
        if (!name.isEmpty() && !QUALIFIED_NAME.matcher(name).matches()) {
            errs.add("name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with "
                    + "an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for "
                    + "validation is '" + QUALIFIED_NAME_FMT + "')");
        }
        return errs;
    }

    public static boolean isQualifiedName(String value) {
        return qualifiedNameErrors(value).isEmpty();
    }

    public static List<String> labelValueErrors(String value) {
        List<String> errs = new ArrayList<>();
        if (value.length() > 63) {
            errs.add("must be no more than 63 characters");
        }
        if (!LABEL_VALUE.matcher(value).matches()) {
            errs.add("a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', "
                    + "and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or "
                    + "'12345', regex used for validation is '" + LABEL_VALUE_FMT + "')");
        }
        return errs;
    }

    /** Labels: every key a qualified name, every value a label value. */
    public static void validateLabels(Map<String, String> labels, String path, List<FieldError> errors) {
        if (labels == null) {
            return;
        }
        for (Map.Entry<String, String> e : labels.entrySet()) {
            for (String msg : qualifiedNameErrors(e.getKey())) {
                errors.add(FieldError.invalid(path, e.getKey(), msg));
            }
            String v = e.getValue() == null ? "" : e.getValue();
            for (String msg : labelValueErrors(v)) {
                errors.add(FieldError.invalid(path, v, msg));
            }
        }
    }

    /** Annotation keys must be qualified names; the total size is bounded (256 KiB). */
    public static void validateAnnotations(Map<String, String> annotations, String path, List<FieldError> errors) {
        if (annotations == null) {
            return;
        }
        long total = 0;
        for (Map.Entry<String, String> e : annotations.entrySet()) {
            for (String msg : qualifiedNameErrors(e.getKey())) {
                errors.add(FieldError.invalid(path, e.getKey(), msg));
            }
            total += e.getKey().length() + (e.getValue() == null ? 0 : e.getValue().length());
        }
        if (total > 256 * 1024) {
            errors.add(new FieldError(FieldError.Type.TOO_LONG, path, "", false, "must have at most 262144 bytes"));
        }
    }

    /** Which name rule a kind uses for {@code metadata.name}. */
    public enum NameRule { SUBDOMAIN, DNS1123_LABEL, DNS1035_LABEL }

    /**
     * The {@code ValidateObjectMeta} checks: name (or generateName) present and well-formed, namespace
     * present exactly when the kind is namespaced, labels and annotations.
     */
    public static void validateObjectMeta(ObjectMeta meta, boolean namespaced, NameRule rule, List<FieldError> errors) {
        String name = meta.getName();
        if (name == null || name.isEmpty()) {
            if (meta.getGenerateName() == null || meta.getGenerateName().isEmpty()) {
                errors.add(FieldError.required("metadata.name", "name or generateName is required"));
            }
        } else {
            List<String> msgs = switch (rule) {
                case SUBDOMAIN -> dns1123SubdomainErrors(name);
                case DNS1123_LABEL -> dns1123LabelErrors(name);
                case DNS1035_LABEL -> dns1035LabelErrors(name);
            };
            for (String m : msgs) {
                errors.add(FieldError.invalid("metadata.name", name, m));
            }
        }
        if (namespaced) {
            String ns = meta.getNamespace();
            if (ns == null || ns.isEmpty()) {
                errors.add(FieldError.required("metadata.namespace", ""));
            } else {
                for (String m : dns1123LabelErrors(ns)) {
                    errors.add(FieldError.invalid("metadata.namespace", ns, m));
                }
            }
        } else if (meta.getNamespace() != null && !meta.getNamespace().isEmpty()) {
            errors.add(FieldError.forbidden("metadata.namespace", "not allowed on this type"));
        }
        validateLabels(meta.getLabels(), "metadata.labels", errors);
        validateAnnotations(meta.getAnnotations(), "metadata.annotations", errors);
    }
}
