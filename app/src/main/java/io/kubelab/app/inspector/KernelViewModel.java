package io.kubelab.app.inspector;

import io.kubelab.app.i18n.I18n;
import io.kubelab.app.session.KubeErrors;
import io.kubelab.app.session.Selection;
import io.kubelab.engine.model.ResourceTypes;
import io.kubelab.linux.inspect.Capabilities;
import io.kubelab.linux.inspect.CgroupUsage;
import io.kubelab.linux.inspect.PodKernelView;
import io.kubelab.linux.inspect.ProcStatus;
import io.kubelab.linux.inspect.ServiceRules;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executor;

/**
 * The inspector's Kernel tab: what the Linux kernel says about the selected pod in real mode — its
 * namespaces beside the host's, each container's cgroup limits and live use, its veth and bridge,
 * the NAT rules of its Services, and what seccomp and the capability sets allow.
 *
 * <p>The kernel is asked when the tab is shown, when another pod is selected and when the pod
 * changes (a container restarted: new processes); only the cgroup numbers are read again every
 * second ({@link #refreshUsage}, driven by the view while the tab is shown).
 *
 * <p>Threading: UI thread. The source works on its own thread; answers come back through {@code ui}
 * and are dropped when the selection moved on meanwhile.
 */
public final class KernelViewModel {
    /**
     * One row of the namespaces table.
     *
     * @param containers each container's inode, in the order of {@link #containerNames()}
     */
    public record NamespaceLine(String kind, String pod, List<String> containers, String host, String verdict) {}

    /**
     * One container's cgroup: its path, limits and use as text, how full its memory is (0–1, or -1
     * without a limit), and which files the numbers come from.
     */
    public record CgroupLine(String container, String path, String memory, double memoryFraction, String cpu, String pids,
                             String files) {}

    private final I18n i18n;
    private final Executor ui;
    private KernelSource source = KernelSource.SIMULATED;
    private final ObjectProperty<Selection> selection = new SimpleObjectProperty<>(this, "selection");
    private final BooleanProperty shown = new SimpleBooleanProperty(this, "shown");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ReadOnlyBooleanWrapper available = new ReadOnlyBooleanWrapper(this, "available");
    private final ReadOnlyObjectWrapper<PodKernelView> view = new ReadOnlyObjectWrapper<>(this, "view");
    private final ObservableList<NamespaceLine> namespaces = FXCollections.observableArrayList();
    private final ObservableList<String> containerNames = FXCollections.observableArrayList();
    private final ObservableList<CgroupLine> cgroups = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper network = new ReadOnlyStringWrapper(this, "network", "");
    private final ReadOnlyStringWrapper iptables = new ReadOnlyStringWrapper(this, "iptables", "");
    private final ReadOnlyStringWrapper security = new ReadOnlyStringWrapper(this, "security", "");
    private Map<String, CgroupUsage> usage = Map.of();
    private int asked;
    private boolean usageInFlight;

    public KernelViewModel(I18n i18n, Executor ui) {
        this.i18n = i18n;
        this.ui = ui;
        selection.addListener((o, a, b) -> {
            if (!Objects.equals(a, b)) {
                clear();
                refresh();
            }
        });
        shown.addListener((o, a, b) -> {
            if (b) {
                refresh();
            }
        });
        i18n.localeProperty().addListener((o, a, b) -> render());
        refresh();
    }

    /** Real mode's source (the composition root wires it); {@link KernelSource#SIMULATED} otherwise. */
    public void setSource(KernelSource source) {
        this.source = source == null ? KernelSource.SIMULATED : source;
        clear();
        refresh();
    }

    private Selection.ObjectRef pod() {
        return selection.get() instanceof Selection.ObjectRef r && r.type() == ResourceTypes.PODS ? r : null;
    }

    /** Asks the kernel again about the selected pod (if the tab is shown). */
    public void refresh() {
        Selection.ObjectRef r = pod();
        int ticket = ++asked;
        if (!source.real()) {
            available.set(false);
            message.set(i18n.get("kernel.simulated"));
            return;
        }
        if (r == null) {
            available.set(false);
            message.set(i18n.get("kernel.notPod"));
            return;
        }
        if (!shown.get()) {
            return;
        }
        if (view.get() == null) {
            message.set(i18n.get("kernel.loading"));
        }
        source.inspect(r.namespace(), r.name()).whenComplete((answer, err) -> ui.execute(() -> {
            if (ticket != asked) {
                return;
            }
            if (err != null) {
                message.set(i18n.get("kernel.error", KubeErrors.describe(err)));
                return;
            }
            if (answer.isEmpty()) {
                clear();
                message.set(i18n.get("kernel.notRunning", "pod/" + r.name()));
                return;
            }
            message.set("");
            usage = Map.of();
            view.set(answer.get());
            available.set(true);
            render();
        }));
    }

