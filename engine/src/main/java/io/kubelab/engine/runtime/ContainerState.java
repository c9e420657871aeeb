package io.kubelab.engine.runtime;

/** The runtime's container states (CRI {@code ContainerState}). */
public enum ContainerState { CREATED, RUNNING, EXITED }
