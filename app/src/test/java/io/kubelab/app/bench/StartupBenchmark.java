package io.kubelab.app.bench;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The app's start-up: from typing {@code ./mvnw javafx:run} on a built tree to a window that has
 * drawn its first frame and answers input, beside two baselines measured in the same run, turn
 * about with it:
 * <ul>
 *   <li>{@code ./mvnw validate}: Maven starting and doing nothing;</li>
 *   <li>the smallest JavaFX app started the same way: a one-button window in a one-module project
 *       made under {@code app/target/startup-baseline}, whose parent is Kubelab's POM (the same
 *       Maven, wrapper and {@code .mvn} settings, javafx-maven-plugin, JavaFX and JVM options),
 *       reporting its first frame as Kubelab does. No app started by this command can be faster.</li>
 * </ul>
 * The app reports its own first frame when {@code KUBELAB_STARTUP_PROBE=1} (see {@code KubelabApp}).
 *
 * <p>Needs a display (or {@code xvfb-run -a}) and a built tree ({@code ./mvnw -B -DskipTests package}: {@code javafx:run}
 * runs from the modules' {@code target/classes}, no install needed).
 * Run from the repository root (see docs/benchmarks.md):
 * {@code xvfb-run -a java app/src/test/java/io/kubelab/app/bench/StartupBenchmark.java 5}
 */
public final class StartupBenchmark {
    private static final Pattern SHOWN = Pattern.compile("window shown and interactive (\\d+) ms after the JVM started");

    private StartupBenchmark() {}

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        File root = new File(".").getCanonicalFile();
        File hello = HelloProject.write(root);
        long[] maven = new long[runs];
        long[] helloRun = new long[runs];
        long[] helloJvm = new long[runs];
        long[] app = new long[runs];
        long[] jvm = new long[runs];
        for (int i = 0; i < runs; i++) {
            maven[i] = run(root, List.of("./mvnw", "-o", "-q", "validate"), null)[0];
            long[] h = run(hello, List.of("./mvnw", "-o", "-q", "javafx:run"), SHOWN);
            helloRun[i] = h[0];
            helloJvm[i] = h[1];
            long[] r = run(root, List.of("./mvnw", "-o", "-q", "javafx:run"), SHOWN);
            app[i] = r[0];
            jvm[i] = r[1];
        }
        report("baseline: ./mvnw -o -q validate", maven);
        report("baseline: one-button JavaFX app, ./mvnw javafx:run", helloRun);
        report("  of which: its JVM start -> window interactive", helloJvm);
        report("./mvnw javafx:run -> window interactive", app);
        report("  of which: app JVM start -> window interactive", jvm);
        System.out.printf("Kubelab / one-button app (medians): %.2f; Kubelab beyond it: %.0f ms%n",
                (double) median(app) / median(helloRun), (median(app) - median(helloRun)) / 1e6);
    }

    private static long[] run(File dir, List<String> command, Pattern until) throws Exception {
        long t0 = System.nanoTime();
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(command)).directory(dir).redirectErrorStream(true)
                .redirectInput(new File("/dev/null"));
        pb.environment().put("KUBELAB_STARTUP_PROBE", "1");
        Process p = pb.start();
        long inJvm = -1;
        long elapsed = -1;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                Matcher m = until == null ? null : until.matcher(line);
                if (m != null && m.find()) {
                    elapsed = System.nanoTime() - t0;
                    inJvm = Long.parseLong(m.group(1)) * 1_000_000L;
                }
            }
        }
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(command + " did not finish");
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException(command + " in " + dir + " exited with " + p.exitValue());
        }
        if (until == null) {
            elapsed = System.nanoTime() - t0;
        } else if (elapsed < 0) {
            throw new IllegalStateException(command + " never reported its first frame");
        }
        return new long[] {elapsed, inJvm};
    }

    /**
     * The one-button baseline app: a project of its own under {@code app/target/startup-baseline},
     * written afresh and compiled before the runs. Its parent is Kubelab's root POM and it copies
     * the wrapper and {@code .mvn}, so Maven, its JVM options and the plugin versions are Kubelab's;
     * the app's JVM gets the same options as Kubelab's ({@code kubelab.run.jit} of app/pom.xml).
     */
    static final class HelloProject {
        private HelloProject() {}

        static File write(File root) throws Exception {
            java.nio.file.Path dir = root.toPath().resolve("app/target/startup-baseline");
            String rootPom = java.nio.file.Files.readString(root.toPath().resolve("pom.xml"));
            String appPom = java.nio.file.Files.readString(root.toPath().resolve("app/pom.xml"));
            String version = find(rootPom, "<artifactId>kubelab-parent</artifactId>\\s*<version>([^<]+)</version>");
            String jit = find(appPom, "<kubelab.run.jit>([^<]+)</kubelab.run.jit>");
            java.nio.file.Path src = dir.resolve("src/main/java/hello");
            java.nio.file.Files.createDirectories(src);
            java.nio.file.Files.writeString(dir.resolve("pom.xml"), """
                    <?xml version="1.0" encoding="UTF-8"?>
                    <!-- Written by StartupBenchmark: the smallest JavaFX app, started as Kubelab is. -->
                    <project xmlns="http://maven.apache.org/POM/4.0.0">
                      <modelVersion>4.0.0</modelVersion>
                      <parent>
                        <groupId>io.kubelab</groupId>
                        <artifactId>kubelab-parent</artifactId>
                        <version>%s</version>
                        <relativePath>../../../pom.xml</relativePath>
                      </parent>
                      <artifactId>kubelab-startup-baseline</artifactId>
                      <properties>
                        <javafx.skip>false</javafx.skip>
                        <javafx.mainClass>hello.Hello</javafx.mainClass>
                      </properties>
                      <dependencies>
                        <dependency>
                          <groupId>org.openjfx</groupId>
                          <artifactId>javafx-controls</artifactId>
                          <version>${javafx.version}</version>
                        </dependency>
                      </dependencies>
                      <build>
                        <plugins>
                          <plugin>
                            <groupId>org.openjfx</groupId>
                            <artifactId>javafx-maven-plugin</artifactId>
                            <configuration>
                              <options>
                                <option>%s</option>
                              </options>
                            </configuration>
                          </plugin>
                        </plugins>
                      </build>
                    </project>
                    """.formatted(version, jit));
            java.nio.file.Files.writeString(src.resolve("Hello.java"), """
                    package hello;

                    /** One button in a window; prints its first interactive frame as Kubelab's probe does, and exits. */
                    public final class Hello extends javafx.application.Application {
                        @Override
                        public void start(javafx.stage.Stage stage) {
                            stage.setScene(new javafx.scene.Scene(new javafx.scene.control.Button("Hello"), 400, 300));
                            stage.show();
                            new javafx.animation.AnimationTimer() {
                                private int frames;

                                @Override
                                public void handle(long now) {
                                    if (++frames == 2) {
                                        stop();
                                        long uptime = java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime();
                                        System.out.println("window shown and interactive " + uptime + " ms after the JVM started");
                                        javafx.application.Platform.exit();
                                    }
                                }
                            }.start();
                        }
                    }
                    """);
            java.nio.file.Path mvnw = dir.resolve("mvnw");
            java.nio.file.Files.copy(root.toPath().resolve("mvnw"), mvnw, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
            java.nio.file.Path mvn = root.toPath().resolve(".mvn");
            try (var files = java.nio.file.Files.walk(mvn)) {
                for (java.nio.file.Path f : files.toList()) {
                    java.nio.file.Path to = dir.resolve(".mvn").resolve(mvn.relativize(f).toString());
                    if (java.nio.file.Files.isDirectory(f)) {
                        java.nio.file.Files.createDirectories(to);
                    } else {
                        java.nio.file.Files.copy(f, to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
            run(dir.toFile(), List.of("./mvnw", "-o", "-q", "compile"), null);
            return dir.toFile();
        }

        private static String find(String text, String regex) {
            Matcher m = Pattern.compile(regex).matcher(text);
            if (!m.find()) {
                throw new IllegalStateException("not found in the POM: " + regex);
            }
            return m.group(1);
        }
    }

    private static long median(long[] values) {
        long[] s = values.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    private static void report(String what, long[] nanos) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        System.out.printf("%-48s n=%d  p50 %6.0f ms  min %6.0f ms  max %6.0f ms%n", what, s.length,
                s[s.length / 2] / 1e6, s[0] / 1e6, s[s.length - 1] / 1e6);
    }
}
