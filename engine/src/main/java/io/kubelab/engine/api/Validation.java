package io.kubelab.engine.api;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.kubelab.engine.model.FieldError;
import io.kubelab.engine.model.Quantities;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The value checks of {@code k8s.io/apimachinery/pkg/util/validation} and the metadata checks of
 * {@code k8s.io/apimachinery/pkg/api/validation}, with Kubernetes' own messages (as of 1.30).
 * Kind-specific validation lives in {@link ObjectValidation}.
 */
public final class Validation {
    private Validation() {}

    static final String DNS1123_LABEL_FMT = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
    static final String DNS1123_SUBDOMAIN_FMT = DNS1123_LABEL_FMT + "(\\." + DNS1123_LABEL_FMT + ")*";
    static final String DNS1035_LABEL_FMT = "[a-z]([-a-z0-9]*[a-z0-9])?";
    static final String QUALIFIED_NAME_FMT = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
    static final String LABEL_VALUE_FMT = "(" + QUALIFIED_NAME_FMT + ")?";
    static final String ENV_VAR_NAME_FMT = "[-._a-zA-Z][-._a-zA-Z0-9]*";
    static final String CONFIG_MAP_KEY_FMT = "[-._a-zA-Z0-9]+";
    static final String PERCENT_FMT = "[0-9]+%";
    static final String HTTP_HEADER_NAME_FMT = "[-A-Za-z0-9]+";

    static final Pattern DNS1123_LABEL = Pattern.compile(DNS1123_LABEL_FMT);
    static final Pattern DNS1123_SUBDOMAIN = Pattern.compile(DNS1123_SUBDOMAIN_FMT);
    static final Pattern DNS1035_LABEL = Pattern.compile(DNS1035_LABEL_FMT);
    static final Pattern QUALIFIED_NAME = Pattern.compile(QUALIFIED_NAME_FMT);
    static final Pattern LABEL_VALUE = Pattern.compile(LABEL_VALUE_FMT);
    private static final Pattern ENV_VAR_NAME = Pattern.compile(ENV_VAR_NAME_FMT);
    private static final Pattern CONFIG_MAP_KEY = Pattern.compile(CONFIG_MAP_KEY_FMT);
    private static final Pattern PERCENT = Pattern.compile(PERCENT_FMT);
    private static final Pattern HTTP_HEADER_NAME = Pattern.compile(HTTP_HEADER_NAME_FMT);
    private static final Pattern PORT_NAME_CHARSET = Pattern.compile("[-a-z0-9]+");

    /** {@code must be greater than or equal to 0}: {@code apimachineryvalidation.IsNegativeErrorMsg}. */
    public static final String IS_NEGATIVE = "must be greater than or equal to 0";
    public static final String FIELD_IMMUTABLE = "field is immutable";

    // ---- message builders ------------------------------------------------------------------

    /** {@code RegexError}: the message, examples and regex, e.g. {@code (e.g. 'my-name',  or '123-abc', regex used …)}. */
    static String regexError(String msg, String fmt, String... examples) {
        if (examples.length == 0) {
            return msg + " (regex used for validation is '" + fmt + "')";
        }
        StringBuilder sb = new StringBuilder(msg).append(" (e.g. ");
        for (int i = 0; i < examples.length; i++) {
            if (i > 0) {
                // Upstream appends "', " after each example and " or " before the next: two spaces.
                sb.append(" or ");
            }
            sb.append('\'').append(examples[i]).append("', ");
        }
        return sb.append("regex used for validation is '").append(fmt).append("')").toString();
    }

    static String maxLenError(int length) {
        return "must be no more than " + length + " characters";
    }

    public static String inclusiveRangeError(long lo, long hi) {
        return "must be between " + lo + " and " + hi + ", inclusive";
    }

    // ---- the formats above, checked by hand ---------------------------------------------------
    // Every pod, ReplicaSet and Event created is checked against these (its name, namespace, label
    // keys and values): a loop over the characters gives the same answer as the regex without a
    // Matcher per check (~2 % of the engine's time creating 15,000 pods). ValidationFormatsTest
    // holds them to the regexes.

