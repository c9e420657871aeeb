package io.kubelab.engine;

import io.kubelab.engine.api.KubeApi;
import io.kubelab.engine.clock.SimClock;
import io.kubelab.engine.events.EventRecorder;
import io.kubelab.engine.store.Store;

import java.util.Random;

/** What every component gets: the API, the store (as an informer cache), the clock, events, a seeded random. */
public record ClusterContext(KubeApi api, Store store, SimClock clock, EventRecorder events, Random random,
                             ClusterConfig config) {}
