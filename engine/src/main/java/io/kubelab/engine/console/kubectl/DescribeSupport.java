package io.kubelab.engine.console.kubectl;

import io.kubelab.engine.model.ApiException;
import io.kubelab.engine.model.ResourceType;
import io.kubelab.engine.model.ResourceTypes;
import io.kubelab.engine.console.GoTabWriter;
import io.kubelab.engine.server.table.HumanDuration;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What {@code describe}, {@code rollout}, {@code logs} and {@code exec} share: Go's tab writer as
 * kubectl's describers use it, the describers' indenting writer, kubectl's time formats, its error
 * lines, and a small flag parser in cobra's words.
 */
final class DescribeSupport {
    private DescribeSupport() {}

    /** The zone kubectl prints local times in (Go's {@code time.Local}). */
    static final ZoneId zone = ZoneId.systemDefault();

    private static final DateTimeFormatter RFC1123Z = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss Z", Locale.US);

    // ---- Go's text/tabwriter -------------------------------------------------------------

    /**
     * Aligns {@code text} as kubectl's {@code tabbedString} does: Go's {@code tabwriter} with
     * minwidth 0, padding 2, padchar ' ' and no flags. Every tab ends a cell; the text after a line's
     * last tab is not a cell. A column's width holds for a run of consecutive lines that all have a
     * cell in it, and is its widest cell plus 2: "Name:\tweb" and "Namespace:\tdefault" on
     * consecutive lines pad both labels to 12 = len("Namespace:") + 2; a line without a tab (or with
     * fewer cells) ends the run.
     */
    static String tabbed(String text) {
        return tabbed(text, 0, 2);
    }

    /**
     * Go's tab writer with another minimum width and padding: kubectl's table printers use
     * minwidth 6 and padding 3 ({@code printers.GetNewTabWriter}).
     */
    static String tabbed(String text, int minWidth, int padding) {
        return GoTabWriter.align(text, minWidth, padding);
    }

    /** kubectl's {@code PrefixWriter}: each level indents by two spaces. */
    static final class PrefixWriter {
        private final StringBuilder b = new StringBuilder();

        void write(int level, String text) {
            b.append("  ".repeat(level)).append(text);
        }

        /** {@code WriteLine}: the words and a line break, no indent. */
        void line(String text) {
            b.append(text).append('\n');
        }

        /** The text as written, tabs and all. */
        String raw() {
            return b.toString();
        }

        /** The aligned text. */
        String tabbed() {
            return DescribeSupport.tabbed(b.toString());
        }
    }

    // ---- times ---------------------------------------------------------------------------

