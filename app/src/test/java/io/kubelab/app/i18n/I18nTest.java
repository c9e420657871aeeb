package io.kubelab.app.i18n;

import io.kubelab.app.Messages;
import javafx.beans.binding.StringBinding;
import org.junit.jupiter.api.Test;

import java.util.Locale;
import java.util.ResourceBundle;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

class I18nTest {

    @Test
    void bothLanguagesHaveEveryKey() {
        ResourceBundle en = Messages.bundle(Locale.ENGLISH);
        ResourceBundle zh = Messages.bundle(Messages.ZH_TW);
        Set<String> enKeys = new TreeSet<>(en.keySet());
        Set<String> zhKeys = new TreeSet<>(zh.keySet());
        assertThat(zhKeys).isEqualTo(enKeys);
        for (String k : enKeys) {
            assertThat(zh.getString(k)).as(k).isNotBlank();
        }
    }

    @Test
    void bindingsFollowTheLanguage() {
        I18n i18n = new I18n(Locale.ENGLISH);
        StringBinding subtitle = i18n.text("app.subtitle");
        StringBinding pending = i18n.text("cluster.pendingArea", 2);
        assertThat(subtitle.get()).isEqualTo("A Kubernetes classroom on one laptop");
        assertThat(pending.get()).isEqualTo("Pending: pods not bound to a node (2)");
        i18n.next();
        assertThat(i18n.locale()).isEqualTo(Messages.ZH_TW);
        assertThat(subtitle.get()).isEqualTo("一台筆電上的 Kubernetes 教室");
        assertThat(pending.get()).isEqualTo("Pending:尚未綁定到節點的 Pod(2)");
        i18n.next();
        assertThat(i18n.locale()).isEqualTo(Locale.ENGLISH);
    }

    @Test
    void aBoundPropertySeesTheNewLanguageAtOnce() {
        // A bound label recomputes while the locale's listeners are still being told: it must already read zh-TW.
        I18n i18n = new I18n(Locale.ENGLISH);
        javafx.beans.property.StringProperty label = new javafx.beans.property.SimpleStringProperty();
        label.bind(i18n.text("console.title"));
        java.util.List<String> seen = new java.util.ArrayList<>();
        label.addListener((o, a, b) -> seen.add(b));
        i18n.next();
        assertThat(seen).containsExactly("主控台");
    }

    @Test
    void anyChineseLocaleIsTraditionalChineseAndAnythingElseIsEnglish() {
        assertThat(I18n.normalize(Locale.forLanguageTag("zh-TW"))).isEqualTo(Messages.ZH_TW);
        assertThat(I18n.normalize(Locale.forLanguageTag("zh"))).isEqualTo(Messages.ZH_TW);
        assertThat(I18n.normalize(Locale.FRENCH)).isEqualTo(Locale.ENGLISH);
        assertThat(new I18n(Locale.ENGLISH).get("no.such.key")).isEqualTo("no.such.key");
    }
}
