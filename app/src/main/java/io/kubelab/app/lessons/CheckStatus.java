package io.kubelab.app.lessons;

/** What the lesson panel shows about the current step's check. */
public enum CheckStatus {
    /** The step has no check: read it and go on. */
    NONE,
    /** Not evaluated yet (the step just opened). */
    CHECKING,
    PASSED,
    NOT_YET
}