    static Instant instant(String timestamp) {
        if (timestamp == null || timestamp.isEmpty()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(timestamp).toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    /** Go's {@code time.RFC1123Z} in the local zone: {@code Thu, 01 Jan 2026 00:00:00 +0000}; a zero time as Go prints it. */
    static String rfc1123z(String timestamp) {
        Instant t = instant(timestamp);
        if (t == null) {
            return "Mon, 01 Jan 0001 00:00:00 +0000";
        }
        return RFC1123Z.format(t.atZone(zone));
    }

    /** {@code translateTimestampSince}: {@code 5s}, {@code 2m3s}, or {@code <unknown>} without a time. */
    static String since(String timestamp, Instant now) {
        Instant t = instant(timestamp);
        return t == null ? "<unknown>" : HumanDuration.format(Duration.between(t, now));
    }

    // ---- errors --------------------------------------------------------------------------

    /** kubectl's line for an API error: {@code Error from server (NotFound): pods "x" not found}. */
    static String serverError(ApiException e) {
        String reason = e.reason() == null || e.reason().isEmpty() ? "" : " (" + e.reason() + ")";
        return "Error from server" + reason + ": " + e.getMessage() + "\n";
    }

    /**
     * Resolves a resource word as kubectl does; unknown words get kubectl's error
     * ({@code error: the server doesn't have a resource type "x"}).
     */
    static Optional<ResourceType> type(String word) {
        return ResourceTypes.resolve(word);
    }

    static String noResourceType(String word) {
        return "error: the server doesn't have a resource type \"" + word + "\"\n";
    }

    // ---- flags ---------------------------------------------------------------------------

    /** A flag the verb accepts: long name, optional one-letter short name, whether it takes a value. */
    record Flag(String name, String shorthand, boolean takesValue, String defaultValue) {
        static Flag bool(String name, String shorthand) {
            return new Flag(name, shorthand, false, "false");
        }

        static Flag value(String name, String shorthand, String defaultValue) {
            return new Flag(name, shorthand, true, defaultValue);
        }
    }

    /** The flags every kubectl command has (the ones the console understands). */
    static final List<Flag> GLOBAL = List.of(
            Flag.value("namespace", "n", ""),
            Flag.value("context", null, ""),
            Flag.value("kubeconfig", null, ""),
            Flag.value("cluster", null, ""),
            Flag.value("user", null, ""),
            Flag.value("request-timeout", null, "0"),
            Flag.value("v", "v", "0"));

    /** Parsed words: flags by long name, and the positional arguments ({@code --} ends the flags). */
    static final class Parsed {
        final Map<String, String> values = new LinkedHashMap<>();
        final List<String> args = new ArrayList<>();
        /** The words after {@code --}, or null without it. */
        List<String> afterDash;
        /** How many positional words came before {@code --}. */
        int argsBeforeDash = -1;

        String get(String name) {
            return values.get(name);
        }

        boolean has(String name) {
            return values.containsKey(name);
        }

        boolean bool(String name) {
            String v = values.get(name);
            return v != null && !v.equals("false");
        }
    }

    /** A flag error in cobra's words; {@code message} ends with the usage hint line. */
    static final class FlagException extends Exception {
        FlagException(String message) {
            super(message);
        }
    }

    /**
     * Parses {@code words} as pflag does: {@code --name=value}, {@code --name value}, {@code -n value},
     * {@code -nvalue}, boolean flags alone or as {@code --name=false}; {@code --} ends the flags.
     */
    static Parsed parse(List<String> words, List<Flag> flags, String commandPath) throws FlagException {
        Map<String, Flag> byName = new LinkedHashMap<>();
        Map<String, Flag> byShort = new LinkedHashMap<>();
        for (List<Flag> list : List.of(GLOBAL, flags)) {
            for (Flag f : list) {
                byName.put(f.name(), f);
                if (f.shorthand() != null) {
                    byShort.put(f.shorthand(), f);
                }
            }
        }
        Parsed p = new Parsed();
        String usage = "See 'kubectl " + commandPath + " --help' for usage.\n";
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            if (w.equals("--")) {
                p.argsBeforeDash = p.args.size();
                p.afterDash = new ArrayList<>(words.subList(i + 1, words.size()));
                break;
            }
            if (w.startsWith("--")) {
                String body = w.substring(2);
                int eq = body.indexOf('=');
                String name = eq < 0 ? body : body.substring(0, eq);
                Flag f = byName.get(name);
                if (f == null) {
                    throw new FlagException("error: unknown flag: --" + name + "\n" + usage);
                }
                String value;
                if (eq >= 0) {
                    value = body.substring(eq + 1);
                } else if (f.takesValue()) {
                    if (i + 1 >= words.size()) {
                        throw new FlagException("error: flag needs an argument: --" + name + "\n" + usage);
                    }
                    value = words.get(++i);
                } else {
                    value = "true";
                }
                if (!f.takesValue() && !Set.of("true", "false", "1", "0", "t", "f", "TRUE", "FALSE", "True", "False").contains(value)) {
                    throw new FlagException("error: invalid argument \"" + value + "\" for \"--" + name + "\" flag: "
                            + "strconv.ParseBool: parsing \"" + value + "\": invalid syntax\n" + usage);
                }
                p.values.put(f.name(), normalizeBool(f, value));
            } else if (w.startsWith("-") && w.length() > 1) {
                String body = w.substring(1);
                for (int k = 0; k < body.length(); k++) {
                    String s = String.valueOf(body.charAt(k));
                    Flag f = byShort.get(s);
                    if (f == null) {
                        throw new FlagException("error: unknown shorthand flag: '" + s + "' in " + w + "\n" + usage);
                    }
                    if (f.takesValue()) {
                        String rest = body.substring(k + 1);
                        String value;
                        if (rest.startsWith("=")) {
                            value = rest.substring(1);
                        } else if (!rest.isEmpty()) {
                            value = rest;
                        } else if (i + 1 < words.size()) {
                            value = words.get(++i);
                        } else {
                            throw new FlagException("error: flag needs an argument: '" + s + "' in -" + s + "\n" + usage);
                        }
                        p.values.put(f.name(), value);
                        break;
                    }
                    String rest = body.substring(k + 1);
                    if (rest.startsWith("=")) {
                        p.values.put(f.name(), normalizeBool(f, rest.substring(1)));
                        break;
                    }
                    p.values.put(f.name(), "true");
                }
            } else {
                p.args.add(w);
            }
        }
        return p;
    }

    private static String normalizeBool(Flag f, String value) {
        if (f.takesValue()) {
            return value;
        }
        return switch (value) {
            case "true", "1", "t", "TRUE", "True" -> "true";
            default -> "false";
        };
    }

    /** The namespace a command works in: {@code -n}, else {@code default}. */
    static String namespace(Parsed p) {
        String ns = p.get("namespace");
        return ns == null || ns.isEmpty() ? "default" : ns;
    }
}
