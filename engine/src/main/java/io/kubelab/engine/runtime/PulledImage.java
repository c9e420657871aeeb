package io.kubelab.engine.runtime;

import java.time.Duration;

/**
 * The result of a pull.
 *
 * @param image    the local image now present
 * @param duration how long the pull itself took (the kubelet adds its own waiting time)
 * @param downloaded false when the image was present already and only the registry was asked
 */
public record PulledImage(ImageInfo image, Duration duration, boolean downloaded) {}
