package io.kubelab.engine.console;

import java.util.List;
import java.util.Map;

/**
 * One run of a program.
 *
 * @param args    the words after the program's name, quotes already removed
 * @param out     where the program writes (stdout and stderr apart, as a terminal shows both)
 * @param files   the working folder's files by name (a lesson's {@code run-my-nginx.yaml}), for {@code -f}
 * @param context the cluster and the console's state
 */
public record Invocation(List<String> args, Output out, Map<String, String> files, ConsoleContext context) {}
