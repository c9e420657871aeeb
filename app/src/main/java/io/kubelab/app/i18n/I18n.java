package io.kubelab.app.i18n;

import io.kubelab.app.Messages;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * The app's language, switchable at run time: every visible string is a binding on the current
 * locale, so switching from English to 繁體中文 changes every label at once without rebuilding the
 * window. Texts come from {@code io/kubelab/app/messages_*.properties}.
 *
 * <p>Threading: the UI thread (the locale property is a JavaFX property).
 */
public final class I18n {
    /** The languages the app ships, in the order Ctrl+L cycles through them. */
    public static final Locale[] LANGUAGES = {Locale.ENGLISH, Messages.ZH_TW};

    private final ObjectProperty<Locale> locale = new SimpleObjectProperty<>(this, "locale");
    private ResourceBundle bundle;
    private Locale bundleLocale;

    public I18n(Locale initial) {
        locale.set(normalize(initial));
    }

    /**
     * The bundle of the current locale. Looked up here rather than in a listener on the locale:
     * bindings are told of a change before change listeners run, and a bound label recomputes at once.
     */
    private ResourceBundle bundle() {
        Locale l = locale.get();
        if (!l.equals(bundleLocale)) {
            bundle = Messages.bundle(l);
            bundleLocale = l;
        }
        return bundle;
    }

    /** English unless the locale is Chinese: the two languages the bundles hold. */
    public static Locale normalize(Locale l) {
        return l != null && "zh".equals(l.getLanguage()) ? Messages.ZH_TW : Locale.ENGLISH;
    }

    public ObjectProperty<Locale> localeProperty() {
        return locale;
    }

    public Locale locale() {
        return locale.get();
    }

    public void setLocale(Locale l) {
        locale.set(normalize(l));
    }

    /** Switches to the next language (English ↔ 繁體中文). */
    public void next() {
        Locale current = locale.get();
        for (int i = 0; i < LANGUAGES.length; i++) {
            if (LANGUAGES[i].equals(current)) {
                locale.set(LANGUAGES[(i + 1) % LANGUAGES.length]);
                return;
            }
        }
        locale.set(LANGUAGES[0]);
    }

    /** The text of {@code key} now, with {@code args} filled in ({@link MessageFormat} when there are args). */
    public String get(String key, Object... args) {
        String pattern;
        try {
            pattern = bundle().getString(key);
        } catch (MissingResourceException e) {
            return key;
        }
        return args.length == 0 ? pattern : new MessageFormat(pattern, locale.get()).format(args);
    }

    /** A binding that follows the language. */
    public StringBinding text(String key, Object... args) {
        return Bindings.createStringBinding(() -> get(key, args), locale);
    }

    /** The display name of the language, in that language: "English", "繁體中文". */
    public String languageName() {
        return get("language.name");
    }
}
