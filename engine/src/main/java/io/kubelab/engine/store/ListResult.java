package io.kubelab.engine.store;

import io.fabric8.kubernetes.api.model.HasMetadata;

import java.util.List;

/** A consistent list: the matching objects and the store revision they were read at. */
public record ListResult<T extends HasMetadata>(List<T> items, long revision) {}
