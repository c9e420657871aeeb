package io.kubelab.engine.model;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.api.model.StatusCauseBuilder;
import io.fabric8.kubernetes.api.model.StatusDetailsBuilder;

import java.util.List;
import java.util.stream.Collectors;

/**
 * An API error as the Kubernetes API server reports it: a {@code metav1.Status} with Kubernetes'
 * reason and message. Factory methods use the API server's own wording.
 */
public final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Status status;

    public ApiException(Status status) {
        super(status.getMessage());
        this.status = status;
    }

    public Status status() {
        return status;
    }

    public int code() {
        return status.getCode();
    }

    public String reason() {
        return status.getReason();
    }

    private static StatusBuilder failure(int code, String reason, String message) {
        return new StatusBuilder().withMetadata(new io.fabric8.kubernetes.api.model.ListMeta())
                .withStatus("Failure").withCode(code).withReason(reason).withMessage(message);
    }

    /** {@code deployments.apps "x" not found}. */
    public static ApiException notFound(ResourceType type, String name) {
        return new ApiException(failure(404, "NotFound", type.qualifiedResource() + " \"" + name + "\" not found")
                .withDetails(new StatusDetailsBuilder().withName(name).withGroup(emptyToNull(type.group()))
                        .withKind(type.plural()).build())
                .build());
    }

    /** {@code the server could not find the requested resource}. */
    public static ApiException notFoundPath() {
        return new ApiException(failure(404, "NotFound", "the server could not find the requested resource")
                .withDetails(new StatusDetailsBuilder().build()).build());
    }

    /** {@code services "my-nginx" already exists}. */
    public static ApiException alreadyExists(ResourceType type, String name) {
        return new ApiException(failure(409, "AlreadyExists", type.qualifiedResource() + " \"" + name + "\" already exists")
                .withDetails(new StatusDetailsBuilder().withName(name).withGroup(emptyToNull(type.group()))
                        .withKind(type.plural()).build())
                .build());
    }

    /** The optimistic-concurrency failure of a stale resourceVersion. */
    public static ApiException conflict(ResourceType type, String name, String why) {
        return new ApiException(failure(409, "Conflict", "Operation cannot be fulfilled on " + type.qualifiedResource()
                + " \"" + name + "\": " + why)
                .withDetails(new StatusDetailsBuilder().withName(name).withGroup(emptyToNull(type.group()))
                        .withKind(type.plural()).build())
                .build());
    }

    public static ApiException staleResourceVersion(ResourceType type, String name) {
        return conflict(type, name, "the object has been modified; please apply your changes to the latest version and try again");
    }

    /** {@code too old resource version: 5 (120)}: a watch from a compacted revision. */
    public static ApiException gone(long requested, long oldest) {
        return new ApiException(failure(410, "Expired", "too old resource version: " + requested + " (" + oldest + ")").build());
    }

    public static ApiException badRequest(String message) {
        return new ApiException(failure(400, "BadRequest", message).build());
    }

    public static ApiException methodNotAllowed(String message) {
        return new ApiException(failure(405, "MethodNotAllowed", message).build());
    }

    public static ApiException tooLarge(String message) {
        return new ApiException(failure(413, "RequestEntityTooLarge", message).build());
    }

    public static ApiException unsupportedMediaType(String contentType) {
        return new ApiException(failure(415, "UnsupportedMediaType", "the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf")
                .build());
    }

    public static ApiException forbidden(ResourceType type, String name, String why) {
        return new ApiException(failure(403, "Forbidden", type.qualifiedResource() + " \"" + name + "\" is forbidden: " + why)
                .withDetails(new StatusDetailsBuilder().withName(name).withGroup(emptyToNull(type.group()))
                        .withKind(type.plural()).build())
                .build());
    }

    public static ApiException internal(String message) {
        return new ApiException(failure(500, "InternalError", "Internal error occurred: " + message).build());
    }

    /**
     * The 422 {@code Invalid} error of {@code errors.NewInvalid}: {@code Deployment.apps "web" is invalid:
     * spec.replicas: Invalid value: -1: must be greater than or equal to 0}, with one cause per field
     * error. Several errors print as {@code [a, b]} and identical messages are printed once, as
     * {@code ErrorList.ToAggregate} does; the causes keep every error.
     */
    public static ApiException invalid(ResourceType type, String name, List<FieldError> errors) {
        List<StatusCause> causes = errors.stream().map(e -> new StatusCauseBuilder()
                .withReason(e.type().reason()).withMessage(e.causeMessage()).withField(e.field()).build())
                .collect(Collectors.toList());
        List<String> distinct = errors.stream().map(FieldError::toString).distinct().collect(Collectors.toList());
        String message = type.qualifiedKind() + " " + FieldError.quote(name) + " is invalid";
        if (distinct.size() == 1) {
            message += ": " + distinct.get(0);
        } else if (distinct.size() > 1) {
            message += ": [" + String.join(", ", distinct) + "]";
        }
        return new ApiException(failure(422, "Invalid", message)
                .withDetails(new StatusDetailsBuilder().withName(name).withGroup(emptyToNull(type.group()))
                        .withKind(type.kind()).withCauses(causes).build())
                .build());
    }

    /**
     * The 422 of {@code errors.NewGenericServerResponse}, used for patches that cannot be applied: the
     * message is generic and the real reason is a cause of type {@code UnexpectedServerResponse}.
     */
    public static ApiException unprocessable(String detail) {
        return new ApiException(failure(422, "Invalid", "the server rejected our request due to an error in our request")
                .withDetails(new StatusDetailsBuilder().withCauses(new StatusCauseBuilder()
                        .withReason("UnexpectedServerResponse").withMessage(detail).build()).build())
                .build());
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    /** Name used by messages for an object that may not have one yet. */
    public static String nameOf(ObjectMeta meta) {
        return meta == null || meta.getName() == null ? "" : meta.getName();
    }
}
