package io.kubelab.engine.console;

/**
 * A terminal's two streams. Text arrives in pieces as the program writes it, each piece ending
 * where the program flushed (usually at a line's end). May be called on any thread; sinks in the
 * app hand it over to the FX thread.
 */
public interface Output {

    void out(String text);

    void err(String text);
}
