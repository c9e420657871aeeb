package io.kubelab.engine.proxy;

import java.time.Instant;

/**
 * One request through the cluster network, as the UI draws it: from where, to which address,
 * through which Service, to which pod, and how it ended.
 *
 * @param time       when it was sent (simulation time)
 * @param fromNode   the sending node, or null for the host machine (or the node of the sending pod)
 * @param clientIp   the sender's address
 * @param host       the address asked for (ClusterIP, node IP, pod IP)
 * @param port       the port asked for
 * @param service    {@code default/my-nginx} when a Service rule matched, else null
 * @param nodePort   whether it came in through a NodePort
 * @param podName    {@code default/my-nginx-5b56ccd65f-abcde} of the chosen endpoint, or null
 * @param podIp      the chosen endpoint's IP, or null
 * @param targetPort the chosen endpoint's port (0 when none)
 * @param podNode    the node the chosen pod runs on, or null
 * @param status     the HTTP status, or 0 when there was no answer
 * @param error      {@code Connection refused}, {@code Connection timed out}, or null
 */
public record TrafficEvent(Instant time, String fromNode, String clientIp, String host, int port, String service,
                           boolean nodePort, String podName, String podIp, int targetPort, String podNode, int status,
                           String error) {}
