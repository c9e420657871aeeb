package io.kubelab.engine.controller.nodelifecycle;

import java.time.Instant;

/**
 * What the controller remembers of a node between passes ({@code nodeHealthData}): when it last
 * heard from the kubelet — by the controller's own clock, at the moment it noticed a new Ready
 * heartbeat or a renewed Lease — and what the Ready condition and Lease looked like then.
 */
final class NodeHealth {
    /** When the controller last observed a sign of life. */
    Instant probeTimestamp;
    /** The Ready condition's heartbeat time as last observed, and whether there was one. */
    String savedHeartbeat;
    boolean savedReadyPresent;
    /** The Lease's renewTime as last observed. */
    Instant leaseRenewTime;
    /** The Ready status seen by the last pass, for zone states ({@code null}: no Ready condition). */
    String lastReadyStatus;

    NodeHealth(Instant probe) {
        this.probeTimestamp = probe;
    }
}
