package io.kubelab.lessons.model;

import java.util.List;

/** The languages every lesson is written in; the first is the default. */
public final class Languages {
    private Languages() {}

    public static final String ZH_TW = "zh-TW";
    public static final String EN = "en";
    public static final List<String> ALL = List.of(ZH_TW, EN);
}
