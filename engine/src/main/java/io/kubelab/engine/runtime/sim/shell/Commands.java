package io.kubelab.engine.runtime.sim.shell;

import io.kubelab.engine.runtime.HttpRequest;
import io.kubelab.engine.runtime.HttpResult;
import io.kubelab.engine.runtime.sim.shell.ShellProcess.Command;
import io.kubelab.engine.runtime.sim.shell.ShellProcess.Invocation;
import io.kubelab.engine.runtime.sim.shell.ShellProcess.Io;
import io.kubelab.engine.runtime.sim.shell.ShellProcess.Outcome;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The programs of the simulated images, by the name their binaries carry ({@code /bin/ls} stands
 * for {@code ls}). A binary's name may name a variant after a colon ({@code cat:gnu}) when the
 * GNU coreutils of Debian and Ubuntu word an error differently from busybox.
 *
 * <p>Beyond the usual tools there are a few servers and stressors the image catalog builds
 * apps from: {@code httpd} (busybox's, with extensions to look like nginx or an echo server),
 * {@code stress} (the one of the Kubernetes memory-limit example) and {@code alloc} (a leak in
 * steps).
 */
public final class Commands {
    private Commands() {}

    private static final Map<String, Command> REGISTRY = new HashMap<>();

    static {
        for (String shell : List.of("sh", "ash", "dash", "bash")) {
            REGISTRY.put(shell, Commands::shell);
        }
        REGISTRY.put("sleep", Commands::sleep);
        REGISTRY.put("cat", Commands::cat);
        REGISTRY.put("ls", Commands::ls);
        REGISTRY.put("hostname", inv -> done(inv, inv.host().hostname() + "\n"));
        REGISTRY.put("env", Commands::env);
        REGISTRY.put("printenv", Commands::printenv);
        REGISTRY.put("date", Commands::date);
        REGISTRY.put("touch", Commands::touch);
        REGISTRY.put("rm", Commands::rm);
        REGISTRY.put("mkdir", Commands::mkdir);
        REGISTRY.put("uname", Commands::uname);
        REGISTRY.put("whoami", inv -> done(inv, "root\n"));
        REGISTRY.put("id", inv -> done(inv, "uid=0(root) gid=0(root) groups=0(root)\n"));
        REGISTRY.put("wc", Commands::wc);
        REGISTRY.put("head", inv -> headTail(inv, true));
        REGISTRY.put("tail", inv -> headTail(inv, false));
        REGISTRY.put("grep", Commands::grep);
        REGISTRY.put("ps", Commands::ps);
        REGISTRY.put("seq", Commands::seq);
        REGISTRY.put("echo", inv -> echo(inv.args(), inv.io()));
        REGISTRY.put("printf", inv -> printf(inv.args(), inv.io()));
        REGISTRY.put("true", inv -> new Outcome.Done(0));
        REGISTRY.put("false", inv -> new Outcome.Done(1));
        REGISTRY.put("test", inv -> new Outcome.Done(test(inv.args(), inv.host().fs(), inv.process().cwd(), inv.io())));
        REGISTRY.put("httpd", HttpServer::run);
        REGISTRY.put("stress", Commands::stress);
        REGISTRY.put("alloc", Commands::alloc);
        REGISTRY.put("pause", Commands::pause);
        REGISTRY.put("curl", NetTools::curl);
        REGISTRY.put("wget", NetTools::wget);
        REGISTRY.put("nslookup", NetTools::nslookup);
    }

    /** The program a binary names ({@code cat} or {@code cat:gnu}), or null. */
    public static Command get(String binary) {
        if (binary == null) {
            return null;
        }
        int colon = binary.indexOf(':');
        String name = colon < 0 ? binary : binary.substring(0, colon);
        Command c = REGISTRY.get(name);
        if (c == null) {
            return null;
        }
        if (colon < 0) {
            return c;
        }
        String variant = binary.substring(colon + 1);
        return inv -> c.run(new Invocation(inv.argv(), inv.io(), inv.process(), new VariantHost(inv.host(), variant)));
    }

    /** Whether a program of that name exists. */
    public static boolean exists(String binary) {
        return get(binary) != null;
    }

    /** Tags the host of an invocation with the binary's variant ({@code gnu}), for error wording. */
    record VariantHost(ProcessHost delegate, String variant) implements ProcessHost {
        @Override
        public Instant now() {
            return delegate.now();
        }

        @Override
        public void after(Duration delay, Runnable action) {
            delegate.after(delay, action);
        }

        @Override
        public SimFileSystem fs() {
            return delegate.fs();
        }

        @Override
        public String hostname() {
            return delegate.hostname();
        }

        @Override
        public String kernelRelease() {
            return delegate.kernelRelease();
        }

        @Override
        public String ip() {
            return delegate.ip();
        }

        @Override
        public String nodeName() {
            return delegate.nodeName();
        }

        @Override
        public String namespace() {
            return delegate.namespace();
        }

        @Override
        public boolean listen(int port, java.util.function.Function<HttpRequest, HttpResult.Response> handler, ShellProcess owner) {
            return delegate.listen(port, handler, owner);
        }

        @Override
        public void unlisten(int port, ShellProcess owner) {
            delegate.unlisten(port, owner);
        }

        @Override
        public void allocate(long bytes, ShellProcess owner) {
            delegate.allocate(bytes, owner);
        }

        @Override
        public List<String> processes() {
            return delegate.processes();
        }

        @Override
        public SimNetwork network() {
            return delegate.network();
        }
    }

    static boolean gnu(Invocation inv) {
        return inv.host() instanceof VariantHost v && v.variant().equals("gnu");
    }

    private static Outcome done(Invocation inv, String out) {
        inv.out(out);
        return new Outcome.Done(0);
    }

    // ---- shells ---------------------------------------------------------------------------

    private static Outcome shell(Invocation inv) {
        String flavor = inv.name().equals("sh") ? "ash" : inv.name();
        List<String> args = inv.args();
        int i = 0;
        while (i < args.size() && args.get(i).startsWith("-") && !args.get(i).equals("-c") && args.get(i).length() > 1) {
            i++; // -e, -x, -l, …: accepted and ignored
        }
        String arg0 = inv.argv().get(0);
        if (i < args.size() && args.get(i).equals("-c")) {
            if (i + 1 >= args.size()) {
                inv.err(inv.name() + ": -c requires an argument\n");
                return new Outcome.Done(2);
            }
            String script = args.get(i + 1);
            List<String> rest = args.subList(Math.min(i + 2, args.size()), args.size());
            String name = rest.isEmpty() ? arg0 : rest.get(0);
            List<String> positional = rest.isEmpty() ? List.of() : rest.subList(1, rest.size());
            try {
                return new Outcome.Script(ShellParser.parse(script), name, positional, flavor);
            } catch (ShellSyntaxException e) {
                inv.err(syntaxPrefix(flavor, arg0) + e.getMessage() + "\n");
                return new Outcome.Done(2);
            }
        }
        if (i < args.size()) {
            String file = SimFileSystem.resolve(inv.process().cwd(), args.get(i));
            Optional<SimFileSystem.Entry> e = inv.host().fs().get(file).filter(x -> !x.directory());
            if (e.isEmpty()) {
                inv.err(syntaxPrefix(flavor, arg0) + "can't open '" + args.get(i) + "': No such file or directory\n");
                return new Outcome.Done(2);
            }
            try {
                return new Outcome.Script(ShellParser.parse(e.get().content()), args.get(i), args.subList(i + 1, args.size()), flavor);
            } catch (ShellSyntaxException ex) {
                inv.err(args.get(i) + ": " + ex.getMessage() + "\n");
                return new Outcome.Done(2);
            }
        }
        // An interactive shell with nothing on stdin (no -i, no tty): reads EOF and exits 0.
        String stdin = inv.io().stdin();
        if (stdin != null && !stdin.isBlank()) {
            return new Outcome.Script(ShellParser.parse(stdin), arg0, List.of(), flavor);
        }
        return new Outcome.Done(0);
    }

    private static String syntaxPrefix(String flavor, String arg0) {
        return switch (flavor) {
            case "bash" -> "bash: -c: line 1: ";
            case "dash" -> SimFileSystem.baseName(arg0) + ": 1: ";
            default -> SimFileSystem.baseName(arg0) + ": ";
        };
    }

    // ---- time -----------------------------------------------------------------------------

    /** {@code 1}, {@code 0.5}, {@code 2m}, {@code 1h}, {@code infinity}; null when invalid. */
    static Duration parseSleep(String s) {
        if (s.equals("infinity") || s.equals("inf")) {
            return null;
        }
        long unitNanos = 1_000_000_000L;
        String num = s;
        char last = s.isEmpty() ? ' ' : s.charAt(s.length() - 1);
        switch (last) {
            case 's' -> num = s.substring(0, s.length() - 1);
            case 'm' -> {
                num = s.substring(0, s.length() - 1);
                unitNanos = 60_000_000_000L;
            }
            case 'h' -> {
                num = s.substring(0, s.length() - 1);
                unitNanos = 3_600_000_000_000L;
            }
            case 'd' -> {
                num = s.substring(0, s.length() - 1);
                unitNanos = 86_400_000_000_000L;
            }
            default -> { }
        }
        double v = Double.parseDouble(num);
        if (v < 0 || Double.isNaN(v)) {
            throw new NumberFormatException(s);
        }
        return Duration.ofNanos((long) (v * unitNanos));
    }

    private static Outcome sleep(Invocation inv) {
        if (inv.args().isEmpty()) {
            inv.err(gnu(inv) ? "sleep: missing operand\nTry 'sleep --help' for more information.\n"
                    : "BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\nUsage: sleep [N]...\n");
            return new Outcome.Done(1);
        }
        Duration total = Duration.ZERO;
        for (String a : inv.args()) {
            try {
                Duration d = parseSleep(a);
                if (d == null) {
                    return new Outcome.Block(null);
                }
                total = total.plus(d);
            } catch (NumberFormatException e) {
                inv.err(gnu(inv) ? "sleep: invalid time interval '" + a + "'\nTry 'sleep --help' for more information.\n"
                        : "sleep: invalid number '" + a + "'\n");
                return new Outcome.Done(1);
            }
        }
        return new Outcome.Sleep(total, () -> new Outcome.Done(0));
    }

    private static final DateTimeFormatter NGINX_LOG = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT);
    /** Day and month names as {@code TextStyle} gives them in {@code Locale.ROOT} ({@code Mon}, {@code January}), looked up once. */
    private static final String[] DAY_SHORT = new String[7];
    private static final String[] DAY_FULL = new String[7];
    private static final String[] MONTH_SHORT = new String[12];
    private static final String[] MONTH_FULL = new String[12];

    static {
        for (java.time.DayOfWeek d : java.time.DayOfWeek.values()) {
            DAY_SHORT[d.ordinal()] = d.getDisplayName(TextStyle.SHORT, Locale.ROOT);
            DAY_FULL[d.ordinal()] = d.getDisplayName(TextStyle.FULL, Locale.ROOT);
        }
        for (java.time.Month m : java.time.Month.values()) {
            MONTH_SHORT[m.ordinal()] = m.getDisplayName(TextStyle.SHORT, Locale.ROOT);
            MONTH_FULL[m.ordinal()] = m.getDisplayName(TextStyle.FULL, Locale.ROOT);
        }
    }

    /**
     * The instant in UTC. Not {@code instant.atZone(ZoneOffset.UTC)}: on Java 17 that asks the
     * offset for its {@code ZoneRules}, which builds new rules on every call (about 1% of a big
     * cluster's start-up, one {@code date} per nginx container); a fixed offset needs none.
     */
    public static ZonedDateTime utc(Instant instant) {
        return ZonedDateTime.of(LocalDateTime.ofEpochSecond(instant.getEpochSecond(), instant.getNano(), ZoneOffset.UTC),
                ZoneOffset.UTC);
    }

    /** {@code value} in at least {@code width} digits, zero-padded ({@code %02d}; non-negative values). */
    private static void pad(StringBuilder sb, long value, int width, char fill) {
        String digits = Long.toString(value);
        for (int i = digits.length(); i < width; i++) {
            sb.append(fill);
        }
        sb.append(digits);
    }

    /** A {@code strftime}-like format: {@code %Y %m %d %H %M %S %s %a %b %e %Z %z %T %F %j %n %t %%}. */
    public static String strftime(String format, Instant instant) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(instant.getEpochSecond(), instant.getNano(), ZoneOffset.UTC);
        StringBuilder sb = new StringBuilder(format.length() + 16);
        for (int i = 0; i < format.length(); i++) {
            char c = format.charAt(i);
            if (c != '%' || i + 1 >= format.length()) {
                sb.append(c);
                continue;
            }
            char f = format.charAt(++i);
            switch (f) {
                case 'Y' -> sb.append(t.getYear());
                case 'm' -> pad(sb, t.getMonthValue(), 2, '0');
                case 'd' -> pad(sb, t.getDayOfMonth(), 2, '0');
                case 'e' -> pad(sb, t.getDayOfMonth(), 2, ' ');
                case 'H' -> pad(sb, t.getHour(), 2, '0');
                case 'M' -> pad(sb, t.getMinute(), 2, '0');
                case 'S' -> pad(sb, t.getSecond(), 2, '0');
                case 's' -> sb.append(instant.getEpochSecond());
                case 'N' -> pad(sb, t.getNano(), 9, '0');
                case 'a' -> sb.append(DAY_SHORT[t.getDayOfWeek().ordinal()]);
                case 'A' -> sb.append(DAY_FULL[t.getDayOfWeek().ordinal()]);
                case 'b', 'h' -> sb.append(MONTH_SHORT[t.getMonthValue() - 1]);
                case 'B' -> sb.append(MONTH_FULL[t.getMonthValue() - 1]);
                case 'Z' -> sb.append("UTC");
                case 'z' -> sb.append("+0000");
                case 'T' -> {
                    pad(sb, t.getHour(), 2, '0');
                    sb.append(':');
                    pad(sb, t.getMinute(), 2, '0');
                    sb.append(':');
                    pad(sb, t.getSecond(), 2, '0');
                }
                case 'F' -> {
                    sb.append(t.getYear()).append('-');
                    pad(sb, t.getMonthValue(), 2, '0');
                    sb.append('-');
                    pad(sb, t.getDayOfMonth(), 2, '0');
                }
                case 'D' -> {
                    pad(sb, t.getMonthValue(), 2, '0');
                    sb.append('/');
                    pad(sb, t.getDayOfMonth(), 2, '0');
                    sb.append('/');
                    pad(sb, t.getYear() % 100, 2, '0');
                }
                case 'j' -> pad(sb, t.getDayOfYear(), 3, '0');
                case 'n' -> sb.append('\n');
                case 't' -> sb.append('\t');
                case '%' -> sb.append('%');
                default -> sb.append('%').append(f);
            }
        }
        return sb.toString();
    }

    /** {@code 01/Jan/2026:00:00:05 +0000}: the time in nginx's access log. */
    public static String nginxLogTime(Instant instant) {
        return NGINX_LOG.format(utc(instant));
    }

    private static Outcome date(Invocation inv) {
        String format = "%a %b %e %H:%M:%S %Z %Y";
        for (String a : inv.args()) {
            if (a.startsWith("+")) {
                format = a.substring(1);
            } else if (a.equals("-R")) {
                format = "%a, %d %b %Y %H:%M:%S +0000";
            } else if (a.equals("-I")) {
                format = "%F";
            }
        }
        return done(inv, strftime(format, inv.host().now()) + "\n");
    }

    // ---- files ----------------------------------------------------------------------------

    private static String noFile(Invocation inv, String tool, String path) {
        return gnu(inv) ? tool + ": " + path + ": No such file or directory\n"
                : tool + ": can't open '" + path + "': No such file or directory\n";
    }

    private static Outcome cat(Invocation inv) {
        List<String> files = inv.args().stream().filter(a -> !a.startsWith("-") || a.equals("-")).toList();
        if (files.isEmpty()) {
            inv.out(inv.io().stdin() == null ? "" : inv.io().stdin());
            return new Outcome.Done(0);
        }
        int status = 0;
        for (String f : files) {
            if (f.equals("-")) {
                inv.out(inv.io().stdin() == null ? "" : inv.io().stdin());
                continue;
            }
            String p = SimFileSystem.resolve(inv.process().cwd(), f);
            Optional<SimFileSystem.Entry> e = inv.host().fs().get(p);
            if (e.isEmpty()) {
                inv.err(noFile(inv, "cat", f));
                status = 1;
            } else if (e.get().directory()) {
                inv.err(gnu(inv) ? "cat: " + f + ": Is a directory\n" : "cat: read error: Is a directory\n");
                status = 1;
            } else {
                inv.out(e.get().content());
            }
        }
        return new Outcome.Done(status);
    }

    private static Outcome ls(Invocation inv) {
        boolean all = false;
        boolean longFormat = false;
        List<String> paths = new ArrayList<>();
        for (String a : inv.args()) {
            if (a.startsWith("-") && a.length() > 1) {
                all |= a.contains("a") || a.contains("A");
                longFormat |= a.contains("l");
            } else {
                paths.add(a);
            }
        }
        if (paths.isEmpty()) {
            paths.add(".");
        }
        SimFileSystem fs = inv.host().fs();
        int status = 0;
        StringBuilder out = new StringBuilder();
        List<String> dirs = new ArrayList<>();
        for (String a : paths) {
            String p = SimFileSystem.resolve(inv.process().cwd(), a);
            Optional<SimFileSystem.Entry> e = fs.get(p);
            if (e.isEmpty()) {
                inv.err(gnu(inv) ? "ls: cannot access '" + a + "': No such file or directory\n"
                        : "ls: " + a + ": No such file or directory\n");
                status = gnu(inv) ? 2 : 1;
            } else if (e.get().directory()) {
                dirs.add(a);
            } else {
                out.append(longFormat ? longLine(a, e.get()) : a).append('\n');
            }
        }
        for (String a : dirs) {
            String p = SimFileSystem.resolve(inv.process().cwd(), a);
            if (paths.size() > 1) {
                if (out.length() > 0) {
                    out.append('\n');
                }
                out.append(a).append(":\n");
            }
            List<String> names = new ArrayList<>(fs.list(p));
            if (all) {
                names.add(0, "..");
                names.add(0, ".");
            } else {
                names.removeIf(n -> n.startsWith("."));
            }
            if (longFormat) {
                out.append("total ").append(names.size() * 4).append('\n');
            }
            for (String n : names) {
                if (longFormat) {
                    String child = n.equals(".") ? p : n.equals("..") ? SimFileSystem.resolve(p, "..") : SimFileSystem.resolve(p, n);
                    out.append(longLine(n, fs.get(child).orElseThrow())).append('\n');
                } else {
                    out.append(n).append('\n');
                }
            }
        }
        inv.out(out.toString());
        return new Outcome.Done(status);
    }

    private static String longLine(String name, SimFileSystem.Entry e) {
        String mode = e.directory() ? "drwxr-xr-x" : (e.isBinary() || e.isScript()) ? "-rwxr-xr-x" : "-rw-r--r--";
        String when = strftime("%b %e %H:%M", e.modified());
        return String.format("%s %2d root root %8d %s %s", mode, e.directory() ? 2 : 1, e.size(), when, name);
    }

    private static Outcome touch(Invocation inv) {
        for (String a : inv.args()) {
            if (a.startsWith("-")) {
                continue;
            }
            String p = SimFileSystem.resolve(inv.process().cwd(), a);
            int slash = p.lastIndexOf('/');
            if (!inv.host().fs().isDirectory(slash <= 0 ? "/" : p.substring(0, slash))) {
                inv.err(gnu(inv) ? "touch: cannot touch '" + a + "': No such file or directory\n"
                        : "touch: " + a + ": No such file or directory\n");
                return new Outcome.Done(1);
            }
            if (inv.host().fs().isReadOnly(p)) {
                inv.err(gnu(inv) ? "touch: cannot touch '" + a + "': Read-only file system\n"
                        : "touch: " + a + ": Read-only file system\n");
                return new Outcome.Done(1);
            }
            inv.host().fs().touch(p, inv.host().now());
        }
        return new Outcome.Done(0);
    }

    private static Outcome rm(Invocation inv) {
        boolean force = false;
        boolean recursive = false;
        int status = 0;
        for (String a : inv.args()) {
            if (a.startsWith("-") && a.length() > 1) {
                force |= a.contains("f");
                recursive |= a.contains("r") || a.contains("R");
                continue;
            }
            String p = SimFileSystem.resolve(inv.process().cwd(), a);
            SimFileSystem fs = inv.host().fs();
            if (!fs.exists(p)) {
                if (!force) {
                    inv.err(gnu(inv) ? "rm: cannot remove '" + a + "': No such file or directory\n"
                            : "rm: can't remove '" + a + "': No such file or directory\n");
                    status = 1;
                }
                continue;
            }
            if (fs.isDirectory(p) && !recursive) {
                inv.err(gnu(inv) ? "rm: cannot remove '" + a + "': Is a directory\n" : "rm: '" + a + "' is a directory\n");
                status = 1;
                continue;
            }
            if (fs.isReadOnly(p)) {
                inv.err(gnu(inv) ? "rm: cannot remove '" + a + "': Read-only file system\n"
                        : "rm: can't remove '" + a + "': Read-only file system\n");
                status = 1;
                continue;
            }
            fs.remove(p);
        }
        return new Outcome.Done(status);
    }

    private static Outcome mkdir(Invocation inv) {
        boolean parents = inv.args().contains("-p");
        int status = 0;
        for (String a : inv.args()) {
            if (a.startsWith("-")) {
                continue;
            }
            String p = SimFileSystem.resolve(inv.process().cwd(), a);
            SimFileSystem fs = inv.host().fs();
            int slash = p.lastIndexOf('/');
            String parent = slash <= 0 ? "/" : p.substring(0, slash);
            if (fs.exists(p) && !parents) {
                inv.err(gnu(inv) ? "mkdir: cannot create directory '" + a + "': File exists\n"
                        : "mkdir: can't create directory '" + a + "': File exists\n");
                status = 1;
            } else if (!fs.isDirectory(parent) && !parents) {
                inv.err(gnu(inv) ? "mkdir: cannot create directory '" + a + "': No such file or directory\n"
                        : "mkdir: can't create directory '" + a + "': No such file or directory\n");
                status = 1;
            } else if (!fs.isDirectory(p) && fs.isReadOnly(p)) {
                inv.err(gnu(inv) ? "mkdir: cannot create directory '" + a + "': Read-only file system\n"
                        : "mkdir: can't create directory '" + a + "': Read-only file system\n");
                status = 1;
            } else {
                fs.mkdirs(p, inv.host().now());
            }
        }
        return new Outcome.Done(status);
    }

    // ---- environment and system -----------------------------------------------------------

    private static Outcome env(Invocation inv) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String> e : inv.process().environment().entrySet()) {
            sb.append(e.getKey()).append('=').append(e.getValue()).append('\n');
        }
        return done(inv, sb.toString());
    }

    private static Outcome printenv(Invocation inv) {
        if (inv.args().isEmpty()) {
            return env(inv);
        }
        int status = 0;
        for (String name : inv.args()) {
            String v = inv.process().environment().get(name);
            if (v == null) {
                status = 1;
            } else {
                inv.out(v + "\n");
            }
        }
        return new Outcome.Done(status);
    }

    private static Outcome uname(Invocation inv) {
        String kernel = inv.host().kernelRelease();
        String version = "#117-Ubuntu SMP Fri Apr 26 12:26:49 UTC 2024";
        List<String> parts = new ArrayList<>();
        List<String> args = inv.args();
        if (args.isEmpty()) {
            parts.add("Linux");
        }
        for (String a : args) {
            if (a.contains("a")) {
                return done(inv, "Linux " + inv.host().hostname() + " " + kernel + " " + version + " x86_64"
                        + (gnu(inv) ? " GNU/Linux" : " GNU/Linux") + "\n");
            }
            if (a.contains("s")) {
                parts.add("Linux");
            }
            if (a.contains("n")) {
                parts.add(inv.host().hostname());
            }
            if (a.contains("r")) {
                parts.add(kernel);
            }
            if (a.contains("v")) {
                parts.add(version);
            }
            if (a.contains("m")) {
                parts.add("x86_64");
            }
            if (a.contains("o")) {
                parts.add("GNU/Linux");
            }
        }
        return done(inv, String.join(" ", parts) + "\n");
    }

    private static Outcome ps(Invocation inv) {
        StringBuilder sb = new StringBuilder("PID   USER     TIME  COMMAND\n");
        List<String> procs = new ArrayList<>(inv.host().processes());
        procs.add(String.join(" ", inv.argv()));
        int pid = 1;
        for (String p : procs) {
            sb.append(String.format("%5d root      0:00 %s%n", pid, p));
            pid = pid == 1 ? 7 : pid + 6;
        }
        return done(inv, sb.toString());
    }

    // ---- text -----------------------------------------------------------------------------

    static Outcome echo(List<String> args, Io io) {
        boolean newline = true;
        boolean escapes = false;
        int i = 0;
        while (i < args.size() && isEchoFlags(args.get(i))) {
            String flags = args.get(i);
            newline &= !flags.contains("n");
            escapes = flags.contains("e") || (escapes && !flags.contains("E"));
            i++;
        }
        // One argument (echo "a message"): that is the text, without a joiner.
        String text = args.size() - i == 1 ? args.get(i) : String.join(" ", args.subList(i, args.size()));
        if (escapes) {
            text = unescape(text);
        }
        if (newline) {
            io.out().writeLine(text);
        } else {
            io.out().write(text);
        }
        return new Outcome.Done(0);
    }

    /** {@code -n}, {@code -e}, {@code -neE}…: echo's options (the regex {@code -[neE]+}, without compiling it per echo). */
    private static boolean isEchoFlags(String a) {
        if (a.length() < 2 || a.charAt(0) != '-') {
            return false;
        }
        for (int k = 1; k < a.length(); k++) {
            char c = a.charAt(k);
            if (c != 'n' && c != 'e' && c != 'E') {
                return false;
            }
        }
        return true;
    }

    static String unescape(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char n = s.charAt(++i);
                switch (n) {
                    case 'n' -> sb.append('\n');
                    case 't' -> sb.append('\t');
                    case 'r' -> sb.append('\r');
                    case '\\' -> sb.append('\\');
                    case 'a' -> sb.append('\u0007');
                    case 'e' -> sb.append('\u001b');
                    case '0' -> sb.append('\0');
                    default -> sb.append('\\').append(n);
                }
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    static Outcome printf(List<String> args, Io io) {
        if (args.isEmpty()) {
            io.err().write("printf: usage: printf format [arguments]\n");
            return new Outcome.Done(2);
        }
        String format = unescape(args.get(0));
        List<String> values = args.subList(1, args.size());
        StringBuilder sb = new StringBuilder();
        int used = 0;
        do {
            for (int i = 0; i < format.length(); i++) {
                char c = format.charAt(i);
                if (c != '%' || i + 1 >= format.length()) {
                    sb.append(c);
                    continue;
                }
                int j = i + 1;
                while (j < format.length() && "-0123456789.".indexOf(format.charAt(j)) >= 0) {
                    j++;
                }
                if (j >= format.length()) {
                    sb.append(format, i, j);
                    break;
                }
                char conv = format.charAt(j);
                String spec = format.substring(i, j);
                String value = used < values.size() ? values.get(used) : "";
                switch (conv) {
                    case '%' -> sb.append('%');
                    case 's' -> {
                        sb.append(String.format(spec + "s", value));
                        used++;
                    }
                    case 'd', 'i' -> {
                        long n;
                        try {
                            n = value.isEmpty() ? 0 : Long.parseLong(value.trim());
                        } catch (NumberFormatException e) {
                            n = 0;
                        }
                        sb.append(String.format(spec + "d", n));
                        used++;
                    }
                    case 'x' -> {
                        sb.append(String.format(spec + "x", value.isEmpty() ? 0 : Long.parseLong(value.trim())));
                        used++;
                    }
                    default -> sb.append(spec).append(conv);
                }
                i = j;
            }
        } while (used > 0 && used < values.size());
        io.out().write(sb.toString());
        return new Outcome.Done(0);
    }

    /** {@code test} / {@code [}: 0 true, 1 false, 2 error. */
    static int test(List<String> args, SimFileSystem fs, String cwd, Io io) {
        try {
            return testExpr(args, fs, cwd) ? 0 : 1;
        } catch (IllegalArgumentException e) {
            io.err().write("test: " + e.getMessage() + "\n");
            return 2;
        }
    }

    private static boolean testExpr(List<String> a, SimFileSystem fs, String cwd) {
        if (a.isEmpty()) {
            return false;
        }
        if (a.get(0).equals("!")) {
            return !testExpr(a.subList(1, a.size()), fs, cwd);
        }
        int and = a.indexOf("-a");
        if (and > 0) {
            return testExpr(a.subList(0, and), fs, cwd) && testExpr(a.subList(and + 1, a.size()), fs, cwd);
        }
        int or = a.indexOf("-o");
        if (or > 0) {
            return testExpr(a.subList(0, or), fs, cwd) || testExpr(a.subList(or + 1, a.size()), fs, cwd);
        }
        if (a.size() == 1) {
            return !a.get(0).isEmpty();
        }
        if (a.size() == 2) {
            String op = a.get(0);
            String v = a.get(1);
            String p = SimFileSystem.resolve(cwd, v);
            return switch (op) {
                case "-z" -> v.isEmpty();
                case "-n" -> !v.isEmpty();
                case "-e", "-r", "-w" -> fs.exists(p);
                case "-f" -> fs.get(p).map(e -> !e.directory()).orElse(false);
                case "-d" -> fs.isDirectory(p);
                case "-s" -> fs.get(p).map(e -> e.size() > 0).orElse(false);
                case "-x" -> fs.get(p).map(e -> e.directory() || e.isBinary() || e.isScript()).orElse(false);
                default -> throw new IllegalArgumentException(op + ": unary operator expected");
            };
        }
        if (a.size() == 3) {
            String l = a.get(0);
            String op = a.get(1);
            String r = a.get(2);
            switch (op) {
                case "=", "==":
                    return l.equals(r);
                case "!=":
                    return !l.equals(r);
                default:
                    break;
            }
            long x;
            long y;
            try {
                x = Long.parseLong(l.trim());
                y = Long.parseLong(r.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad number");
            }
            return switch (op) {
                case "-eq" -> x == y;
                case "-ne" -> x != y;
                case "-lt" -> x < y;
                case "-le" -> x <= y;
                case "-gt" -> x > y;
                case "-ge" -> x >= y;
                default -> throw new IllegalArgumentException(op + ": binary operator expected");
            };
        }
        throw new IllegalArgumentException("too many arguments");
    }

    /** Reads the named files, or stdin; null (and a message) when one is missing. */
    private static String input(Invocation inv, List<String> files, String tool) {
        if (files.isEmpty()) {
            return inv.io().stdin() == null ? "" : inv.io().stdin();
        }
        StringBuilder sb = new StringBuilder();
        for (String f : files) {
            Optional<SimFileSystem.Entry> e = inv.host().fs().get(SimFileSystem.resolve(inv.process().cwd(), f))
                    .filter(x -> !x.directory());
            if (e.isEmpty()) {
                inv.err(noFile(inv, tool, f));
                return null;
            }
            sb.append(e.get().content());
        }
        return sb.toString();
    }

    private static List<String> lines(String text) {
        List<String> out = new ArrayList<>(List.of(text.split("\n", -1)));
        if (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) {
            out.remove(out.size() - 1);
        }
        return out;
    }

    private static Outcome wc(Invocation inv) {
        List<String> flags = inv.args().stream().filter(a -> a.startsWith("-")).toList();
        List<String> files = inv.args().stream().filter(a -> !a.startsWith("-")).toList();
        String text = input(inv, files, "wc");
        if (text == null) {
            return new Outcome.Done(1);
        }
        long l = text.chars().filter(c -> c == '\n').count();
        long w = text.isBlank() ? 0 : text.trim().split("\\s+").length;
        long c = text.getBytes(StandardCharsets.UTF_8).length;
        String suffix = files.isEmpty() ? "" : " " + files.get(0);
        if (flags.contains("-l")) {
            return done(inv, l + suffix + "\n");
        }
        if (flags.contains("-w")) {
            return done(inv, w + suffix + "\n");
        }
        if (flags.contains("-c")) {
            return done(inv, c + suffix + "\n");
        }
        return done(inv, String.format("%7d %7d %7d%s%n", l, w, c, suffix));
    }

    private static Outcome headTail(Invocation inv, boolean head) {
        int n = 10;
        boolean follow = false;
        List<String> files = new ArrayList<>();
        List<String> args = inv.args();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("-n") && i + 1 < args.size()) {
                n = Integer.parseInt(args.get(++i).replace("+", ""));
            } else if (a.equals("-f") || a.equals("-F")) {
                follow = true;
            } else if (a.matches("-\\d+")) {
                n = Integer.parseInt(a.substring(1));
            } else if (!a.startsWith("-")) {
                files.add(a);
            }
        }
        if (follow && !head) {
            // tail -f keeps reading; its classic use in containers is `tail -f /dev/null` to stay up.
            if (!files.isEmpty() && !files.get(0).equals("/dev/null")) {
                String text = input(inv, files, "tail");
                if (text == null) {
                    return new Outcome.Done(1);
                }
                List<String> ls = lines(text);
                inv.out(String.join("\n", ls.subList(Math.max(0, ls.size() - n), ls.size())) + (ls.isEmpty() ? "" : "\n"));
            }
            return new Outcome.Block(null);
        }
        String text = files.equals(List.of("/dev/null")) ? "" : input(inv, files, head ? "head" : "tail");
        if (text == null) {
            return new Outcome.Done(1);
        }
        List<String> ls = lines(text);
        List<String> pick = head ? ls.subList(0, Math.min(n, ls.size())) : ls.subList(Math.max(0, ls.size() - n), ls.size());
        return done(inv, pick.isEmpty() ? "" : String.join("\n", pick) + "\n");
    }

    private static Outcome grep(Invocation inv) {
        boolean ignoreCase = false;
        boolean invert = false;
        boolean count = false;
        boolean quiet = false;
        String pattern = null;
        List<String> files = new ArrayList<>();
        for (String a : inv.args()) {
            if (a.startsWith("-") && a.length() > 1 && pattern == null) {
                ignoreCase |= a.contains("i");
                invert |= a.contains("v");
                count |= a.contains("c");
                quiet |= a.contains("q");
            } else if (pattern == null) {
                pattern = a;
            } else {
                files.add(a);
            }
        }
        if (pattern == null) {
            inv.err("Usage: grep [OPTIONS] PATTERN [FILE]...\n");
            return new Outcome.Done(2);
        }
        String text = input(inv, files, "grep");
        if (text == null) {
            return new Outcome.Done(2);
        }
        Pattern p;
        try {
            p = Pattern.compile(pattern, ignoreCase ? Pattern.CASE_INSENSITIVE : 0);
        } catch (PatternSyntaxException e) {
            p = Pattern.compile(Pattern.quote(pattern), ignoreCase ? Pattern.CASE_INSENSITIVE : 0);
        }
        StringBuilder sb = new StringBuilder();
        int matches = 0;
        for (String line : lines(text)) {
            if (p.matcher(line).find() != invert) {
                matches++;
                sb.append(line).append('\n');
            }
        }
        if (!quiet) {
            inv.out(count ? matches + "\n" : sb.toString());
        }
        return new Outcome.Done(matches > 0 ? 0 : 1);
    }

    private static Outcome seq(Invocation inv) {
        List<String> a = inv.args();
        try {
            long first = 1;
            long inc = 1;
            long last;
            if (a.size() == 1) {
                last = Long.parseLong(a.get(0));
            } else if (a.size() == 2) {
                first = Long.parseLong(a.get(0));
                last = Long.parseLong(a.get(1));
            } else if (a.size() == 3) {
                first = Long.parseLong(a.get(0));
                inc = Long.parseLong(a.get(1));
                last = Long.parseLong(a.get(2));
            } else {
                inv.err("seq: missing operand\n");
                return new Outcome.Done(1);
            }
            StringBuilder sb = new StringBuilder();
            for (long i = first; inc > 0 ? i <= last : i >= last; i += inc) {
                sb.append(i).append('\n');
                if (sb.length() > 1_000_000 || inc == 0) {
                    break;
                }
            }
            return done(inv, sb.toString());
        } catch (NumberFormatException e) {
            inv.err("seq: invalid number\n");
            return new Outcome.Done(1);
        }
    }

    // ---- memory ---------------------------------------------------------------------------

    /** {@code 150M}, {@code 1G}, {@code 20Mi}, {@code 512k}, {@code 1024}: bytes (powers of 1024, as stress reads them). */
    public static long parseSize(String s) {
        String t = s.trim();
        if (t.endsWith("i")) {
            t = t.substring(0, t.length() - 1);
        }
        if (t.toUpperCase(Locale.ROOT).endsWith("B") && t.length() > 1 && !Character.isDigit(t.charAt(t.length() - 2))) {
            t = t.substring(0, t.length() - 1);
        }
        long mult = 1;
        char last = Character.toUpperCase(t.charAt(t.length() - 1));
        switch (last) {
            case 'K' -> mult = 1024L;
            case 'M' -> mult = 1024L * 1024;
            case 'G' -> mult = 1024L * 1024 * 1024;
            case 'B' -> mult = 1;
            default -> { }
        }
        if (!Character.isDigit(last)) {
            t = t.substring(0, t.length() - 1);
        }
        return (long) (Double.parseDouble(t) * mult);
    }

    /**
     * {@code stress --vm N --vm-bytes SIZE [--vm-hang S] [--timeout T]}: the memory hog of the
     * Kubernetes "assign memory resources" example. It allocates {@code N × SIZE} half a second
     * after starting; over the container's limit, the OOM killer ends the container.
     */
    private static Outcome stress(Invocation inv) {
        int vm = 0;
        long bytes = 256L * 1024 * 1024;
        int cpu = 0;
        Duration timeout = null;
        List<String> a = inv.args();
        try {
            for (int i = 0; i < a.size(); i++) {
                switch (a.get(i)) {
                    case "--vm", "-m" -> vm = Integer.parseInt(a.get(++i));
                    case "--vm-bytes" -> bytes = parseSize(a.get(++i));
                    case "--cpu", "-c" -> cpu = Integer.parseInt(a.get(++i));
                    case "--timeout", "-t" -> timeout = parseSleep(a.get(++i));
                    case "--vm-hang", "--io", "-i", "--hdd", "-d", "--backoff", "--vm-stride", "--hdd-bytes" -> i++;
                    default -> { }
                }
            }
        } catch (RuntimeException e) {
            inv.err("stress: FAIL: [1] (244) invalid arguments\n");
            return new Outcome.Done(1);
        }
        if (vm == 0 && cpu == 0) {
            inv.out("`stress' imposes certain types of compute stress on your system\n\nUsage: stress [OPTION [ARG]] ...\n");
            return new Outcome.Done(1);
        }
        inv.out("stress: info: [1] dispatching hogs: " + cpu + " cpu, 0 io, " + vm + " vm, 0 hdd\n");
        long total = bytes * vm;
        Duration limit = timeout;
        return new Outcome.Sleep(Duration.ofMillis(500), () -> {
            if (total > 0) {
                inv.host().allocate(total, inv.process());
            }
            if (limit != null) {
                return new Outcome.Sleep(limit.minusMillis(500).isNegative() ? Duration.ZERO : limit.minusMillis(500), () -> {
                    inv.out("stress: info: [1] successful run completed in " + limit.toSeconds() + "s\n");
                    return new Outcome.Done(0);
                });
            }
            return new Outcome.Block(null);
        });
    }

    /** {@code /pause}: the sandbox's process; sleeps until told to stop, then exits 0. */
    private static Outcome pause(Invocation inv) {
        inv.process().trap("TERM", "exit 0");
        inv.process().trap("INT", "exit 0");
        return new Outcome.Block(null);
    }

    /** {@code alloc SIZE}: keeps {@code SIZE} more bytes (a leak one step at a time). */
    private static Outcome alloc(Invocation inv) {
        if (inv.args().isEmpty()) {
            inv.err("usage: alloc SIZE\n");
            return new Outcome.Done(1);
        }
        inv.host().allocate(parseSize(inv.args().get(0)), inv.process());
        return new Outcome.Done(0);
    }

    /** Headers in a fixed order. */
    static Map<String, String> headers(String... kv) {
        Map<String, String> h = new LinkedHashMap<>();
        for (int i = 0; i + 1 < kv.length; i += 2) {
            h.put(kv[i], kv[i + 1]);
        }
        return h;
    }
}
