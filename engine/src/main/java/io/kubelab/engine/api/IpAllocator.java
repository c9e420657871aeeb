package io.kubelab.engine.api;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;

import java.util.BitSet;
import java.util.Random;

/**
 * Allocates Service ClusterIPs from the service CIDR {@code 10.0.0.0/24} ({@code 10.0.0.1} is the
 * {@code kubernetes} Service) and NodePorts from 30000–32767. Deterministic for a given seed.
 * Thread-safety: guarded by the {@link KubeApi} write lock.
 */
public final class IpAllocator {
    public static final String SERVICE_CIDR = "10.0.0.0/24";
    public static final int NODE_PORT_MIN = 30000;
    public static final int NODE_PORT_MAX = 32767;

    private final BitSet ips = new BitSet(256);
    private final BitSet ports = new BitSet(NODE_PORT_MAX - NODE_PORT_MIN + 1);
    private final Random random;

    public IpAllocator(long seed) {
        this.random = new Random(seed);
        ips.set(0);
        ips.set(255);
    }

    /** Whether an address is inside the service CIDR. */
    public static boolean inRange(String ip) {
        return host(ip) >= 1 && host(ip) <= 254;
    }

    private static int host(String ip) {
        if (ip == null || !ip.startsWith("10.0.0.")) {
            return -1;
        }
        try {
            return Integer.parseInt(ip.substring("10.0.0.".length()));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    public boolean ipTaken(String ip) {
        return ips.get(host(ip));
    }

    public void reserveIp(String ip) {
        int h = host(ip);
        if (h > 0) {
            ips.set(h);
        }
    }

    public void releaseIp(String ip) {
        int h = host(ip);
        if (h > 0 && h < 255) {
            ips.clear(h);
        }
    }

    /** The next free address, chosen at random as the API server does; {@code null} when the range is full. */
    public String allocateIp() {
        int free = 254 - (ips.cardinality() - 2);
        if (free <= 0) {
            return null;
        }
        int start = 2 + random.nextInt(253);
        for (int i = 0; i < 254; i++) {
            int h = 1 + ((start - 1 + i) % 254);
            if (!ips.get(h)) {
                ips.set(h);
                return "10.0.0." + h;
            }
        }
        return null;
    }

    public boolean portTaken(int port) {
        return port >= NODE_PORT_MIN && port <= NODE_PORT_MAX && ports.get(port - NODE_PORT_MIN);
    }

    public void reservePort(int port) {
        if (port >= NODE_PORT_MIN && port <= NODE_PORT_MAX) {
            ports.set(port - NODE_PORT_MIN);
        }
    }

    public void releasePort(int port) {
        if (port >= NODE_PORT_MIN && port <= NODE_PORT_MAX) {
            ports.clear(port - NODE_PORT_MIN);
        }
    }

    /** A free NodePort at random; 0 when none is left. */
    public int allocatePort() {
        int size = NODE_PORT_MAX - NODE_PORT_MIN + 1;
        int start = random.nextInt(size);
        for (int i = 0; i < size; i++) {
            int p = (start + i) % size;
            if (!ports.get(p)) {
                ports.set(p);
                return NODE_PORT_MIN + p;
            }
        }
        return 0;
    }

    /** The allocated addresses and ports, for tests that check nothing leaked. */
    String state() {
        return "ips=" + ips + " ports=" + ports;
    }

    /** Reserves what a stored Service holds (on load). */
    public void reserve(Service svc) {
        if (svc.getSpec() == null) {
            return;
        }
        reserveIp(svc.getSpec().getClusterIP());
        if (svc.getSpec().getPorts() != null) {
            for (ServicePort p : svc.getSpec().getPorts()) {
                if (p.getNodePort() != null) {
                    reservePort(p.getNodePort());
                }
            }
        }
    }

    /** Releases what a deleted Service held. */
    public void release(Service svc) {
        if (svc.getSpec() == null) {
            return;
        }
        releaseIp(svc.getSpec().getClusterIP());
        if (svc.getSpec().getPorts() != null) {
            for (ServicePort p : svc.getSpec().getPorts()) {
                if (p.getNodePort() != null) {
                    releasePort(p.getNodePort());
                }
            }
        }
    }
}
