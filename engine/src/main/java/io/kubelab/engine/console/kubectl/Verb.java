package io.kubelab.engine.console.kubectl;

import io.fabric8.kubernetes.api.model.StatusCause;
import io.kubelab.engine.console.Execution;
import io.kubelab.engine.console.Invocation;
import io.kubelab.engine.model.ApiException;
import io.kubelab.engine.model.ManifestException;

import java.util.List;

/**
 * The shape shared by the console's kubectl verbs: parse the flags (cobra's errors on a bad one),
 * run, and turn failures into kubectl's wording on stderr with exit code 1.
 */
abstract class Verb implements KubectlVerb {
    private Flags flags;

    /** The flags this verb accepts besides the global ones. */
    protected abstract void declare(Flags flags);

    /** Runs the verb; a {@link KubectlError} or {@link ApiException} thrown ends it with kubectl's message. */
    protected abstract Execution run(Call call);

    /** {@code kubectl set image} for sub-commands; the verb's name otherwise. */
    protected String commandPath() {
        return "kubectl " + name();
    }

    @Override
    public final Execution start(Invocation inv) {
        try {
            if (flags == null) {
                Flags f = new Flags();
                declare(f);
                flags = f;
            }
            return run(new Call(inv, flags.parse(args(inv), commandPath()), commandPath()));
        } catch (KubectlError e) {
            inv.out().err(e.text());
            return Execution.finished(e.exitCode());
        } catch (ApiException e) {
            inv.out().err(serverError(e));
            return Execution.finished(1);
        } catch (ManifestException e) {
            inv.out().err("error: " + e.getMessage() + "\n");
            return Execution.finished(1);
        } catch (RuntimeException e) {
            // A case this console does not model: an error line as kubectl would print one, never a stack trace.
            inv.out().err("error: " + (e.getMessage() == null ? e.toString() : e.getMessage()) + "\n");
            return Execution.finished(1);
        }
    }

    /** The words to parse as flags and arguments (a verb with sub-commands drops the sub-command). */
    protected List<String> args(Invocation inv) {
        return inv.args();
    }

    /**
     * An API error as kubectl prints it ({@code cmdutil.CheckErr}): {@code Error from server (NotFound):
     * pods "x" not found}; an Invalid error as {@code The Deployment "web" is invalid: <field>: <message>}
     * (one cause) or a bulleted list of causes.
     */
    static String serverError(ApiException e) {
        var status = e.status();
        if ("Invalid".equals(status.getReason()) && status.getDetails() != null) {
            var d = status.getDetails();
            String s = "The request is invalid";
            boolean hasKind = d.getKind() != null && !d.getKind().isEmpty();
            boolean hasName = d.getName() != null && !d.getName().isEmpty();
            if (hasKind || hasName) {
                s = "The " + nullToEmpty(d.getKind()) + " " + goQuote(nullToEmpty(d.getName())) + " is invalid";
            }
            List<StatusCause> causes = d.getCauses() == null ? List.of() : d.getCauses();
            if (causes.isEmpty()) {
                return s + "\n";
            }
            if (causes.size() == 1) {
                return s + ": " + cause(causes.get(0)) + "\n";
            }
            StringBuilder b = new StringBuilder(s).append(": \n");
            for (StatusCause c : causes) {
                b.append("* ").append(cause(c)).append('\n');
            }
            return b.toString();
        }
        String reason = status.getReason();
        if (reason == null || reason.isEmpty()) {
            return "Error from server: " + e.getMessage() + "\n";
        }
        return "Error from server (" + reason + "): " + e.getMessage() + "\n";
    }

    private static String cause(StatusCause c) {
        return nullToEmpty(c.getField()) + ": " + nullToEmpty(c.getMessage());
    }

    static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    /** Go's {@code %q} for ordinary text. */
    static String goQuote(String s) {
        StringBuilder b = new StringBuilder();
        JsonPrinter.string(b, s);
        return b.toString().replace("\\u003c", "<").replace("\\u003e", ">").replace("\\u0026", "&");
    }
}
