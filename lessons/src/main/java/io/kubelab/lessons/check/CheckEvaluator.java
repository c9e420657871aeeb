package io.kubelab.lessons.check;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubelab.engine.api.Selectors;
import io.kubelab.engine.model.Kube;
import io.kubelab.engine.model.ResourceType;
import io.kubelab.engine.model.ResourceTypes;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Evaluates checks. Pure: reads the context, changes nothing, so the app may call it after every
 * watch event and CI after every replayed action.
 */
public final class CheckEvaluator {
    private CheckEvaluator() {}

    public static CheckResult evaluate(Check check, CheckContext ctx) {
        // Java 17: no pattern matching in switch, so an instanceof chain over the sealed set.
        if (check instanceof Check.Exists c) {
            return exists(c, ctx);
        } else if (check instanceof Check.Absent c) {
            return absent(c, ctx);
        } else if (check instanceof Check.Field c) {
            return field(c, ctx);
        } else if (check instanceof Check.Count c) {
            return count(c, ctx);
        } else if (check instanceof Check.ServiceType c) {
            return serviceType(c, ctx);
        } else if (check instanceof Check.NodePort c) {
            return nodePort(c, ctx);
        } else if (check instanceof Check.ConsoleRan c) {
            return consoleRan(c, ctx);
        } else if (check instanceof Check.Quiz c) {
            return quiz(c, ctx);
        } else if (check instanceof Check.DistinctNodes c) {
            return distinctNodes(c, ctx);
        } else if (check instanceof Check.SameNode c) {
            return sameNode(c, ctx);
        } else if (check instanceof Check.AllOf c) {
            return combine(c.checks(), ctx, true);
        } else if (check instanceof Check.AnyOf c) {
            return combine(c.checks(), ctx, false);
        }
        throw new IllegalArgumentException("unknown check " + check);
    }

    private static String ns(String namespace) {
        return namespace == null ? "default" : namespace;
    }

    /** {@code deployment.apps/nginx-deployment}: kubectl's name for one object. */
    static String ref(ResourceType type, String name) {
        return type.singular() + (type.group().isEmpty() ? "" : "." + type.group()) + "/" + name;
    }

    /** {@code deployments.apps "nginx-deployment" not found}: the API server's words. */
    private static String notFound(ResourceType type, String name) {
        return type.qualifiedResource() + " \"" + name + "\" not found";
    }

    private static boolean terminating(JsonNode o) {
        return o.path("metadata").hasNonNull("deletionTimestamp");
    }

    private static Optional<JsonNode> live(CheckContext ctx, ResourceType type, String namespace, String name) {
        return ctx.cluster().get(type, ns(namespace), name).filter(o -> !terminating(o));
    }

    private static CheckResult exists(Check.Exists c, CheckContext ctx) {
        Optional<JsonNode> o = live(ctx, c.kind(), c.namespace(), c.name());
        return o.isPresent() ? CheckResult.pass(ref(c.kind(), c.name()) + " exists")
                : CheckResult.fail(notFound(c.kind(), c.name()));
    }

    private static CheckResult absent(Check.Absent c, CheckContext ctx) {
        Optional<JsonNode> o = ctx.cluster().get(c.kind(), ns(c.namespace()), c.name());
        if (o.isEmpty()) {
            return CheckResult.pass(notFound(c.kind(), c.name()));
        }
        return terminating(o.get()) ? CheckResult.pass(ref(c.kind(), c.name()) + " is terminating")
                : CheckResult.fail(ref(c.kind(), c.name()) + " still exists");
    }

    private static CheckResult field(Check.Field c, CheckContext ctx) {
        Optional<JsonNode> o = live(ctx, c.kind(), c.namespace(), c.name());
        if (o.isEmpty()) {
            return CheckResult.fail(notFound(c.kind(), c.name()));
        }
        JsonNode value = FieldPath.read(o.get(), c.path());
        String where = ref(c.kind(), c.name()) + ": " + c.path();
        if (value.isMissingNode() || value.isNull()) {
            return CheckResult.fail(where + " is not set, expected " + c.equals());
        }
        String actual = value.isValueNode() ? value.asText() : Kube.toJson(value);
        return actual.equals(c.equals()) ? CheckResult.pass(where + " is " + actual)
                : CheckResult.fail(where + " is " + actual + ", expected " + c.equals());
    }

