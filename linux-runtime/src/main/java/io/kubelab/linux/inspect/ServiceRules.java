package io.kubelab.linux.inspect;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The NAT rules of one Service port that can send a packet to a given pod, picked out of a node's
 * {@code iptables-save}: the path kube-proxy's rules make from the Service's address to the pod.
 *
 * <pre>
 *   -A KUBE-SERVICES  … -d 10.0.0.37/32 --dport 80 -j KUBE-SVC-ABC         the ClusterIP matches
 *   -A KUBE-NODEPORTS … --dport 31000 -j KUBE-EXT-ABC                     (NodePort Services)
 *   -A KUBE-SVC-ABC … -m statistic --mode random --probability 0.5 -j KUBE-SEP-ONE   pick an endpoint
 *   -A KUBE-SVC-ABC … -j KUBE-SEP-TWO
 *   -A KUBE-SEP-TWO … -j DNAT --to-destination 10.244.0.7:80              rewrite to this pod
 * </pre>
 *
 * Found backwards from the pod: the SEP chains whose DNAT goes to its IP, the SVC chains jumping
 * to those, the EXT chains jumping to the SVCs, the KUBE-SERVICES and KUBE-NODEPORTS lines jumping
 * to either. The other endpoints' SEP chains are left out: they do not reach this pod.
 *
 * @param service the Service port as kube-proxy's comments name it ({@code default/web:http}, {@code default/web})
 * @param rules   the lines, in the order a packet meets them
 */
public record ServiceRules(String service, List<String> rules) {
    private static final Pattern RULE = Pattern.compile("^-A (\\S+) (.*)$");
    private static final Pattern JUMP = Pattern.compile("(?:^|\\s)-j (\\S+)");
    private static final Pattern COMMENT = Pattern.compile("--comment (\"[^\"]*\"|\\S+)");

    private record Rule(String chain, String line, String target) {}

    /**
     * The rules of every Service port with an endpoint at {@code podIp}, from the output of
     * {@code iptables-save} (the whole of it or its nat table), one entry per Service port.
     */
    public static List<ServiceRules> forPod(String iptablesSave, String podIp) {
        List<Rule> rules = new ArrayList<>();
        boolean nat = true;
        for (String line : iptablesSave.split("\n")) {
            if (line.startsWith("*")) {
                nat = line.equals("*nat");
                continue;
            }
            Matcher m = RULE.matcher(line);
            if (nat && m.matches()) {
                Matcher j = JUMP.matcher(m.group(2));
                rules.add(new Rule(m.group(1), line, j.find() ? j.group(1) : ""));
            }
        }
        // The pod's SEP chains, by Service port (the comment on their rules).
        Map<String, String> sepService = new LinkedHashMap<>();
        for (Rule r : rules) {
            if (r.chain.startsWith("KUBE-SEP-") && r.target.equals("DNAT")
                    && (r.line.contains("--to-destination " + podIp + ":") || r.line.endsWith("--to-destination " + podIp))) {
                sepService.put(r.chain, comment(r.line));
            }
        }
        List<ServiceRules> out = new ArrayList<>();
        for (Map.Entry<String, String> sep : sepService.entrySet()) {
            Set<String> svcs = chainsJumpingTo(rules, Set.of(sep.getKey()), "KUBE-SVC-");
            Set<String> exts = chainsJumpingTo(rules, svcs, "KUBE-EXT-");
            List<String> lines = new ArrayList<>();
            Set<String> entries = new LinkedHashSet<>(svcs);
            entries.addAll(exts);
            for (Rule r : rules) {
                if ((r.chain.equals("KUBE-SERVICES") || r.chain.equals("KUBE-NODEPORTS")) && entries.contains(r.target)) {
                    lines.add(r.line);
                }
            }
            for (Set<String> group : List.of(exts, svcs, Set.of(sep.getKey()))) {
                for (Rule r : rules) {
                    if (group.contains(r.chain)) {
                        lines.add(r.line);
                    }
                }
            }
            out.add(new ServiceRules(sep.getValue(), List.copyOf(lines)));
        }
        return out;
    }

    private static Set<String> chainsJumpingTo(List<Rule> rules, Set<String> targets, String prefix) {
        Set<String> chains = new LinkedHashSet<>();
        for (Rule r : rules) {
            if (r.chain.startsWith(prefix) && targets.contains(r.target)) {
                chains.add(r.chain);
            }
        }
        return chains;
    }

    private static String comment(String line) {
        Matcher m = COMMENT.matcher(line);
        return m.find() ? m.group(1).replace("\"", "") : "";
    }
}