    /** Reads the cgroup numbers again (the view calls it every second while the tab is shown). */
    public void refreshUsage() {
        PodKernelView v = view.get();
        if (v == null || usageInFlight || !shown.get()) {
            return;
        }
        usageInFlight = true;
        source.usage(v).whenComplete((u, err) -> ui.execute(() -> {
            usageInFlight = false;
            if (err == null && view.get() == v) {
                usage = u;
                renderCgroups();
            }
        }));
    }

    private void clear() {
        view.set(null);
        usage = Map.of();
        available.set(false);
        namespaces.clear();
        containerNames.clear();
        cgroups.clear();
        network.set("");
        iptables.set("");
        security.set("");
    }

    private void render() {
        PodKernelView v = view.get();
        if (v == null) {
            if (!source.real()) {
                message.set(i18n.get("kernel.simulated"));
            } else if (pod() == null) {
                message.set(i18n.get("kernel.notPod"));
            }
            return;
        }
        List<String> names = v.containers().stream().map(PodKernelView.ContainerKernel::name).toList();
        if (!names.equals(containerNames)) {
            containerNames.setAll(names);
        }
        List<NamespaceLine> rows = new ArrayList<>();
        for (PodKernelView.NamespaceRow r : v.namespaces()) {
            List<String> inodes = names.stream().map(n -> r.containers().containsKey(n) ? String.valueOf(r.containers().get(n)) : "").toList();
            rows.add(new NamespaceLine(r.kind(), String.valueOf(r.pause()), inodes, String.valueOf(r.host()), verdict(r)));
        }
        namespaces.setAll(rows);
        renderCgroups();
        network.set(network(v));
        iptables.set(iptables(v));
        security.set(security(v));
    }

    /** "shared by the pod" (net: every container in the pause process's), "own per container" (pid), "the host's" (user). */
    private String verdict(PodKernelView.NamespaceRow r) {
        if (r.sameAsHost()) {
            return i18n.get("kernel.ns.host");
        }
        if (r.sharedInPod()) {
            return i18n.get("kernel.ns.shared");
        }
        Set<Long> distinct = new HashSet<>(r.containers().values());
        if (distinct.size() == r.containers().size() && !distinct.contains(r.pause()) && !distinct.contains(r.host())) {
            return i18n.get("kernel.ns.own");
        }
        return i18n.get("kernel.ns.mixed");
    }

    private void renderCgroups() {
        PodKernelView v = view.get();
        if (v == null) {
            return;
        }
        List<CgroupLine> lines = new ArrayList<>();
        for (PodKernelView.ContainerKernel c : v.containers()) {
            CgroupUsage u = usage.getOrDefault(c.name(), c.usage());
            double fraction = u.memoryMax() > 0 ? Math.min(1.0, (double) u.memoryCurrent() / u.memoryMax()) : -1;
            String memory = u.memoryMax() > 0
                    ? i18n.get("kernel.cg.memory", bytes(u.memoryCurrent()), bytes(u.memoryMax()),
                    String.format(Locale.ROOT, "%.1f", fraction * 100))
                    : i18n.get("kernel.cg.memoryUnlimited", bytes(u.memoryCurrent()));
            if (u.memoryPeak() >= 0) {
                memory += " · " + i18n.get("kernel.cg.peak", bytes(u.memoryPeak()));
            }
            String cpu = i18n.get("kernel.cg.cpu", cpuLimit(u.cpuMax()), String.format(Locale.ROOT, "%.2f", u.cpuUsageUsec() / 1e6),
                    u.cpuWeight() < 0 ? "?" : String.valueOf(u.cpuWeight()));
            String pids = i18n.get("kernel.cg.pids", u.pidsCurrent(), u.pidsMax() < 0 ? "max" : String.valueOf(u.pidsMax()));
            String files = "cgroup v" + u.version() + ": " + String.join(", ", u.file("memoryMax"), u.file("memoryCurrent"),
                    u.file("memoryPeak"), u.file("cpuMax"), u.file("cpuWeight"), u.file("cpuUsageUsec"), "pids.max", "pids.current");
            lines.add(new CgroupLine(c.name(), c.cgroupPath(), memory, fraction, cpu, pids, files));
        }
        cgroups.setAll(lines);
    }

