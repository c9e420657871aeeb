package io.kubelab.engine.runtime;

/**
 * What an exec'd command left: its exit code and output ({@code stdout} and {@code stderr} as
 * written, newlines included).
 */
public record ExecResult(int exitCode, String stdout, String stderr) {}
