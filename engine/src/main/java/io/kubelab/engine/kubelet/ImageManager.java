package io.kubelab.engine.kubelet;

import io.fabric8.kubernetes.api.model.Container;
import io.kubelab.engine.events.EventRecorder;
import io.kubelab.engine.runtime.ContainerRuntime;
import io.kubelab.engine.runtime.ImageInfo;
import io.kubelab.engine.runtime.ImageRef;
import io.kubelab.engine.runtime.PulledImage;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;

/**
 * The kubelet's image manager ({@code EnsureImageExists}): applies the pull policy, backs off
 * failed pulls (10 s doubling to 300 s per pod and image), records the {@code Pulling} /
 * {@code Pulled} / {@code Failed} / {@code BackOff} events with the kubelet's words, and pulls one
 * image at a time as the kubelet's default serial puller does — a pull queued behind another
 * reports its waiting in {@code Successfully pulled image "nginx:1.25" in 2.1s (4.2s including
 * waiting)}.
 *
 * <p>Engine thread only; pull results arrive through the kubelet's inbox.
 */
final class ImageManager {

    /** What {@code ensureImage} found: the image's ref, or why the container must wait. */
    record Result(String imageRef, String waitingReason, String message) {
        static Result ok(String imageRef) {
            return new Result(imageRef, null, null);
        }

        boolean ok() {
            return waitingReason == null;
        }
    }

    /** Where a container's events go. */
    interface Events {
        void record(String type, String reason, String message);
    }

    private record Request(String image, Events events, String backoffKey, Instant queued, Consumer<Result> done) {}

    static final Duration BACKOFF_INITIAL = Duration.ofSeconds(10);
    static final Duration BACKOFF_MAX = Duration.ofSeconds(300);

    private final Kubelet kubelet;
    private final Backoff backoff = new Backoff(BACKOFF_INITIAL, BACKOFF_MAX);
    private final Deque<Request> queue = new ArrayDeque<>();
    private Request current;

    ImageManager(Kubelet kubelet) {
        this.kubelet = kubelet;
    }

    private ContainerRuntime runtime() {
        return kubelet.runtime();
    }

    /** When the pull back-off of a pod's image ends (for the next sync). */
    Instant backoffEnds(String podUid, String image) {
        return backoff.untilAfterUpdate(podUid + "_" + image, kubelet.now());
    }

    /**
     * Makes sure a container's image is present. Answers at once (present, in back-off, invalid,
     * never pulled) or after a pull, through {@code done}.
     */
    void ensureImage(String podUid, Container container, Events events, Consumer<Result> done) {
        String image = container.getImage();
        try {
            ImageRef.parse(image);
        } catch (IllegalArgumentException e) {
            String msg = "Failed to apply default image tag \"" + image + "\": couldn't parse image name \"" + image
                    + "\": " + e.getMessage();
            events.record(EventRecorder.WARNING, "InspectFailed", msg);
            done.accept(new Result(null, "InvalidImageName", msg));
            return;
        }
        ImageInfo present = runtime().image(image).orElse(null);
        String policy = container.getImagePullPolicy() == null ? "IfNotPresent" : container.getImagePullPolicy();
        boolean pull = policy.equals("Always") || (policy.equals("IfNotPresent") && present == null);
        if (!pull) {
            if (present != null) {
                events.record(EventRecorder.NORMAL, "Pulled", alreadyPresent(image));
                done.accept(Result.ok(present.imageRef()));
            } else {
                String msg = "Container image \"" + image + "\" is not present with pull policy of Never";
                events.record(EventRecorder.WARNING, "ErrImageNeverPull", msg);
                done.accept(new Result(null, "ErrImageNeverPull", msg));
            }
            return;
        }
        String key = podUid + "_" + image;
        if (backoff.isInBackOffSinceUpdate(key, kubelet.now())) {
            String msg = "Back-off pulling image \"" + image + "\"";
            events.record(EventRecorder.NORMAL, "BackOff", msg);
            done.accept(new Result(null, "ImagePullBackOff", msg));
            return;
        }
        events.record(EventRecorder.NORMAL, "Pulling", "Pulling image \"" + image + "\"");
        queue.addLast(new Request(image, events, key, kubelet.now(), done));
        pump();
    }

    /**
     * {@code Container image "nginx:1.25" already present on machine}: the event of nearly every
     * container start once its node has the image, so one shared text per image (a cluster runs
     * few), not a new string per container whose hash the event recorder and the store's compactor
     * compute again. Bounded like {@link ContainerTexts}.
     */
    static String alreadyPresent(String image) {
        String known = ALREADY_PRESENT.get(image);
        if (known != null) {
            return known;
        }
        String text = "Container image \"" + image + "\" already present on machine";
        if (ALREADY_PRESENT.size() >= ContainerTexts.MAX) {
            ALREADY_PRESENT.clear();
        }
        ALREADY_PRESENT.putIfAbsent(image, text);
        return text;
    }

    private static final java.util.concurrent.ConcurrentHashMap<String, String> ALREADY_PRESENT =
            new java.util.concurrent.ConcurrentHashMap<>();

    private void pump() {
        if (current != null || queue.isEmpty()) {
            return;
        }
        Request r = queue.removeFirst();
        current = r;
        Instant started = kubelet.now();
        runtime().pullImage(r.image()).whenComplete((pulled, error) -> kubelet.post(() -> finished(r, started, pulled, error)));
    }

    private void finished(Request r, Instant started, PulledImage pulled, Throwable error) {
        current = null;
        if (error != null) {
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            r.events().record(EventRecorder.WARNING, "Failed", "Failed to pull image \"" + r.image() + "\": " + cause.getMessage());
            backoff.next(r.backoffKey(), kubelet.now(), kubelet.now());
            r.done().accept(new Result(null, "ErrImagePull", cause.getMessage()));
        } else {
            Duration total = Duration.between(r.queued(), kubelet.now());
            r.events().record(EventRecorder.NORMAL, "Pulled", "Successfully pulled image \"" + r.image() + "\" in "
                    + GoDuration.formatMillis(pulled.duration()) + " (" + GoDuration.formatMillis(total)
                    + " including waiting). Image size: " + pulled.image().sizeBytes() + " bytes.");
            r.done().accept(Result.ok(pulled.image().imageRef()));
        }
        pump();
    }

    /** Forgets queued pulls (the node went down). */
    void reset() {
        queue.clear();
        current = null;
    }
}
