package io.kubelab.engine.runtime;

import java.time.Instant;

/** One line a container wrote, without its newline. */
public record LogLine(Instant time, Stream stream, String text) {
    public enum Stream { STDOUT, STDERR }
}
