package io.kubelab.app.session;

import io.kubelab.engine.model.ApiException;
import io.kubelab.engine.model.ManifestException;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Error text the way kubectl prints it, so that what a student reads here reads the same on a real cluster. */
public final class KubeErrors {
    private KubeErrors() {}

    /**
     * {@code Error from server (Invalid): Deployment.apps "web" is invalid: …} for an API error,
     * {@code error: …} for a manifest kubectl would reject itself, else the exception's message.
     */
    public static String describe(Throwable t) {
        Throwable e = t;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        if (e instanceof ApiException api) {
            return "Error from server (" + api.reason() + "): " + api.getMessage();
        }
        if (e instanceof ManifestException) {
            return "error: " + e.getMessage();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
