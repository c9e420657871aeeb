package io.kubelab.engine.server;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.kubelab.engine.api.KubeApi;
import io.kubelab.engine.model.ApiException;
import io.kubelab.engine.model.ResourceTypes;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@code GET …/pods/<name>/log}: a container's log as plain text, or with {@code follow=true} a chunked
 * stream that stays open while the container runs. The options of {@code kubectl logs} are applied
 * here over the lines the runtime recorded: {@code container} (default: the first one, as the Python
 * client and kubectl 1.20 send none), {@code tailLines}, {@code timestamps}, {@code sinceSeconds},
 * {@code sinceTime}, {@code limitBytes}, {@code previous}.
 */
final class PodLogs {
    private final KubeApi api;
    private final Supplier<PodIO> podIO;

    PodLogs(KubeApi api, Supplier<PodIO> podIO) {
        this.api = api;
        this.podIO = podIO;
    }

    /** The container a pods/log or pods/exec request means, checked against the pod's spec. */
    static String container(Pod pod, String requested) {
        List<String> names = new ArrayList<>();
        if (pod.getSpec() != null) {
            for (List<Container> list : java.util.Arrays.asList(pod.getSpec().getContainers(),
                    pod.getSpec().getInitContainers())) {
                if (list != null) {
                    list.forEach(c -> names.add(c.getName()));
                }
            }
            if (pod.getSpec().getEphemeralContainers() != null) {
                pod.getSpec().getEphemeralContainers().forEach(c -> names.add(c.getName()));
            }
        }
        if (requested == null || requested.isEmpty()) {
            if (pod.getSpec() == null || pod.getSpec().getContainers() == null || pod.getSpec().getContainers().isEmpty()) {
                throw ApiException.badRequest("a container name must be specified for pod " + pod.getMetadata().getName());
            }
            return pod.getSpec().getContainers().get(0).getName();
        }
        if (!names.contains(requested)) {
            throw ApiException.badRequest("container " + requested + " is not valid for pod " + pod.getMetadata().getName());
        }
        return requested;
    }

    /** @return whether a follow stream now uses the connection */
    boolean serve(Exchange ex, ResourcePath p) {
        if (p.type() != ResourceTypes.PODS) {
            throw ApiException.notFoundPath();
        }
        if (!ex.request().method().equals(HttpMethod.GET)) {
            throw ResourceEndpoints.methodNotAllowed();
        }
        ApiRequest r = ex.request();
        Pod pod = api.get(ResourceTypes.PODS, p.namespace(), p.name());
        String container = container(pod, r.param("container"));
        boolean follow = r.bool("follow");
        boolean timestamps = r.bool("timestamps");
        Long tail = r.longParam("tailLines");
        Long limit = r.longParam("limitBytes");
        Long sinceSeconds = r.longParam("sinceSeconds");
        Instant since = null;
        if (sinceSeconds != null) {
            if (sinceSeconds < 1) {
                throw ApiException.badRequest("PodLogOptions \"" + p.name() + "\" is invalid: sinceSeconds: Invalid value: "
                        + sinceSeconds + ": must be greater than 0");
            }
            since = api.now().minusSeconds(sinceSeconds);
        } else if (r.param("sinceTime") != null) {
            try {
                since = OffsetDateTime.parse(r.param("sinceTime")).toInstant();
            } catch (java.time.format.DateTimeParseException e) {
                throw ApiException.badRequest("parsing time \"" + r.param("sinceTime") + "\" as \"2006-01-02T15:04:05Z07:00\": cannot parse");
            }
        }
        if (pod.getSpec() == null || pod.getSpec().getNodeName() == null || pod.getSpec().getNodeName().isEmpty()) {
            // Not scheduled yet: the API server has no kubelet to ask and answers with an empty log.
            ex.reply(HttpResponseStatus.OK, Exchange.TEXT, new byte[0]);
            return false;
        }
        PodIO.ContainerLog log = podIO.get().log(pod, container, r.bool("previous"), follow);
        List<PodIO.LogLine> lines = new ArrayList<>();
        for (PodIO.LogLine l : log.lines()) {
            if (since == null || !l.time().isBefore(since)) {
                lines.add(l);
            }
        }
        if (tail != null && tail >= 0 && lines.size() > tail) {
            lines = lines.subList(lines.size() - tail.intValue(), lines.size());
        }
        Budget budget = new Budget(limit == null || limit <= 0 ? Long.MAX_VALUE : limit);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (PodIO.LogLine l : lines) {
            out.writeBytes(budget.take(format(l, timestamps)));
        }
        if (!follow || budget.exhausted()) {
            ex.reply(HttpResponseStatus.OK, Exchange.TEXT, out.toByteArray());
            return false;
        }
        ex.startStream(Exchange.TEXT);
        if (out.size() > 0) {
            ex.chunk(Unpooled.wrappedBuffer(out.toByteArray()));
            ex.flush();
        }
        Runnable[] endOnce = new Runnable[1];
        java.util.concurrent.atomic.AtomicBoolean ended = new java.util.concurrent.atomic.AtomicBoolean();
        AutoCloseable[] handle = new AutoCloseable[1];
        endOnce[0] = () -> {
            if (ended.compareAndSet(false, true)) {
                ex.ctx().executor().execute(() -> {
                    closeQuietly(handle[0]);
                    if (ex.ctx().channel().isActive()) {
                        ex.end();
                    }
                });
            }
        };
        handle[0] = log.follow(line -> {
            if (ended.get()) {
                return;
            }
            byte[] bytes = budget.take(format(line, timestamps));
            if (bytes.length > 0) {
                ex.ctx().executor().execute(() -> {
                    ex.chunk(Unpooled.wrappedBuffer(bytes));
                    ex.flush();
                });
            }
            if (budget.exhausted()) {
                endOnce[0].run();
            }
        }, endOnce[0]);
        ex.ctx().channel().closeFuture().addListener(f -> {
            ended.set(true);
            closeQuietly(handle[0]);
        });
        return true;
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c != null) {
            try {
                c.close();
            } catch (Exception ignored) {
                // The stream is over either way.
            }
        }
    }

    private static byte[] format(PodIO.LogLine line, boolean timestamps) {
        String text = timestamps ? rfc3339Nano(line.time()) + " " + line.text() + "\n" : line.text() + "\n";
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Go's {@code time.RFC3339Nano} in UTC: {@code 2026-01-01T10:00:00.5Z}, trailing zeros of the fraction dropped. */
    static String rfc3339Nano(Instant t) {
        OffsetDateTime d = t.atOffset(ZoneOffset.UTC);
        StringBuilder b = new StringBuilder(String.format("%04d-%02d-%02dT%02d:%02d:%02d", d.getYear(), d.getMonthValue(),
                d.getDayOfMonth(), d.getHour(), d.getMinute(), d.getSecond()));
        int nanos = d.getNano();
        if (nanos != 0) {
            String frac = String.format("%09d", nanos);
            int end = frac.length();
            while (frac.charAt(end - 1) == '0') {
                end--;
            }
            b.append('.').append(frac, 0, end);
        }
        return b.append('Z').toString();
    }

    /** What is left of {@code limitBytes}. Thread-safe. */
    private static final class Budget {
        private long left;

        Budget(long left) {
            this.left = left;
        }

        synchronized byte[] take(byte[] data) {
            if (left <= 0) {
                return new byte[0];
            }
            if (data.length <= left) {
                left -= data.length;
                return data;
            }
            byte[] cut = java.util.Arrays.copyOf(data, (int) left);
            left = 0;
            return cut;
        }

        synchronized boolean exhausted() {
            return left <= 0;
        }
    }
}