    private static boolean lowerAlnum(char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    }

    private static boolean alnum(char c) {
        return lowerAlnum(c) || (c >= 'A' && c <= 'Z');
    }

    /** {@link #DNS1123_LABEL_FMT} over {@code value[from, to)}. */
    static boolean isDns1123Label(String value, int from, int to) {
        if (to <= from || !lowerAlnum(value.charAt(from)) || !lowerAlnum(value.charAt(to - 1))) {
            return false;
        }
        for (int i = from + 1; i < to - 1; i++) {
            char c = value.charAt(i);
            if (!lowerAlnum(c) && c != '-') {
                return false;
            }
        }
        return true;
    }

    /** {@link #DNS1123_SUBDOMAIN_FMT}: DNS-1123 labels joined by dots. */
    static boolean isDns1123Subdomain(String value) {
        int from = 0;
        while (true) {
            int dot = value.indexOf('.', from);
            int to = dot < 0 ? value.length() : dot;
            if (!isDns1123Label(value, from, to)) {
                return false;
            }
            if (dot < 0) {
                return true;
            }
            from = dot + 1;
        }
    }

    /** {@link #DNS1035_LABEL_FMT}: a DNS-1123 label that starts with a letter. */
    static boolean isDns1035Label(String value) {
        return !value.isEmpty() && value.charAt(0) >= 'a' && value.charAt(0) <= 'z' && isDns1123Label(value, 0, value.length());
    }

    /** {@link #QUALIFIED_NAME_FMT}. */
    static boolean isQualifiedNamePart(String value) {
        int n = value.length();
        if (n == 0 || !alnum(value.charAt(0)) || !alnum(value.charAt(n - 1))) {
            return false;
        }
        for (int i = 1; i < n - 1; i++) {
            char c = value.charAt(i);
            if (!alnum(c) && c != '-' && c != '_' && c != '.') {
                return false;
            }
        }
        return true;
    }

    // ---- value checks (return messages, empty when valid) --------------------------------------

    public static List<String> dns1123LabelErrors(String value) {
        List<String> errs = new ArrayList<>();
        if (value.length() > 63) {
            errs.add(maxLenError(63));
        }
        if (!isDns1123Label(value, 0, value.length())) {
            errs.add(regexError("a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', "
                    + "and must start and end with an alphanumeric character", DNS1123_LABEL_FMT, "my-name", "123-abc"));
        }
        return errs;
    }

    public static List<String> dns1123SubdomainErrors(String value) {
        List<String> errs = new ArrayList<>();
        if (value.length() > 253) {
            errs.add(maxLenError(253));
        }
        if (!isDns1123Subdomain(value)) {
            errs.add(regexError("a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' "
                    + "or '.', and must start and end with an alphanumeric character", DNS1123_SUBDOMAIN_FMT, "example.com"));
        }
        return errs;
    }

    public static List<String> dns1035LabelErrors(String value) {
        List<String> errs = new ArrayList<>();
        if (value.length() > 63) {
            errs.add(maxLenError(63));
        }
        if (!isDns1035Label(value)) {
            errs.add(regexError("a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with "
                    + "an alphabetic character, and end with an alphanumeric character", DNS1035_LABEL_FMT, "my-name", "abc-123"));
        }
        return errs;
    }

