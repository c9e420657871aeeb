package io.kubelab.engine.scheduler.framework;

/** Makes a plugin for a scheduler profile ({@code frameworkruntime.PluginFactory}). */
@FunctionalInterface
public interface PluginFactory {
    Plugin create(Handle handle);
}
