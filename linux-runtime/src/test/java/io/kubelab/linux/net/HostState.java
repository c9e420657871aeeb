package io.kubelab.linux.net;

import java.io.IOException;
import java.util.List;
import java.util.stream.Collectors;

/** What the host's own network namespace holds that Kubelab must never change: routes, addresses, links. */
final class HostState {
    private HostState() {}

    static String capture() throws IOException {
        String routes = Cmd.check("ip", "route", "show", "table", "all").out();
        // Addresses without their lifetimes (DHCP leases count down).
        String addrs = Cmd.check("ip", "-o", "addr").out().lines()
                .map(l -> l.replaceAll("\\s+valid_lft.*", "").replaceAll("\\\\", "").strip())
                .collect(Collectors.joining("\n"));
        String links = Cmd.check(List.of("ip", "-o", "link"), null).out().lines()
                .map(l -> l.split(":")[1].strip()).sorted().collect(Collectors.joining(" "));
        return "routes:\n" + routes + "\naddresses:\n" + addrs + "\nlinks: " + links;
    }
}
