package io.kubelab.engine.kubelet;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapVolumeSource;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Volume;
import io.kubelab.engine.model.ResourceTypes;
import io.kubelab.engine.runtime.Mount;
import io.kubelab.engine.store.Store;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The kubelet's volume manager for one pod, in little: the content of the pod's {@code configMap}
 * volumes, made once before the pod's sandbox starts ({@code WaitForAttachAndMount} in
 * {@code SyncPod}), and while a volume cannot be set up, when to try again.
 *
 * <p>A configMap volume holds every key of the ConfigMap's {@code data} and {@code binaryData}
 * (base64-decoded, kept as text) as a file named by the key; with {@code items}, only the listed
 * keys, each at its {@code path} ({@code {key: nginx.conf, path: conf/nginx.conf}} gives the folder
 * {@code conf}). The errors are the configmap plugin's, prefixed as the operation generator does:
 * {@code MountVolume.SetUp failed for volume "html" : configmap "web-content" not found}. An
 * {@code optional} ConfigMap that does not exist gives an empty folder, and an optional one's
 * missing item keys are skipped.
 *
 * <p>Retries back off as the kubelet's pending volume operations do: 500 ms, doubling, at most
 * 2 m 2 s; each failure is a {@code FailedMount} Warning (the event recorder counts repeats: 10
 * failures in the first ~4 min show as "x10"). Once the ConfigMap exists, the next try mounts it and
 * the pod starts.
 *
 * <p>While the pod runs, the kubelet {@link #refresh refreshes} the files on its sync period (1 min):
 * a changed ConfigMap's files reach the running containers (changed keys rewritten, new keys added,
 * deleted keys removed), as the configmap plugin's remount does. A ConfigMap deleted (not optional)
 * or a listed key gone keeps the last files: the remount fails with the same FailedMount as above
 * and leaves the volume as it was. Env vars taken from a ConfigMap never change in a running
 * container; only a new container reads them again.
 *
 * <p>Immutable; the kubelet keeps one for each pod that has configMap volumes, on the engine thread.
 *
 * @param files   volume name → its files (relative path → text), once set up; null while failing
 * @param backoff the delay before {@code retryAt}, when failing
 * @param retryAt when to try again, when failing
 */
record PodVolumes(Map<String, Map<String, String>> files, Duration backoff, Instant retryAt) {
    static final Duration INITIAL_BACKOFF = Duration.ofMillis(500);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(122);

    /** A pod without configMap volumes (nearly all): nothing to keep. */
    static final PodVolumes NONE = new PodVolumes(Map.of(), null, null);

    /** The state after a failed try: the next delay (500 ms first, then double, capped). */
    static PodVolumes failed(PodVolumes before, Instant now) {
        Duration next = before == null || before.backoff == null ? INITIAL_BACKOFF : before.backoff.multipliedBy(2);
        if (next.compareTo(MAX_BACKOFF) > 0) {
            next = MAX_BACKOFF;
        }
        return new PodVolumes(null, next, now.plus(next));
    }

    /** A volume could not be set up; the message is the Event's. */
    static final class MountError extends Exception {
        MountError(String volume, String reason) {
            super("MountVolume.SetUp failed for volume \"" + volume + "\" : " + reason, null, false, false);
        }
    }

    /**
     * Sets up the pod's volumes: reads the ConfigMaps its configMap volumes name (emptyDirs need
     * nothing here; the runtime makes their folders). Other kinds are not mounted.
     *
     * @throws MountError for the first volume, in spec order, that cannot be set up
     */
    static PodVolumes setUp(Pod pod, Store store) throws MountError {
        if (pod.getSpec().getVolumes() == null || pod.getSpec().getVolumes().isEmpty()) {
            return NONE;
        }
        Map<String, Map<String, String>> out = null;
        for (Volume v : pod.getSpec().getVolumes()) {
            ConfigMapVolumeSource src = v.getConfigMap();
            if (src == null) {
                continue;
            }
            ConfigMap cm = store.get(ResourceTypes.CONFIGMAPS, pod.getMetadata().getNamespace(), src.getName());
            if (out == null) {
                out = new HashMap<>();
            }
            out.put(v.getName(), configMapFiles(v.getName(), src, cm));
        }
        return out == null ? NONE : new PodVolumes(Map.copyOf(out), null, null);
    }

    /**
     * The pod's configMap volumes resolved again against the store (the periodic remount of a
     * running pod): {@code items} and {@code optional} as at mount time. A volume that cannot be
     * resolved now keeps its last files and reports its error to {@code failed}; the others take
     * what their ConfigMaps hold now. Call it on set-up volumes only ({@link #files} not null).
     */
    PodVolumes refresh(Pod pod, Store store, java.util.function.Consumer<MountError> failed) {
        Map<String, Map<String, String>> out = new HashMap<>(files);
        for (Volume v : pod.getSpec().getVolumes()) {
            ConfigMapVolumeSource src = v.getConfigMap();
            if (src == null || !files.containsKey(v.getName())) {
                continue;
            }
            try {
                ConfigMap cm = store.get(ResourceTypes.CONFIGMAPS, pod.getMetadata().getNamespace(), src.getName());
                out.put(v.getName(), configMapFiles(v.getName(), src, cm));
            } catch (MountError e) {
                failed.accept(e);
            }
        }
        return out.equals(files) ? this : new PodVolumes(Map.copyOf(out), null, null);
    }

    /** The files of one configMap volume: relative path → text, sorted. */
    static Map<String, String> configMapFiles(String volume, ConfigMapVolumeSource src, ConfigMap cm) throws MountError {
        boolean optional = Boolean.TRUE.equals(src.getOptional());
        if (cm == null) {
            if (optional) {
                return Map.of();
            }
            // The watch-based configmap manager's NotFound, for the resource "configmap" (singular).
            throw new MountError(volume, "configmap \"" + src.getName() + "\" not found");
        }
        Map<String, String> files = new TreeMap<>();
        if (src.getItems() == null || src.getItems().isEmpty()) {
            if (cm.getData() != null) {
                files.putAll(cm.getData());
            }
            if (cm.getBinaryData() != null) {
                cm.getBinaryData().forEach((k, b64) -> files.put(k, decode(b64)));
            }
            return checked(volume, files);
        }
        for (KeyToPath item : src.getItems()) {
            String content = cm.getData() == null ? null : cm.getData().get(item.getKey());
            if (content == null && cm.getBinaryData() != null && cm.getBinaryData().containsKey(item.getKey())) {
                content = decode(cm.getBinaryData().get(item.getKey()));
            }
            if (content == null) {
                if (optional) {
                    continue;
                }
                throw new MountError(volume, "configmap references non-existent config key: " + item.getKey());
            }
            files.put(item.getPath(), content);
        }
        return checked(volume, files);
    }

    /** The API's validation rejects such keys and paths; a runtime writes these files on a disk, so never outside the volume. */
    private static Map<String, String> checked(String volume, Map<String, String> files) throws MountError {
        for (String path : files.keySet()) {
            if (!Mount.isRelativeFilePath(path)) {
                throw new MountError(volume, "invalid path: must be a relative path without '..': " + path);
            }
        }
        return files;
    }

    /**
     * The API refuses binaryData that is not base64 (as Go's decoder does); a ConfigMap stored
     * before it did (a saved cluster) gets an empty file rather than an exception on the engine thread.
     */
    private static String decode(String base64) {
        try {
            return new String(Base64.getMimeDecoder().decode(base64 == null ? "" : base64), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notBase64) {
            return "";
        }
    }
}
