package io.kubelab.app.cluster;

/**
 * A Deployment (or a ReplicaSet without one): the group its pods are drawn in, with a colour and
 * the READY column of {@code kubectl get deployments}.
 */
public final class GroupInfo {
    /** How many group colours the themes define ({@code -kl-group-0} … {@code -kl-group-7}). */
    public static final int COLORS = 8;

    final String key;
    final String kind;
    final String namespace;
    final String name;
    int desired;
    int ready;
    String currentReplicaSet;

    GroupInfo(String key, String kind, String namespace, String name) {
        this.key = key;
        this.kind = kind;
        this.namespace = namespace;
        this.name = name;
    }

    /** A colour index stable for a name across runs: {@code nginx-deployment} is always the same colour. */
    public int color() {
        return Math.floorMod(key.hashCode(), COLORS);
    }

    public String key() {
        return key;
    }

    public String kind() {
        return kind;
    }

    public String namespace() {
        return namespace;
    }

    public String name() {
        return name;
    }

    public int desired() {
        return desired;
    }

    public int ready() {
        return ready;
    }

    /** The ReplicaSet of the current template, when known. */
    public String currentReplicaSet() {
        return currentReplicaSet;
    }
}
