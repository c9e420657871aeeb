package io.kubelab.lessons.model;

import java.util.Map;
import java.util.Objects;

/**
 * A value in every language of {@link Languages#ALL} (the loader refuses a lesson that misses one).
 *
 * @param byLanguage language tag → value
 */
public record Localized<T>(Map<String, T> byLanguage) {
    public Localized {
        byLanguage = Map.copyOf(byLanguage);
    }

    /** The value in {@code language}, or in the default language when that one is missing. */
    public T get(String language) {
        T value = byLanguage.get(language);
        return value != null ? value : Objects.requireNonNull(byLanguage.get(Languages.ALL.get(0)), "no default language");
    }
}
