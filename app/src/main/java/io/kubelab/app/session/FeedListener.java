package io.kubelab.app.session;

/** Receives the cluster's changes once per frame. */
@FunctionalInterface
public interface FeedListener {
    /**
     * Called on the JavaFX application thread (from {@link FrameLoop}), or on a test's own thread
     * when the test calls {@link ClusterFeed#flush()} itself. Never on the engine thread.
     */
    void onBatch(FeedBatch batch);
}
