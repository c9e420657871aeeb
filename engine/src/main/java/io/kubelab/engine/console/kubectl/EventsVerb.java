package io.kubelab.engine.console.kubectl;

import io.fabric8.kubernetes.api.model.Event;
import io.kubelab.engine.api.KubeApi;
import io.kubelab.engine.console.Execution;
import io.kubelab.engine.console.Invocation;
import io.kubelab.engine.console.Output;
import io.kubelab.engine.console.kubectl.DescribeSupport.Flag;
import io.kubelab.engine.model.ResourceType;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * {@code kubectl events [--for TYPE/NAME] [--types Normal,Warning] [-A]}: the newer events
 * command's table ({@code LAST SEEN  TYPE  REASON  OBJECT  MESSAGE}), oldest first.
 * {@code --watch} is not offered here; {@code kubectl get events -w} is.
 */
final class EventsVerb implements KubectlVerb {
    static final List<Flag> FLAGS = List.of(
            Flag.bool("all-namespaces", "A"),
            Flag.value("for", null, ""),
            Flag.value("types", null, ""),
            Flag.bool("no-headers", null),
            Flag.value("chunk-size", null, "500"));

    @Override
    public String name() {
        return "events";
    }

    @Override
    public Execution start(Invocation inv) {
        Output out = inv.out();
        DescribeSupport.Parsed p;
        try {
            p = DescribeSupport.parse(inv.args(), FLAGS, "events");
        } catch (DescribeSupport.FlagException e) {
            out.err(e.getMessage());
            return Execution.finished(1);
        }
        boolean all = p.bool("all-namespaces");
        String ns = DescribeSupport.namespace(p);
        List<String> types = new ArrayList<>();
        if (p.get("types") != null && !p.get("types").isEmpty()) {
            for (String t : p.get("types").split(",")) {
                String v = t.strip();
                if (!v.equalsIgnoreCase("Normal") && !v.equalsIgnoreCase("Warning")) {
                    out.err("error: valid --types are Normal or Warning\n");
                    return Execution.finished(1);
                }
                types.add(v);
            }
        }
        String forKind = null;
        String forApiVersion = null;
        String forName = null;
        String forArg = p.get("for");
        if (forArg != null && !forArg.isEmpty()) {
            String[] seg = forArg.split("/", -1);
            if (seg.length > 2) {
                out.err("error: arguments in resource/name form may not have more than one slash\n");
                return Execution.finished(1);
            }
            if (seg.length != 2 || seg[0].isEmpty() || seg[1].isEmpty()) {
                out.err("error: --for must be in resource/name form\n");
                return Execution.finished(1);
            }
            ResourceType type = DescribeSupport.type(seg[0]).orElse(null);
            if (type == null) {
                out.err(DescribeSupport.noResourceType(seg[0]));
                return Execution.finished(1);
            }
            forKind = type.kind();
            forApiVersion = type.apiVersion();
            forName = seg[1];
        }
        KubeApi api = inv.context().cluster().api();
        Instant now = api.now();
        List<Event> events = new ArrayList<>();
        for (Event e : api.<Event>list(io.kubelab.engine.model.ResourceTypes.EVENTS, all ? null : ns)) {
            var ref = e.getInvolvedObject();
            if (forName != null && (ref == null || !forKind.equals(ref.getKind()) || !forApiVersion.equals(ref.getApiVersion())
                    || !forName.equals(ref.getName()))) {
                continue;
            }
            if (!types.isEmpty() && types.stream().noneMatch(t -> t.equalsIgnoreCase(Describers.str(e.getType())))) {
                continue;
            }
            events.add(e);
        }
        if (events.isEmpty()) {
            out.err(all ? "No events found.\n" : "No events found in " + ns + " namespace.\n");
            return Execution.finished(0);
        }
        events.sort(Comparator.comparing(EventsVerb::eventTime));
        StringBuilder b = new StringBuilder();
        if (!p.bool("no-headers")) {
            b.append(all ? "NAMESPACE\t" : "").append("LAST SEEN\tTYPE\tREASON\tOBJECT\tMESSAGE\n");
        }
        for (Event e : events) {
            if (all) {
                b.append(e.getMetadata().getNamespace()).append('\t');
            }
            var ref = e.getInvolvedObject();
            b.append(interval(e, now)).append('\t').append(Describers.str(e.getType())).append('\t')
                    .append(Describers.str(e.getReason())).append('\t')
                    .append(ref == null ? "" : Describers.str(ref.getKind())).append('/')
                    .append(ref == null ? "" : Describers.str(ref.getName())).append('\t')
                    .append(Describers.str(e.getMessage()).strip()).append('\n');
        }
        out.out(DescribeSupport.tabbed(b.toString(), 6, 3));
        return Execution.finished(0);
    }

    /** The time events sort by: the series' last observation, else the last timestamp, else the event time. */
    private static Instant eventTime(Event e) {
        if (e.getSeries() != null && e.getSeries().getLastObservedTime() != null) {
            Instant t = DescribeSupport.instant(e.getSeries().getLastObservedTime().getTime());
            return t == null ? Instant.MIN : t;
        }
        Instant last = DescribeSupport.instant(e.getLastTimestamp());
        if (last != null) {
            return last;
        }
        Instant t = e.getEventTime() == null ? null : DescribeSupport.instant(e.getEventTime().getTime());
        return t == null ? Instant.MIN : t;
    }

    /** {@code getInterval}: {@code 5s}, or {@code 2m (x3 over 5m)} for a repeated event. */
    static String interval(Event e, Instant now) {
        String first;
        if (e.getEventTime() != null && e.getEventTime().getTime() != null && !e.getEventTime().getTime().isEmpty()) {
            first = DescribeSupport.since(e.getEventTime().getTime(), now);
        } else {
            first = DescribeSupport.since(e.getFirstTimestamp(), now);
        }
        if (e.getSeries() != null) {
            return DescribeSupport.since(e.getSeries().getLastObservedTime() == null ? null : e.getSeries().getLastObservedTime().getTime(), now)
                    + " (x" + e.getSeries().getCount() + " over " + first + ")";
        }
        if (e.getCount() != null && e.getCount() > 1) {
            return DescribeSupport.since(e.getLastTimestamp(), now) + " (x" + e.getCount() + " over " + first + ")";
        }
        return first;
    }
}
