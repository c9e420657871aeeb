package io.kubelab.app.slides;

import io.kubelab.app.cluster.TrafficHub;
import io.kubelab.app.session.ClusterSession;
import io.kubelab.app.session.FrameLoop;

/**
 * What a slide's live widgets need from the main window: the session (its cluster), the window's
 * one frame loop, and the hub where kube-proxy's requests arrive. A widget takes what it needs when
 * its node enters a scene and gives it back when the node leaves it (the slide was left).
 */
public record LiveWidgets(ClusterSession session, FrameLoop frames, TrafficHub traffic) {}