    /** 1572864 → "1.5 MiB"; 67108864 → "64.0 MiB"; 900 → "900 B". */
    static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        if (n < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KiB", n / 1024.0);
        }
        if (n < 1024L * 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f MiB", n / (1024.0 * 1024));
        }
        return String.format(Locale.ROOT, "%.2f GiB", n / (1024.0 * 1024 * 1024));
    }

    /** cpu.max "50000 100000" → "0.5 CPU" (50 ms of every 100 ms); "max 100000" → the word for no limit. */
    private String cpuLimit(String cpuMax) {
        String[] qp = cpuMax.split("\\s+");
        if (qp.length != 2 || qp[0].equals("max")) {
            return i18n.get("kernel.cg.noLimit");
        }
        try {
            return String.format(Locale.ROOT, "%.2f CPU", Double.parseDouble(qp[0]) / Double.parseDouble(qp[1]));
        } catch (NumberFormatException e) {
            return cpuMax;
        }
    }

    private String network(PodKernelView v) {
        PodKernelView.Network n = v.network();
        StringBuilder b = new StringBuilder();
        row(b, i18n.get("kernel.net.pod"), n.podInterface() + "  " + n.podIp() + "   (ifindex " + n.podIfindex() + ")");
        row(b, i18n.get("kernel.net.veth"), (n.hostVeth().isEmpty() ? "?" : n.hostVeth()) + "   (ifindex "
                + n.hostIfindex() + " = eth0@if" + n.hostIfindex() + ")");
        row(b, i18n.get("kernel.net.bridge"), n.bridge() + "  " + n.bridgeAddress());
        row(b, i18n.get("kernel.net.node"), v.node() + "   (netns " + n.nodeNetns() + ")");
        row(b, i18n.get("kernel.net.gateway"), n.gateway());
        for (int i = 0; i < n.routes().size(); i++) {
            row(b, i == 0 ? i18n.get("kernel.net.routes") : "", n.routes().get(i));
        }
        return b.toString().stripTrailing();
    }

    private static void row(StringBuilder b, String label, String value) {
        b.append(label);
        b.append(" ".repeat(Math.max(1, 16 - width(label))));
        b.append(value).append('\n');
    }

    /** Columns a label takes in a monospace font: a CJK character takes two. */
    private static int width(String s) {
        int w = 0;
        for (int i = 0; i < s.length(); i++) {
            w += s.charAt(i) >= 0x2E80 ? 2 : 1;
        }
        return w;
    }

    private String iptables(PodKernelView v) {
        if (v.services().isEmpty()) {
            return i18n.get("kernel.ipt.none", v.network().podIp().replaceFirst("/.*", ""));
        }
        StringBuilder b = new StringBuilder();
        for (ServiceRules s : v.services()) {
            b.append("# ").append(i18n.get("kernel.ipt.service", s.service())).append('\n');
            s.rules().forEach(l -> b.append(l).append('\n'));
            b.append('\n');
        }
        return b.toString().stripTrailing();
    }

    private String security(PodKernelView v) {
        StringBuilder b = new StringBuilder();
        for (PodKernelView.ContainerKernel c : v.containers()) {
            ProcStatus s = c.security();
            b.append(c.name()).append("  (PID ").append(c.pid()).append(")\n");
            b.append("  Seccomp: ").append(s.seccomp()).append(" (").append(s.seccompMode()).append(')');
            if (s.seccompFilters() >= 0) {
                b.append("   Seccomp_filters: ").append(s.seccompFilters());
            }
            b.append("   NoNewPrivs: ").append(s.noNewPrivs()).append('\n');
            List<String> eff = s.effective();
            b.append("  CapEff: ").append(String.format("%016x", s.capEff())).append("  ")
                    .append(i18n.get("kernel.sec.caps", eff.size(), Capabilities.count())).append('\n');
            b.append("    ").append(String.join(" ", eff)).append('\n');
            List<String> missing = new ArrayList<>();
            for (int bit = 0; bit < Capabilities.count(); bit++) {
                if ((s.capEff() & (1L << bit)) == 0) {
                    missing.add(Capabilities.name(bit));
                }
            }
            b.append("  ").append(i18n.get("kernel.sec.missing")).append('\n');
            b.append("    ").append(String.join(" ", missing)).append('\n');
            b.append("  CapBnd: ").append(String.format("%016x", s.capBnd())).append('\n');
        }
        PodKernelView.SeccompProfile p = v.seccomp();
        if (!p.defaultAction().isEmpty()) {
            b.append(i18n.get("kernel.sec.profile", p.defaultAction(), p.blockedSyscalls(), p.blockedAction()));
        }
        return b.toString().stripTrailing();
    }

    // ---- properties ---------------------------------------------------------------------

    public ObjectProperty<Selection> selectionProperty() {
        return selection;
    }

    /** Whether the tab is on screen; the view sets it. The kernel is asked only while it is. */
    public BooleanProperty shownProperty() {
        return shown;
    }

    /** Why nothing is shown (simulated cluster, not a pod, not running), or empty. */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** Whether a pod's kernel objects are shown. */
    public ReadOnlyBooleanProperty availableProperty() {
        return available.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<PodKernelView> viewProperty() {
        return view.getReadOnlyProperty();
    }

    public ObservableList<NamespaceLine> namespaces() {
        return namespaces;
    }

    /** The containers of the shown pod (the namespaces table has a column for each). */
    public ObservableList<String> containerNames() {
        return containerNames;
    }

    public ObservableList<CgroupLine> cgroups() {
        return cgroups;
    }

    public ReadOnlyStringProperty networkProperty() {
        return network.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty iptablesProperty() {
        return iptables.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty securityProperty() {
        return security.getReadOnlyProperty();
    }
}
