package io.kubelab.app.cli;

import java.lang.reflect.Proxy;
import java.util.List;

/**
 * Catches SIGTERM and SIGINT so that {@code kubelab serve} can save its state and exit with 0. A JVM
 * ended by a signal through its shutdown hooks exits with 143 (128 + 15), which service managers and
 * scripts read as a failure. The JDK's {@code sun.misc.Signal} (module {@code jdk.unsupported}) does
 * this; it is reached reflectively so the build has no internal-API warning, and where it is missing
 * the caller falls back to a shutdown hook.
 */
final class Signals {
    private Signals() {}

    /** @return whether the handler was installed for every signal */
    static boolean onTermination(Runnable handler) {
        try {
            Class<?> signalClass = Class.forName("sun.misc.Signal");
            Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
            Object proxy = Proxy.newProxyInstance(Signals.class.getClassLoader(), new Class<?>[] {handlerClass},
                    (p, method, args) -> {
                        if (method.getName().equals("handle")) {
                            handler.run();
                        } else if (method.getName().equals("toString")) {
                            return "kubelab termination handler";
                        } else if (method.getName().equals("hashCode")) {
                            return System.identityHashCode(p);
                        } else if (method.getName().equals("equals")) {
                            return p == args[0];
                        }
                        return null;
                    });
            for (String name : List.of("TERM", "INT")) {
                Object signal = signalClass.getConstructor(String.class).newInstance(name);
                signalClass.getMethod("handle", signalClass, handlerClass).invoke(null, signal, proxy);
            }
            return true;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return false;
        }
    }
}
