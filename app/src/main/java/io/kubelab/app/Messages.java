package io.kubelab.app;

import java.util.Locale;
import java.util.ResourceBundle;

/** The app's translated texts (English and Traditional Chinese). */
public final class Messages {
    private Messages() {}

    public static final Locale ZH_TW = Locale.forLanguageTag("zh-TW");

    public static ResourceBundle bundle(Locale locale) {
        Locale l = "zh".equals(locale.getLanguage()) ? ZH_TW : Locale.ENGLISH;
        return ResourceBundle.getBundle("io.kubelab.app.messages", l,
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
    }
}
