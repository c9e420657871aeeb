package io.kubelab.engine.console.kubectl;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The flags one kubectl command accepts, parsed the way cobra's pflag does: {@code --name=value},
 * {@code --name value}, {@code -o yaml}, {@code -oyaml}, {@code -o=yaml}, grouped booleans
 * ({@code -Aw}), {@code --bool=false}, {@code --} ending the flags, flags anywhere among the
 * arguments. Every command also accepts kubectl's global flags ({@code -n/--namespace} and the
 * connection flags, which the console ignores: it is always connected to its cluster).
 */
final class Flags {
    enum Kind { BOOL, STRING, INT, LIST }

    record Flag(String name, String shorthand, Kind kind, String defaultValue) {}

    private final Map<String, Flag> byName = new LinkedHashMap<>();
    private final Map<String, Flag> byShorthand = new LinkedHashMap<>();

    Flags() {
        string("namespace", "n", "");
        for (String ignored : List.of("kubeconfig", "context", "cluster", "user", "request-timeout", "cache-dir",
                "as", "token", "server")) {
            string(ignored, ignored.equals("server") ? "s" : null, "");
        }
        string("v", "v", "0");
        bool("insecure-skip-tls-verify", null);
    }

    Flags bool(String name, String shorthand) {
        return add(new Flag(name, shorthand, Kind.BOOL, "false"));
    }

    Flags string(String name, String shorthand, String defaultValue) {
        return add(new Flag(name, shorthand, Kind.STRING, defaultValue));
    }

    Flags integer(String name, String shorthand, String defaultValue) {
        return add(new Flag(name, shorthand, Kind.INT, defaultValue));
    }

    /** A repeatable flag ({@code -f a.yaml -f b.yaml}); each value may also hold commas. */
    Flags list(String name, String shorthand) {
        return add(new Flag(name, shorthand, Kind.LIST, null));
    }

    private Flags add(Flag f) {
        byName.put(f.name(), f);
        if (f.shorthand() != null) {
            byShorthand.put(f.shorthand(), f);
        }
        return this;
    }

    Iterable<Flag> all() {
        return byName.values();
    }

    /**
     * Parses {@code args}.
     *
     * @param commandPath {@code kubectl get}, for the usage hint of an error
     * @throws KubectlError with pflag's wording for unknown flags and missing values
     */
    Parsed parse(List<String> args, String commandPath) {
        Parsed p = new Parsed(this);
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--")) {
                p.positional.addAll(args.subList(i + 1, args.size()));
                break;
            } else if (a.startsWith("--") && a.length() > 2) {
                String body = a.substring(2);
                int eq = body.indexOf('=');
                String name = eq < 0 ? body : body.substring(0, eq);
                Flag f = byName.get(name);
                if (f == null) {
                    throw KubectlError.usage("unknown flag: --" + name, commandPath);
                }
                if (eq >= 0) {
                    p.set(f, body.substring(eq + 1), "--" + name, commandPath);
                } else if (f.kind() == Kind.BOOL) {
                    p.set(f, "true", "--" + name, commandPath);
                } else if (i + 1 < args.size()) {
                    p.set(f, args.get(++i), "--" + name, commandPath);
                } else {
                    throw KubectlError.usage("flag needs an argument: --" + name, commandPath);
                }
            } else if (a.startsWith("-") && a.length() > 1) {
                String shorts = a.substring(1);
                for (int j = 0; j < shorts.length(); j++) {
                    String c = shorts.substring(j, j + 1);
                    Flag f = byShorthand.get(c);
                    if (f == null) {
                        throw KubectlError.usage("unknown shorthand flag: '" + c + "' in " + a, commandPath);
                    }
                    String rest = shorts.substring(j + 1);
                    if (rest.startsWith("=")) {
                        p.set(f, rest.substring(1), "-" + c, commandPath);
                        break;
                    } else if (f.kind() == Kind.BOOL) {
                        p.set(f, "true", "-" + c, commandPath);
                    } else if (!rest.isEmpty()) {
                        p.set(f, rest, "-" + c, commandPath);
                        break;
                    } else if (i + 1 < args.size()) {
                        p.set(f, args.get(++i), "-" + c, commandPath);
                    } else {
                        throw KubectlError.usage("flag needs an argument: '" + c + "' in " + a, commandPath);
                    }
                }
            } else {
                p.positional.add(a);
            }
        }
        return p;
    }

    /** The result of parsing: positional arguments and the flags' values. */
    static final class Parsed {
        private final Flags flags;
        final List<String> positional = new ArrayList<>();
        private final Map<String, List<String>> values = new LinkedHashMap<>();

        Parsed(Flags flags) {
            this.flags = flags;
        }

        private void set(Flag f, String value, String as, String commandPath) {
            switch (f.kind()) {
                case BOOL -> {
                    if (!value.equals("true") && !value.equals("false") && !value.equals("1") && !value.equals("0")) {
                        throw KubectlError.usage("invalid argument \"" + value + "\" for \"" + flagDisplay(f)
                                + "\" flag: strconv.ParseBool: parsing \"" + value + "\": invalid syntax", commandPath);
                    }
                    values.put(f.name(), List.of(value.equals("1") ? "true" : value.equals("0") ? "false" : value));
                }
                case INT -> {
                    try {
                        Integer.parseInt(value);
                    } catch (NumberFormatException e) {
                        throw KubectlError.usage("invalid argument \"" + value + "\" for \"" + flagDisplay(f)
                                + "\" flag: strconv.ParseInt: parsing \"" + value + "\": invalid syntax", commandPath);
                    }
                    values.put(f.name(), List.of(value));
                }
                case STRING -> values.put(f.name(), List.of(value));
                case LIST -> values.computeIfAbsent(f.name(), k -> new ArrayList<>()).add(value);
            }
        }

        private static String flagDisplay(Flag f) {
            return f.shorthand() == null ? "--" + f.name() : "-" + f.shorthand() + ", --" + f.name();
        }

        boolean has(String name) {
            return values.containsKey(name);
        }

        String string(String name) {
            List<String> v = values.get(name);
            if (v == null) {
                Flag f = flags.byName.get(name);
                if (f == null) {
                    throw new IllegalArgumentException("no flag " + name);
                }
                return f.defaultValue();
            }
            return v.get(v.size() - 1);
        }

        boolean bool(String name) {
            return "true".equals(string(name));
        }

        int integer(String name) {
            return Integer.parseInt(string(name));
        }

        /** Every value of a repeatable flag, commas splitting values as pflag's string slices do. */
        List<String> list(String name) {
            List<String> out = new ArrayList<>();
            for (String v : values.getOrDefault(name, List.of())) {
                for (String piece : v.split(",")) {
                    if (!piece.isEmpty()) {
                        out.add(piece);
                    }
                }
            }
            return out;
        }

        /** Every value of a repeatable flag as given (no comma splitting, for {@code --env a=b,c}). */
        List<String> raw(String name) {
            return values.getOrDefault(name, List.of());
        }
    }
}
