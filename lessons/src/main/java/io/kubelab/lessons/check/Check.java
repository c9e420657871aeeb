package io.kubelab.lessons.check;

import io.kubelab.engine.model.ResourceType;

import java.util.List;
import java.util.Objects;

/**
 * A step's check: a declarative condition over the cluster's state, the console's history or a
 * quiz answer, in the spirit of a Killercoda {@code verify} script but data, so it can be shown,
 * validated when the lesson loads and evaluated without running anything. In {@code lesson.yaml}
 * a check is a map with one key naming its type:
 *
 * <pre>{@code
 * check:
 *   all:
 *     - exists: {kind: Deployment, name: nginx-deployment}
 *     - count: {kind: Pod, selector: run=my-nginx, phase: Running, atLeast: 2}
 * }</pre>
 *
 * A {@code namespace} left out means {@code default}. Objects being deleted (with a
 * deletionTimestamp) do not count: a student who deleted a pod should not pass "the pod exists"
 * while it terminates.
 */
public sealed interface Check {

    /** {@code exists: {kind: Deployment, name: nginx-deployment}}. */
    record Exists(ResourceType kind, String namespace, String name) implements Check {}

    /** {@code absent: {kind: Pod, name: my-pod}}: the object is gone (or terminating). */
    record Absent(ResourceType kind, String namespace, String name) implements Check {}

    /**
     * {@code field: {kind: Deployment, name: x, path: status.availableReplicas, equals: 2}}. The path
     * is dotted with {@code [i]} for list items: {@code spec.template.spec.containers[0].image};
     * values compare as text, so {@code 2} and {@code "2"} are the same.
     */
    record Field(ResourceType kind, String namespace, String name, String path, String equals) implements Check {}

    /**
     * {@code count: {kind: Pod, selector: run=my-nginx, phase: Running, atLeast: 2}}: how many objects
     * match a label selector (and, for pods, a phase); at least one bound of atLeast / atMost / equals.
     */
    record Count(ResourceType kind, String namespace, String selector, String phase, Integer atLeast, Integer atMost,
                 Integer equals) implements Check {}

    /** {@code serviceType: {name: my-nginx, type: NodePort}}. */
    record ServiceType(String namespace, String name, String type) implements Check {}

    /**
     * {@code nodePort: 31000} (any Service in the namespace) or
     * {@code nodePort: {service: my-nginx, port: 31000}}.
     */
    record NodePort(String namespace, String service, int port) implements Check {}

    /**
     * {@code console: {ran: "kubectl get po"}}: the student ran a command that starts with these words
     * (extra flags allowed); {@code ran} may list alternatives, and {@code matches} takes a regular
     * expression over the whole line instead.
     */
    record ConsoleRan(List<String> anyOf, String regex) implements Check {
        public ConsoleRan {
            anyOf = List.copyOf(anyOf);
        }
    }

    /** {@code quiz: {answer: b}}: the student chose option {@code b} of the step's quiz. */
    record Quiz(String answer) implements Check {
        public Quiz {
            Objects.requireNonNull(answer, "answer");
        }
    }

    /**
     * {@code distinctNodes: {selector: app=web, atLeast: 3}}: the bound pods matching the selector run on
     * at least that many different nodes (what pod anti-affinity or topology spread achieves).
     */
    record DistinctNodes(String namespace, String selector, int atLeast) implements Check {}

    /**
     * {@code sameNode: {selectors: [app=web, app=cache]}}: every pod matching any selector is bound,
     * all to one node, and each selector matches at least one pod (what pod affinity achieves).
     */
    record SameNode(String namespace, List<String> selectors) implements Check {
        public SameNode {
            selectors = List.copyOf(selectors);
        }
    }

    /** {@code all: [...]}: every check holds. */
    record AllOf(List<Check> checks) implements Check {
        public AllOf {
            checks = List.copyOf(checks);
        }
    }

    /** {@code any: [...]}: at least one check holds. */
    record AnyOf(List<Check> checks) implements Check {
        public AnyOf {
            checks = List.copyOf(checks);
        }
    }
}
