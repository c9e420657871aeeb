package io.kubelab.engine.runtime.sim.shell;

import java.util.Map;

/**
 * {@code $((…))}: integer arithmetic with {@code + - * / %}, comparisons, {@code && || !} and
 * parentheses; bare names read shell variables (unset or non-numeric is 0), as in POSIX sh.
 */
final class Arithmetic {
    private final String src;
    private final Map<String, String> vars;
    private int pos;

    private Arithmetic(String src, Map<String, String> vars) {
        this.src = src;
        this.vars = vars;
    }

    static long evaluate(String expression, Map<String, String> vars) {
        Arithmetic a = new Arithmetic(expression, vars);
        long v = a.or();
        a.skip();
        if (a.pos < a.src.length()) {
            throw new ShellSyntaxException("arithmetic syntax error");
        }
        return v;
    }

    private void skip() {
        while (pos < src.length() && Character.isWhitespace(src.charAt(pos))) {
            pos++;
        }
    }

    private boolean eat(String op) {
        skip();
        if (src.startsWith(op, pos)) {
            pos += op.length();
            return true;
        }
        return false;
    }

    private long or() {
        long v = and();
        while (eat("||")) {
            long r = and();
            v = (v != 0 || r != 0) ? 1 : 0;
        }
        return v;
    }

    private long and() {
        long v = comparison();
        while (eat("&&")) {
            long r = comparison();
            v = (v != 0 && r != 0) ? 1 : 0;
        }
        return v;
    }

    private long comparison() {
        long v = sum();
        while (true) {
            if (eat("==")) {
                v = v == sum() ? 1 : 0;
            } else if (eat("!=")) {
                v = v != sum() ? 1 : 0;
            } else if (eat("<=")) {
                v = v <= sum() ? 1 : 0;
            } else if (eat(">=")) {
                v = v >= sum() ? 1 : 0;
            } else if (eat("<")) {
                v = v < sum() ? 1 : 0;
            } else if (eat(">")) {
                v = v > sum() ? 1 : 0;
            } else {
                return v;
            }
        }
    }

    private long sum() {
        long v = product();
        while (true) {
            if (eat("+")) {
                v += product();
            } else if (eat("-")) {
                v -= product();
            } else {
                return v;
            }
        }
    }

    private long product() {
        long v = unary();
        while (true) {
            if (eat("*")) {
                v *= unary();
            } else if (eat("/")) {
                long d = unary();
                if (d == 0) {
                    throw new ShellSyntaxException("arithmetic syntax error: division by zero");
                }
                v /= d;
            } else if (eat("%")) {
                long d = unary();
                if (d == 0) {
                    throw new ShellSyntaxException("arithmetic syntax error: division by zero");
                }
                v %= d;
            } else {
                return v;
            }
        }
    }

    private long unary() {
        if (eat("-")) {
            return -unary();
        }
        if (eat("+")) {
            return unary();
        }
        if (eat("!")) {
            return unary() == 0 ? 1 : 0;
        }
        if (eat("(")) {
            long v = or();
            if (!eat(")")) {
                throw new ShellSyntaxException("arithmetic syntax error");
            }
            return v;
        }
        skip();
        int start = pos;
        while (pos < src.length() && Character.isDigit(src.charAt(pos))) {
            pos++;
        }
        if (pos > start) {
            return Long.parseLong(src.substring(start, pos));
        }
        while (pos < src.length() && (Character.isLetterOrDigit(src.charAt(pos)) || src.charAt(pos) == '_')) {
            pos++;
        }
        if (pos > start) {
            String value = vars.getOrDefault(src.substring(start, pos), "0").trim();
            try {
                return value.isEmpty() ? 0 : Long.parseLong(value);
            } catch (NumberFormatException e) {
                return 0;
            }
        }
        throw new ShellSyntaxException("arithmetic syntax error");
    }
}
