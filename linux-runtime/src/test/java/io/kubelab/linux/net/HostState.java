package io.kubelab.linux.net;

import java.io.IOException;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What the host's own network namespace holds that Kubelab must never change: its routes and
 * addresses, on the devices the host had before the test. (Other programs, such as a container
 * runtime's tests on the same machine, may add and remove devices of their own meanwhile; the
 * tests check separately that no cluster address appears on any device.)
 */
final class HostState {
    private static final Pattern DEV = Pattern.compile("\\bdev (\\S+)");

    private HostState() {}

    /** The host's devices now. */
    static Set<String> devices() throws IOException {
        return Cmd.check("ip", "-o", "link").out().lines().map(l -> l.split(":")[1].strip().replaceAll("@.*", ""))
                .collect(Collectors.toSet());
    }

    static String capture(Set<String> devices) throws IOException {
        String routes = Cmd.check("ip", "route", "show", "table", "all").out().lines().filter(l -> {
            Matcher m = DEV.matcher(l);
            return !m.find() || devices.contains(m.group(1));
        }).collect(Collectors.joining("\n"));
        // "4: eth0    inet 192.0.2.2/24 … valid_lft forever …": lifetimes dropped (DHCP leases count down).
        String addrs = Cmd.check("ip", "-o", "addr").out().lines().filter(l -> devices.contains(l.split("\\s+")[1]))
                .map(l -> l.replaceAll("\\s+valid_lft.*", "").replaceAll("\\\\", "").strip())
                .collect(Collectors.joining("\n"));
        return "routes:\n" + routes + "\naddresses:\n" + addrs;
    }
}
