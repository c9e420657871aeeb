package io.kubelab.engine.api;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hand-written format checks of {@link Validation} answer as the Kubernetes regexes they
 * replace: on worked examples, and on 200,000 random strings over the characters that matter.
 */
class ValidationFormatsTest {

    private static void sameAsTheRegexes(String s) {
        assertThat(Validation.isDns1123Label(s, 0, s.length())).as("label '%s'", s)
                .isEqualTo(Validation.DNS1123_LABEL.matcher(s).matches());
        assertThat(Validation.isDns1123Subdomain(s)).as("subdomain '%s'", s)
                .isEqualTo(Validation.DNS1123_SUBDOMAIN.matcher(s).matches());
        assertThat(Validation.isDns1035Label(s)).as("dns1035 '%s'", s)
                .isEqualTo(Validation.DNS1035_LABEL.matcher(s).matches());
        assertThat(Validation.isQualifiedNamePart(s)).as("qualified name '%s'", s)
                .isEqualTo(Validation.QUALIFIED_NAME.matcher(s).matches());
        assertThat(s.isEmpty() || Validation.isQualifiedNamePart(s)).as("label value '%s'", s)
                .isEqualTo(Validation.LABEL_VALUE.matcher(s).matches());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a", "A", "0", "-", ".", "_", "a-", "-a", "a.b", "a..b", ".a", "a.", "my-name",
            "123-abc", "nginx-7c9f8d6b4-x2x9q", "example.com", "Example.com", "a_b", "a.-b", "a-.b", "MyName",
            "my.name", "app-12.1870000000000001", "kubernetes.io", "x/y", "é", "a b", "ab\n", "1a", "a1"})
    void workedExamples(String s) {
        sameAsTheRegexes(s);
    }

    @Test
    void randomStrings() {
        Random random = new Random(42);
        String alphabet = "az09AZ-._/ ";
        List<String> tried = new ArrayList<>();
        for (int i = 0; i < 200_000; i++) {
            int n = random.nextInt(7);
            StringBuilder sb = new StringBuilder(n);
            for (int j = 0; j < n; j++) {
                sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String s = sb.toString();
            sameAsTheRegexes(s);
            tried.add(s);
        }
        assertThat(tried.stream().filter(s -> Validation.DNS1123_SUBDOMAIN.matcher(s).matches()).count())
                .as("enough valid names among them").isGreaterThan(1_000);
    }
    /** The fast path for standard, non-negative requests must still let every error through. */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            "cpu|10m|",
            "memory|16Mi|",
            "cpu|-1|spec.containers[0].resources.requests[cpu]: Invalid value: \"-1\": must be greater than or equal to 0",
            "memory|-16Mi|spec.containers[0].resources.requests[memory]: Invalid value: \"-16Mi\": must be greater than or equal to 0",
            "gpu|1|spec.containers[0].resources.requests[gpu]: Invalid value: \"gpu\": must be a standard resource for containers"})
    void containerRequests(String resource, String amount, String expected) {
        io.fabric8.kubernetes.api.model.Pod pod = new io.fabric8.kubernetes.api.model.PodBuilder()
                .withNewMetadata().withName("web").withNamespace("default").endMetadata()
                .withNewSpec().addNewContainer().withName("web").withImage("nginx:1.25")
                .withNewResources().addToRequests(resource, new io.fabric8.kubernetes.api.model.Quantity(amount)).endResources()
                .endContainer().endSpec().build();
        Defaulting.apply(pod);

        List<String> errors = ObjectValidation.validateCreate(pod).stream()
                .map(e -> e.field() + ": " + e.type().text() + ": " + (e.hasValue() ? "\"" + e.value() + "\": " : "") + e.detail())
                .toList();

        if (expected == null) {
            assertThat(errors).isEmpty();
        } else {
            assertThat(errors).containsExactly(expected);
        }
    }
}
