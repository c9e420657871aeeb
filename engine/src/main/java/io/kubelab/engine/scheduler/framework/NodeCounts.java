package io.kubelab.engine.scheduler.framework;

/**
 * A count per node name (open addressing), looked up by a {@link NodeInfo}: with the hash the node
 * keeps inline ({@link NodeInfo#nameHash()}) and its name compared by identity first, so a lookup
 * for a node reads nothing outside this table and the NodeInfo itself. Default spreading asks one
 * owner's counts for each of the 500 nodes it scores per pod; a {@code HashMap<String, …>} would
 * read every node's name String for its hash.
 *
 * <p>Counts are positive; a count that drops to 0 removes its node. Not thread-safe (engine thread).
 */
public final class NodeCounts {
    private String[] keys = new String[8];
    private int[] hashes = new int[8];
    private int[] counts = new int[8];
    private int size;

    /** The count for the node, 0 when absent. */
    public int get(NodeInfo node) {
        return get(node.name(), node.nameHash());
    }

    public int get(String name, int hash) {
        int mask = keys.length - 1;
        for (int i = spread(hash) & mask; ; i = (i + 1) & mask) {
            String k = keys[i];
            if (k == null) {
                return 0;
            }
            if (k == name || (hashes[i] == hash && k.equals(name))) {
                return counts[i];
            }
        }
    }

    /** Adds {@code delta} to the node's count (removing the node at 0). */
    public void add(String name, int delta) {
        int hash = name.hashCode();
        int mask = keys.length - 1;
        int i = spread(hash) & mask;
        for (; keys[i] != null; i = (i + 1) & mask) {
            if (keys[i] == name || (hashes[i] == hash && keys[i].equals(name))) {
                counts[i] += delta;
                if (counts[i] <= 0) {
                    removeAt(i);
                }
                return;
            }
        }
        if (delta <= 0) {
            return;
        }
        keys[i] = name;
        hashes[i] = hash;
        counts[i] = delta;
        if (++size * 2 > keys.length) {
            resize(keys.length * 2);
        }
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    /** The nodes with a count, in no particular order. */
    public java.util.List<String> names() {
        java.util.List<String> out = new java.util.ArrayList<>(size);
        for (String k : keys) {
            if (k != null) {
                out.add(k);
            }
        }
        return out;
    }

    private static int spread(int h) {
        return h ^ (h >>> 16);
    }

    /** Removes slot {@code i} and re-inserts the rest of its cluster (linear probing has no tombstones). */
    private void removeAt(int i) {
        int mask = keys.length - 1;
        keys[i] = null;
        size--;
        for (int j = (i + 1) & mask; keys[j] != null; j = (j + 1) & mask) {
            String k = keys[j];
            int h = hashes[j];
            int c = counts[j];
            keys[j] = null;
            int t = spread(h) & mask;
            while (keys[t] != null) {
                t = (t + 1) & mask;
            }
            keys[t] = k;
            hashes[t] = h;
            counts[t] = c;
        }
    }

    private void resize(int capacity) {
        String[] oldKeys = keys;
        int[] oldHashes = hashes;
        int[] oldCounts = counts;
        keys = new String[capacity];
        hashes = new int[capacity];
        counts = new int[capacity];
        int mask = capacity - 1;
        for (int j = 0; j < oldKeys.length; j++) {
            if (oldKeys[j] != null) {
                int t = spread(oldHashes[j]) & mask;
                while (keys[t] != null) {
                    t = (t + 1) & mask;
                }
                keys[t] = oldKeys[j];
                hashes[t] = oldHashes[j];
                counts[t] = oldCounts[j];
            }
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{");
        for (int j = 0; j < keys.length; j++) {
            if (keys[j] != null) {
                sb.append(sb.length() > 1 ? ", " : "").append(keys[j]).append('=').append(counts[j]);
            }
        }
        return sb.append('}').toString();
    }
}
