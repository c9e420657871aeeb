package io.kubelab.engine.scheduler.framework;

/** A scheduler plugin: it has a name and implements one or more extension points. */
public interface Plugin {
    /** The plugin's name, as in the scheduler configuration ({@code NodeResourcesFit}). */
    String name();
}