    /**
     * {@code IsQualifiedName}: label keys, annotation keys, finalizers. An optional DNS subdomain
     * prefix and a name part; an empty name part gets both "must be non-empty" and the regex message.
     */
    public static List<String> qualifiedNameErrors(String value) {
        List<String> errs = new ArrayList<>();
        String[] parts = value.split("/", -1);
        String name;
        String qualifiedMsg = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with "
                + "an alphanumeric character";
        switch (parts.length) {
            case 1 -> name = parts[0];
            case 2 -> {
                String prefix = parts[0];
                name = parts[1];
                if (prefix.isEmpty()) {
                    errs.add("prefix part must be non-empty");
                } else {
                    for (String m : dns1123SubdomainErrors(prefix)) {
                        errs.add("prefix part " + m);
                    }
                }
            }
            default -> {
                errs.add("a qualified name " + regexError(qualifiedMsg, QUALIFIED_NAME_FMT, "MyName", "my.name", "123-abc")
                        + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')");
                return errs;
            }
        }
        if (name.isEmpty()) {
            errs.add("name part must be non-empty");
        } else if (name.length() > 63) {
            errs.add("name part " + maxLenError(63));
        }
        if (!isQualifiedNamePart(name)) {
            errs.add("name part " + regexError(qualifiedMsg, QUALIFIED_NAME_FMT, "MyName", "my.name", "123-abc"));
        }
        return errs;
    }

    public static boolean isQualifiedName(String value) {
        return qualifiedNameErrors(value).isEmpty();
    }

    public static List<String> labelValueErrors(String value) {
        List<String> errs = new ArrayList<>();
        if (value.length() > 63) {
            errs.add(maxLenError(63));
        }
        if (!(value.isEmpty() || isQualifiedNamePart(value))) {
            errs.add(regexError("a valid label must be an empty string or consist of alphanumeric characters, '-', '_' "
                    + "or '.', and must start and end with an alphanumeric character", LABEL_VALUE_FMT,
                    "MyValue", "my_value", "12345"));
        }
        return errs;
    }

    /** {@code IsValidPortNum}: 1–65535. */
    public static List<String> portNumErrors(long port) {
        return port >= 1 && port <= 65535 ? List.of() : List.of(inclusiveRangeError(1, 65535));
    }

    /** {@code IsValidPortName} (an IANA_SVC_NAME): at most 15 characters, [-a-z0-9], a letter, no "--", no edge hyphen. */
    public static List<String> portNameErrors(String port) {
        List<String> errs = new ArrayList<>();
        if (port.length() > 15) {
            errs.add(maxLenError(15));
        }
        if (!PORT_NAME_CHARSET.matcher(port).matches()) {
            errs.add("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)");
        }
        if (!port.matches("(?s).*[a-z].*")) {
            errs.add("must contain at least one letter (a-z)");
        }
        if (port.contains("--")) {
            errs.add("must not contain consecutive hyphens");
        }
        if (!port.isEmpty() && (port.charAt(0) == '-' || port.charAt(port.length() - 1) == '-')) {
            errs.add("must not begin or end with a hyphen");
        }
        return errs;
    }

    /** {@code IsEnvVarName} (strict, as before RelaxedEnvironmentVariableValidation). */
    public static List<String> envVarNameErrors(String value) {
        List<String> errs = new ArrayList<>();
        if (!ENV_VAR_NAME.matcher(value).matches()) {
            errs.add(regexError("a valid environment variable name must consist of alphabetic characters, digits, '_', "
                    + "'-', or '.', and must not start with a digit", ENV_VAR_NAME_FMT, "my.env-name", "MY_ENV.NAME", "MyEnvName1"));
        }
        errs.addAll(chDirPrefixErrors(value));
        return errs;
    }

    public static List<String> configMapKeyErrors(String value) {
        List<String> errs = new ArrayList<>();
        if (value.length() > 253) {
            errs.add(maxLenError(253));
        }
        if (!CONFIG_MAP_KEY.matcher(value).matches()) {
            errs.add(regexError("a valid config key must consist of alphanumeric characters, '-', '_' or '.'",
                    CONFIG_MAP_KEY_FMT, "key.name", "KEY_NAME", "key-name"));
        }
        errs.addAll(chDirPrefixErrors(value));
        return errs;
    }

    private static List<String> chDirPrefixErrors(String value) {
        if (value.equals(".")) {
            return List.of("must not be '.'");
        }
        if (value.equals("..")) {
            return List.of("must not be '..'");
        }
        if (value.startsWith("..")) {
            return List.of("must not start with '..'");
        }
        return List.of();
    }

    public static List<String> percentErrors(String value) {
        return PERCENT.matcher(value).matches() ? List.of()
                : List.of(regexError("a valid percent string must be a numeric string followed by an ending '%'",
                PERCENT_FMT, "1%", "93%"));
    }

    public static List<String> httpHeaderNameErrors(String value) {
        return HTTP_HEADER_NAME.matcher(value).matches() ? List.of()
                : List.of(regexError("a valid HTTP header must consist of alphanumeric characters or '-'",
                HTTP_HEADER_NAME_FMT, "X-Header-Name"));
    }

    /** Whether a string is an IPv4 or IPv6 address as Go's {@code ParseIPSloppy} reads it (no host names). */
    public static boolean isValidIp(String value) {
        if (value == null || value.isEmpty()) {
            return false;
        }
        if (value.contains(":")) {
            return value.matches("[0-9A-Fa-f:.]+") && value.chars().filter(c -> c == ':').count() >= 2
                    && value.chars().filter(c -> c == ':').count() <= 7;
        }
        String[] parts = value.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit) || Integer.parseInt(p) > 255) {
                return false;
            }
        }
        return true;
    }

    /** {@code IsValidIP}'s message (Kubernetes 1.30). */
    public static final String INVALID_IP = "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)";

    // ---- quantities ------------------------------------------------------------------------

    /** See {@link Quantities#parse}. */
    public static Quantities.Parsed parseQuantity(String text) {
        return Quantities.parse(text);
    }

    /** See {@link Quantities#canonical}. */
    public static String canonicalQuantity(String text) {
        return Quantities.canonical(text);
    }

    // ---- metadata --------------------------------------------------------------------------

    /** Labels: every key a qualified name, every value a label value; the path is the map's ({@code metadata.labels}). */
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

    /** Annotation keys are qualified names (case does not matter); keys and values together at most 256 KiB. */
    public static void validateAnnotations(Map<String, String> annotations, String path, List<FieldError> errors) {
        if (annotations == null) {
            return;
        }
        long total = 0;
        for (Map.Entry<String, String> e : annotations.entrySet()) {
            for (String msg : qualifiedNameErrors(e.getKey().toLowerCase(Locale.ROOT))) {
                errors.add(FieldError.invalid(path, e.getKey(), msg));
            }
            total += e.getKey().length() + (e.getValue() == null ? 0 : e.getValue().length());
        }
        if (total > 256 * 1024) {
            errors.add(FieldError.tooLong(path, 256 * 1024));
        }
    }

    /** Which name rule a kind uses for {@code metadata.name}. */
    public enum NameRule { SUBDOMAIN, DNS1123_LABEL, DNS1035_LABEL }

    /**
     * A {@code ValidateNameFunc}: with {@code prefix} (a generateName), a trailing dash is allowed
     * because random characters will follow it.
     */
    static List<String> nameErrors(NameRule rule, String name, boolean prefix) {
        String n = prefix && name.endsWith("-") ? name.substring(0, name.length() - 1) + "a" : name;
        return switch (rule) {
            case SUBDOMAIN -> dns1123SubdomainErrors(n);
            case DNS1123_LABEL -> dns1123LabelErrors(n);
            case DNS1035_LABEL -> dns1035LabelErrors(n);
        };
    }

    private static final List<String> STANDARD_FINALIZERS = List.of("kubernetes", "orphan", "foregroundDeletion");

    /**
     * The core {@code ValidateObjectMeta} checks, in upstream order: generateName, name, namespace,
     * labels, annotations, owner references, finalizers.
     */
    public static void validateObjectMeta(ObjectMeta meta, boolean namespaced, NameRule rule, List<FieldError> errors) {
        String generateName = meta.getGenerateName();
        if (generateName != null && !generateName.isEmpty()) {
            for (String m : nameErrors(rule, generateName, true)) {
                errors.add(FieldError.invalid("metadata.generateName", generateName, m));
            }
        }
        String name = meta.getName();
        if (name == null || name.isEmpty()) {
            errors.add(FieldError.required("metadata.name", "name or generateName is required"));
        } else {
            for (String m : nameErrors(rule, name, false)) {
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
        validateOwnerReferences(meta.getOwnerReferences(), errors);
        validateFinalizers(meta.getFinalizers(), errors);
    }

    private static void validateOwnerReferences(List<OwnerReference> refs, List<FieldError> errors) {
        if (refs == null) {
            return;
        }
        String firstController = null;
        for (OwnerReference ref : refs) {
            String path = "metadata.ownerReferences";
            String apiVersion = ref.getApiVersion() == null ? "" : ref.getApiVersion();
            String version = apiVersion.contains("/") ? apiVersion.substring(apiVersion.indexOf('/') + 1) : apiVersion;
            if (version.isEmpty()) {
                errors.add(FieldError.invalid(path + ".apiVersion", apiVersion, "version must not be empty"));
            }
            if (ref.getKind() == null || ref.getKind().isEmpty()) {
                errors.add(FieldError.invalid(path + ".kind", "", "must not be empty"));
            }
            if (ref.getName() == null || ref.getName().isEmpty()) {
                errors.add(FieldError.invalid(path + ".name", "", "must not be empty"));
            }
            if (ref.getUid() == null || ref.getUid().isEmpty()) {
                errors.add(FieldError.invalid(path + ".uid", "", "must not be empty"));
            }
            if (Boolean.TRUE.equals(ref.getController())) {
                String current = ref.getKind() + "/" + ref.getName();
                if (firstController != null) {
                    errors.add(FieldError.invalid(path, new FieldError.Go("[]v1.OwnerReference{…}"),
                            "Only one reference can have Controller set to true. Found \"true\" in references for "
                                    + firstController + " and " + current));
                } else {
                    firstController = current;
                }
            }
        }
    }

    private static void validateFinalizers(List<String> finalizers, List<FieldError> errors) {
        if (finalizers == null) {
            return;
        }
        for (String f : finalizers) {
            for (String m : qualifiedNameErrors(f)) {
                errors.add(FieldError.invalid("metadata.finalizers", f, m));
            }
        }
        if (finalizers.contains("orphan") && finalizers.contains("foregroundDeletion")) {
            errors.add(FieldError.invalid("metadata.finalizers", finalizers,
                    "finalizer orphan and foregroundDeletion cannot be both set"));
        }
        for (int i = 0; i < finalizers.size(); i++) {
            String f = finalizers.get(i);
            if (!f.contains("/") && !STANDARD_FINALIZERS.contains(f)) {
                errors.add(FieldError.invalid("metadata.finalizers[" + i + "]", f,
                        "name is neither a standard finalizer name nor is it fully qualified"));
            }
        }
    }

    /**
     * {@code ValidateObjectMetaUpdate}: no new finalizers while deleting, and name, namespace, uid,
     * creationTimestamp immutable.
     */
    public static void validateObjectMetaUpdate(ObjectMeta now, ObjectMeta old, List<FieldError> errors) {
        if (old.getDeletionTimestamp() != null) {
            TreeSet<String> extra = new TreeSet<>(now.getFinalizers() == null ? List.of() : now.getFinalizers());
            extra.removeAll(old.getFinalizers() == null ? List.of() : old.getFinalizers());
            if (!extra.isEmpty()) {
                errors.add(FieldError.forbidden("metadata.finalizers", "no new finalizers can be added if the object "
                        + "is being deleted, found new finalizers " + FieldError.stringSlice(new ArrayList<>(extra))));
            }
        }
        immutable(now.getName(), old.getName(), "metadata.name", errors);
        immutable(now.getNamespace(), old.getNamespace(), "metadata.namespace", errors);
        immutable(now.getUid(), old.getUid(), "metadata.uid", errors);
    }

    private static void immutable(String now, String old, String path, List<FieldError> errors) {
        if (!Objects.equals(now == null ? "" : now, old == null ? "" : old)) {
            errors.add(FieldError.invalid(path, now == null ? "" : now, FIELD_IMMUTABLE));
        }
    }
}
