package io.kubelab.engine.runtime;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * A volume of the pod mounted into a container, as the CRI's {@code Mount}. The runtime keeps one
 * folder per volume name and sandbox, so every container of the pod that mounts {@code cache}
 * sees the same files, and the folder goes with the sandbox (an emptyDir lives as long as its pod).
 *
 * <p>Two kinds, told apart by {@code files}:
 * <ul>
 *   <li>{@code files == null}: an {@code emptyDir}, an empty folder the containers write to;</li>
 *   <li>{@code files != null}: a volume whose content the kubelet made ({@code configMap}): the
 *       runtime writes these files into the folder when the sandbox first mounts the volume, and
 *       mounts it read-only, as the kubelet mounts configMap volumes. {@code {"index.html": "<h1>…",
 *       "conf/app.properties": "a=1\n"}} gives {@code index.html} and {@code conf/app.properties}
 *       under the mount path; an empty map gives an empty folder (an optional configMap that does
 *       not exist).</li>
 * </ul>
 *
 * @param volumeName    the volume's name in the pod ({@code cache}), a DNS label
 * @param containerPath where the container sees it ({@code /cache})
 * @param readOnly      mounted read-only ({@code volumeMounts[].readOnly}); always true with {@code files}
 * @param files         the volume's files by relative path (sorted, unmodifiable), or null for an emptyDir
 */
public record Mount(String volumeName, String containerPath, boolean readOnly, Map<String, String> files) {
    public Mount {
        if (volumeName == null || !volumeName.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?")) {
            throw new IllegalArgumentException("volume name " + volumeName + " is not a DNS label");
        }
        if (containerPath == null || !containerPath.startsWith("/")) {
            throw new IllegalArgumentException("mount path " + containerPath + " is not absolute");
        }
        if (files != null) {
            for (String path : files.keySet()) {
                if (!isRelativeFilePath(path)) {
                    throw new IllegalArgumentException("file path " + path + " of volume " + volumeName
                            + " is not a relative path without '..'");
                }
            }
            files = Collections.unmodifiableSortedMap(new TreeMap<>(files));
            readOnly = true;
        }
    }

    /** An {@code emptyDir} mount. */
    public Mount(String volumeName, String containerPath, boolean readOnly) {
        this(volumeName, containerPath, readOnly, null);
    }

    /** Whether this mounts an emptyDir (a folder the containers write), not files the kubelet made. */
    public boolean isEmptyDir() {
        return files == null;
    }

    /** {@code a/b.txt} yes; {@code /a}, {@code ../a}, {@code a/../../b}, {@code a//b}, {@code a/} no (a runtime writes these on the host). */
    public static boolean isRelativeFilePath(String path) {
        if (path == null || path.isEmpty() || path.startsWith("/") || path.endsWith("/")) {
            return false;
        }
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                return false;
            }
        }
        return true;
    }
}
