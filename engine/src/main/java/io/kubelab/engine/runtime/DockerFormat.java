package io.kubelab.engine.runtime;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * How the docker CLI prints containers and images ({@code docker ps}, {@code docker images}), for
 * the console: Docker's {@code units.HumanDuration} ({@code Up 3 seconds}, {@code Up About a
 * minute}, {@code Exited (0) 5 seconds ago}), its truncated, quoted COMMAND column
 * ({@code "sh -c 'while true; …"}) and its sizes ({@code 188MB}, {@code 4.26MB}, {@code 13.3kB}).
 * Pure.
 */
public final class DockerFormat {
    private DockerFormat() {}

    /** Docker's {@code units.HumanDuration}: {@code Less than a second}, {@code 1 second}, {@code About a minute}, {@code 3 hours}… */
    public static String humanDuration(Duration d) {
        long seconds = d.toSeconds();
        if (seconds < 1) {
            return "Less than a second";
        }
        if (seconds == 1) {
            return "1 second";
        }
        if (seconds < 60) {
            return seconds + " seconds";
        }
        long minutes = d.toMinutes();
        if (minutes == 1) {
            return "About a minute";
        }
        if (minutes < 60) {
            return minutes + " minutes";
        }
        long hours = Math.round(d.toSeconds() / 3600.0);
        if (hours == 1) {
            return "About an hour";
        }
        if (hours < 48) {
            return hours + " hours";
        }
        if (hours < 24 * 7 * 2) {
            return hours / 24 + " days";
        }
        if (hours < 24 * 30 * 2) {
            return hours / 24 / 7 + " weeks";
        }
        if (hours < 24 * 365 * 2) {
            return hours / 24 / 30 + " months";
        }
        return d.toHours() / 24 / 365 + " years";
    }

    /** The STATUS column: {@code Created}, {@code Up 3 seconds}, {@code Exited (137) 2 minutes ago}. */
    public static String status(ContainerStatus c, Instant now) {
        return switch (c.state()) {
            case CREATED -> "Created";
            case RUNNING -> "Up " + humanDuration(Duration.between(c.startedAt(), now));
            case EXITED -> c.finishedAt() == null ? "Exited (" + c.exitCode() + ")"
                    : "Exited (" + c.exitCode() + ") " + humanDuration(Duration.between(c.finishedAt(), now)) + " ago";
        };
    }

    /** The CREATED column: {@code 3 seconds ago}. */
    public static String ago(Instant when, Instant now) {
        return humanDuration(Duration.between(when, now)) + " ago";
    }

    /** The command as the docker API shows it: arguments with blanks or quotes in single quotes. */
    public static String commandLine(List<String> argv) {
        List<String> parts = new ArrayList<>();
        for (String a : argv) {
            if (a.isEmpty() || a.matches(".*[\\s'\"$`\\\\;&|<>()*?].*")) {
                parts.add("'" + a.replace("'", "'\\''") + "'");
            } else {
                parts.add(a);
            }
        }
        return String.join(" ", parts);
    }

    /** The COMMAND column of {@code docker ps}: the command line cut to 20 characters with an ellipsis, in double quotes. */
    public static String command(List<String> argv, boolean truncate) {
        String c = commandLine(argv);
        if (truncate && c.codePointCount(0, c.length()) > 20) {
            c = c.substring(0, c.offsetByCodePoints(0, 19)) + "…";
        }
        return "\"" + c.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** The IMAGE ID column: the first 12 hex digits of the ID. */
    public static String shortImageId(String id) {
        String hex = id.startsWith("sha256:") ? id.substring(7) : id;
        return hex.substring(0, Math.min(12, hex.length()));
    }

    /** Docker's {@code units.HumanSizeWithPrecision(size, 3)} in decimal units: {@code 188MB}, {@code 4.26MB}, {@code 13.3kB}. */
    public static String size(long bytes) {
        String[] units = {"B", "kB", "MB", "GB", "TB", "PB"};
        double v = bytes;
        int i = 0;
        while (v >= 1000 && i < units.length - 1) {
            v /= 1000;
            i++;
        }
        BigDecimal rounded = new BigDecimal(v).round(new MathContext(3));
        return rounded.stripTrailingZeros().toPlainString() + units[i];
    }
}