    private static List<JsonNode> selected(CheckContext ctx, ResourceType type, String namespace, String selector) {
        List<Selectors.Requirement> reqs = Selectors.parseLabelSelector(selector);
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode o : ctx.cluster().list(type, type.namespaced() ? ns(namespace) : null)) {
            if (!terminating(o) && Selectors.matches(reqs, labels(o))) {
                out.add(o);
            }
        }
        return out;
    }

    private static Map<String, String> labels(JsonNode o) {
        Map<String, String> labels = new LinkedHashMap<>();
        o.path("metadata").path("labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
        return labels;
    }

    private static CheckResult count(Check.Count c, CheckContext ctx) {
        int n = 0;
        for (JsonNode o : selected(ctx, c.kind(), c.namespace(), c.selector())) {
            if (c.phase() == null || c.phase().equals(o.path("status").path("phase").asText())) {
                n++;
            }
        }
        List<String> want = new ArrayList<>();
        boolean ok = true;
        if (c.atLeast() != null) {
            ok &= n >= c.atLeast();
            want.add("at least " + c.atLeast());
        }
        if (c.atMost() != null) {
            ok &= n <= c.atMost();
            want.add("at most " + c.atMost());
        }
        if (c.equals() != null) {
            ok &= n == c.equals();
            want.add("exactly " + c.equals());
        }
        String what = n + " " + (n == 1 ? c.kind().singular() : c.kind().plural())
                + (c.selector() == null || c.selector().isBlank() ? "" : " with " + c.selector())
                + (c.phase() == null ? "" : " in phase " + c.phase());
        return CheckResult.of(ok, what + ", expected " + String.join(" and ", want));
    }

    private static CheckResult serviceType(Check.ServiceType c, CheckContext ctx) {
        Optional<JsonNode> svc = live(ctx, ResourceTypes.SERVICES, c.namespace(), c.name());
        if (svc.isEmpty()) {
            return CheckResult.fail(notFound(ResourceTypes.SERVICES, c.name()));
        }
        String type = svc.get().path("spec").path("type").asText("ClusterIP");
        String where = ref(ResourceTypes.SERVICES, c.name()) + " is of type " + type;
        return type.equals(c.type()) ? CheckResult.pass(where) : CheckResult.fail(where + ", expected " + c.type());
    }

    private static CheckResult nodePort(Check.NodePort c, CheckContext ctx) {
        List<JsonNode> services = new ArrayList<>();
        if (c.service() != null) {
            Optional<JsonNode> svc = live(ctx, ResourceTypes.SERVICES, c.namespace(), c.service());
            if (svc.isEmpty()) {
                return CheckResult.fail(notFound(ResourceTypes.SERVICES, c.service()));
            }
            services.add(svc.get());
        } else {
            services.addAll(ctx.cluster().list(ResourceTypes.SERVICES, ns(c.namespace())));
        }
        Set<Integer> seen = new TreeSet<>();
        for (JsonNode svc : services) {
            for (JsonNode port : svc.path("spec").path("ports")) {
                if (port.hasNonNull("nodePort")) {
                    seen.add(port.path("nodePort").asInt());
                    if (port.path("nodePort").asInt() == c.port()) {
                        return CheckResult.pass(ref(ResourceTypes.SERVICES, svc.path("metadata").path("name").asText())
                                + " listens on node port " + c.port());
                    }
                }
            }
        }
        String who = c.service() == null ? "no service in namespace " + ns(c.namespace())
                : ref(ResourceTypes.SERVICES, c.service()) + " does not";
        return CheckResult.fail(who + " listen" + (c.service() == null ? "s" : "") + " on node port " + c.port()
                + (seen.isEmpty() ? " (no node ports)" : " (node ports: " + seen + ")"));
    }

    /** Words of a command line, whitespace-normalized ({@code kubectl  get   po} = {@code kubectl get po}). */
    static List<String> words(String line) {
        String s = line.strip();
        return s.isEmpty() ? List.of() : Arrays.asList(s.split("\\s+"));
    }

    private static CheckResult consoleRan(Check.ConsoleRan c, CheckContext ctx) {
        Pattern regex = c.regex() == null ? null : Pattern.compile(c.regex());
        for (String line : ctx.consoleHistory()) {
            List<String> w = words(line);
            if (regex != null && regex.matcher(line.strip()).matches()) {
                return CheckResult.pass("ran: " + line.strip());
            }
            for (String want : c.anyOf()) {
                List<String> ww = words(want);
                if (w.size() >= ww.size() && w.subList(0, ww.size()).equals(ww)) {
                    return CheckResult.pass("ran: " + line.strip());
                }
            }
        }
        List<String> wanted = new ArrayList<>(c.anyOf());
        if (c.regex() != null) {
            wanted.add("/" + c.regex() + "/");
        }
        return CheckResult.fail("not run yet: " + String.join(" or ", wanted));
    }

    private static CheckResult quiz(Check.Quiz c, CheckContext ctx) {
        if (ctx.quizAnswer().isEmpty()) {
            return CheckResult.fail("no answer yet");
        }
        String a = ctx.quizAnswer().get();
        // The right option is not echoed: a student must not read it off a failed check.
        return a.equals(c.answer()) ? CheckResult.pass("answer " + a + " is right") : CheckResult.fail("answer " + a + " is not right");
    }

    private static String nodeOf(JsonNode pod) {
        String n = pod.path("spec").path("nodeName").asText("");
        return n.isEmpty() ? null : n;
    }

    private static CheckResult distinctNodes(Check.DistinctNodes c, CheckContext ctx) {
        Set<String> nodes = new TreeSet<>();
        int pending = 0;
        for (JsonNode pod : selected(ctx, ResourceTypes.PODS, c.namespace(), c.selector())) {
            String node = nodeOf(pod);
            if (node == null) {
                pending++;
            } else {
                nodes.add(node);
            }
        }
        String what = "pods with " + c.selector() + " run on " + nodes.size() + " node" + (nodes.size() == 1 ? "" : "s")
                + (nodes.isEmpty() ? "" : " " + nodes) + (pending == 0 ? "" : ", " + pending + " not scheduled");
        return CheckResult.of(nodes.size() >= c.atLeast(), what + ", expected at least " + c.atLeast());
    }

    private static CheckResult sameNode(Check.SameNode c, CheckContext ctx) {
        Set<String> nodes = new LinkedHashSet<>();
        List<String> problems = new ArrayList<>();
        for (String selector : c.selectors()) {
            List<JsonNode> pods = selected(ctx, ResourceTypes.PODS, c.namespace(), selector);
            if (pods.isEmpty()) {
                problems.add("no pod with " + selector);
            }
            for (JsonNode pod : pods) {
                String node = nodeOf(pod);
                if (node == null) {
                    problems.add("pod " + pod.path("metadata").path("name").asText() + " is not scheduled");
                } else {
                    nodes.add(node);
                }
            }
        }
        if (nodes.size() > 1) {
            problems.add("pods with " + String.join(" / ", c.selectors()) + " run on " + nodes.size() + " nodes " + nodes);
        }
        return problems.isEmpty()
                ? CheckResult.pass("pods with " + String.join(" / ", c.selectors()) + " all run on " + nodes.iterator().next())
                : new CheckResult(false, problems);
    }

    private static CheckResult combine(List<Check> checks, CheckContext ctx, boolean all) {
        List<String> details = new ArrayList<>();
        boolean passed = all;
        for (Check c : checks) {
            CheckResult r = evaluate(c, ctx);
            details.addAll(r.details());
            passed = all ? passed && r.passed() : passed || r.passed();
        }
        return new CheckResult(passed, details);
    }
}
