package io.kubelab.engine.console.flags;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A command's flags as spf13/pflag reads them (the parser behind cobra, so behind docker's and
 * minikube's CLIs): {@code --name value}, {@code --name=value}, {@code -n value}, {@code -nvalue},
 * grouped booleans ({@code -it}, {@code -dit}), {@code --} ending the flags, and (for commands that
 * run another command, {@code docker run IMAGE sh -c …}) no flags after the first argument.
 * Errors carry pflag's words ({@code unknown flag: --foo}, {@code unknown shorthand flag: 'x' in -x},
 * {@code flag needs an argument: --name}); each CLI adds its own hint line. Pure.
 */
public final class Flags {
    private final Map<String, Boolean> longs = new LinkedHashMap<>();
    private final Map<Character, String> shorts = new LinkedHashMap<>();
    private boolean interspersed = true;

    /** Thrown for a flag the command does not know or one without its value, with pflag's message. */
    public static final class FlagException extends RuntimeException {
        public FlagException(String message) {
            super(message, null, false, false);
        }
    }

    /** What was given: flag values by long name (last wins, all kept), and the other words. */
    public record Parsed(Map<String, List<String>> values, List<String> args) {
        public boolean has(String name) {
            return values.containsKey(name);
        }

        /** A boolean flag: given without a value, or with {@code =true}. */
        public boolean bool(String name) {
            List<String> v = values.get(name);
            return v != null && !v.isEmpty() && !"false".equals(v.get(v.size() - 1));
        }

        public String value(String name, String fallback) {
            List<String> v = values.get(name);
            return v == null || v.isEmpty() ? fallback : v.get(v.size() - 1);
        }

        public List<String> all(String name) {
            return values.getOrDefault(name, List.of());
        }
    }

    public static Flags spec() {
        return new Flags();
    }

    /** A boolean flag {@code --name} with shorthand {@code -s} ({@code 0} for none). */
    public Flags bool(String name, char shorthand) {
        longs.put(name, false);
        if (shorthand != 0) {
            shorts.put(shorthand, name);
        }
        return this;
    }

    public Flags bool(String name) {
        return bool(name, (char) 0);
    }

    /** A flag with a value. */
    public Flags value(String name, char shorthand) {
        longs.put(name, true);
        if (shorthand != 0) {
            shorts.put(shorthand, name);
        }
        return this;
    }

    public Flags value(String name) {
        return value(name, (char) 0);
    }

    /** Flags end at the first argument ({@code docker run IMAGE CMD…}, {@code docker exec ID CMD…}). */
    public Flags stopAtFirstArg() {
        interspersed = false;
        return this;
    }

    public Parsed parse(List<String> words) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        List<String> args = new ArrayList<>();
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            if (w.equals("--")) {
                args.addAll(words.subList(i + 1, words.size()));
                break;
            }
            if (w.startsWith("--") && w.length() > 2) {
                String body = w.substring(2);
                int eq = body.indexOf('=');
                String name = eq < 0 ? body : body.substring(0, eq);
                Boolean takesValue = longs.get(name);
                if (takesValue == null) {
                    throw new FlagException("unknown flag: --" + name);
                }
                String value;
                if (eq >= 0) {
                    value = body.substring(eq + 1);
                } else if (takesValue) {
                    if (i + 1 >= words.size()) {
                        throw new FlagException("flag needs an argument: --" + name);
                    }
                    value = words.get(++i);
                } else {
                    value = "true";
                }
                values.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            } else if (w.startsWith("-") && w.length() > 1) {
                String group = w.substring(1);
                for (int j = 0; j < group.length(); j++) {
                    char c = group.charAt(j);
                    String name = shorts.get(c);
                    if (name == null) {
                        throw new FlagException("unknown shorthand flag: '" + c + "' in -" + group);
                    }
                    if (longs.get(name)) {
                        String value;
                        if (j + 1 < group.length()) {
                            value = group.substring(j + 1);
                            if (value.startsWith("=")) {
                                value = value.substring(1);
                            }
                        } else if (i + 1 < words.size()) {
                            value = words.get(++i);
                        } else {
                            throw new FlagException("flag needs an argument: '" + c + "' in -" + group);
                        }
                        values.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
                        break;
                    }
                    values.computeIfAbsent(name, k -> new ArrayList<>()).add("true");
                }
            } else {
                args.add(w);
                if (!interspersed) {
                    args.addAll(words.subList(i + 1, words.size()));
                    break;
                }
            }
        }
        return new Parsed(values, args);
    }

    /** The long flag names, for completion. */
    public Set<String> names() {
        return new LinkedHashSet<>(longs.keySet());
    }
}
