package io.kubelab.engine.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.kubelab.engine.model.ApiException;
import io.kubelab.engine.model.Kube;
import io.kubelab.engine.model.ManifestException;
import io.kubelab.engine.model.ResourceType;
import io.kubelab.engine.model.ResourceTypes;
import io.kubelab.engine.store.Store;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Golden files: every manifest under {@code invalid-manifests/} is rejected with exactly the message
 * Kubernetes (1.30, kubectl 1.32) gives, and leaves the store and the allocators as they were.
 *
 * <p>A file starts with its expectation in comments: {@code # expect: <message>} (one line per
 * message line), optionally {@code # code: 400|404|422|manifest} (default 422) and {@code # op:
 * create|update|apply} (default create). Every document but the last is created first; the last is
 * then created, replaced ({@code update}, a PUT) or applied as a strategic merge patch ({@code apply}).
 * {@code manifest} errors are kubectl's own (YAML, unknown kinds) and are compared in kubectl's
 * words for that file name.
 */
class InvalidManifestsTest {

    record Case(String file, String op, String code, String expected, String manifest) {
        @Override
        public String toString() {
            return file;
        }
    }

    static Stream<Case> cases() throws IOException, URISyntaxException {
        Path dir = Path.of(InvalidManifestsTest.class.getResource("/invalid-manifests").toURI());
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".yaml")).sorted().map(InvalidManifestsTest::read).toList().stream();
        }
    }

    private static Case read(Path p) {
        try {
            List<String> lines = Files.readAllLines(p);
            String op = "create";
            String code = "422";
            List<String> expect = new ArrayList<>();
            int i = 0;
            for (; i < lines.size(); i++) {
                String l = lines.get(i);
                if (l.startsWith("# op:")) {
                    op = l.substring(5).trim();
                } else if (l.startsWith("# code:")) {
                    code = l.substring(7).trim();
                } else if (l.startsWith("# expect:")) {
                    String rest = l.substring(9);
                    expect.add(rest.startsWith(" ") ? rest.substring(1) : rest);
                } else {
                    break;
                }
            }
            String manifest = String.join("\n", lines.subList(i, lines.size())) + "\n";
            return new Case(p.getFileName().toString(), op, code, String.join("\n", expect), manifest);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void isRejectedWithKubernetesMessageAndChangesNothing(Case c) {
        assertThat(c.expected()).as("expectation in " + c.file()).isNotEmpty();
        Store store = new Store();
        KubeApi api = new KubeApi(store, () -> Instant.parse("2026-01-01T00:00:00Z"), 7);
        api.create(new NamespaceBuilder().withNewMetadata().withName("default").endMetadata().build(), null);

        List<ObjectNode> docs;
        Throwable failure;
        String before;
        String allocatorBefore;
        long revisionBefore;
        try {
            docs = Kube.readDocuments(c.manifest());
        } catch (ManifestException e) {
            assertThat(c.code()).isEqualTo("manifest");
            assertThat(e.kubectlMessage(c.file())).isEqualTo(c.expected());
            return;
        }
        for (int i = 0; i < docs.size() - 1; i++) {
            HasMetadata setup = ResourceTypes.decode(docs.get(i));
            apply(api, setup, docs.get(i), "create");
        }
        ObjectNode last = docs.get(docs.size() - 1);
        revisionBefore = store.revision();
        before = dump(store);
        allocatorBefore = api.allocator().state();
        failure = catchThrowable(() -> {
            HasMetadata object = ResourceTypes.decode(last);
            apply(api, object, last, c.op());
        });

        assertThat(failure).as(c.file() + " must be rejected").isNotNull();
        if (c.code().equals("manifest")) {
            assertThat(failure).isInstanceOf(ManifestException.class);
            assertThat(((ManifestException) failure).kubectlMessage(c.file())).isEqualTo(c.expected());
        } else {
            assertThat(failure).as(String.valueOf(failure)).isInstanceOf(ApiException.class);
            ApiException e = (ApiException) failure;
            assertThat(e.getMessage()).isEqualTo(c.expected());
            assertThat(String.valueOf(e.code())).isEqualTo(c.code());
            if (e.code() == 422) {
                assertThat(e.reason()).isEqualTo("Invalid");
                assertThat(e.status().getDetails().getCauses()).isNotEmpty();
            }
        }
        assertThat(store.revision()).as("revision").isEqualTo(revisionBefore);
        assertThat(dump(store)).as("stored objects").isEqualTo(before);
        assertThat(api.allocator().state()).as("ClusterIP/NodePort allocations").isEqualTo(allocatorBefore);
    }

    private static void apply(KubeApi api, HasMetadata object, ObjectNode doc, String op) {
        ResourceType type = ResourceTypes.of(object);
        String ns = type.namespaced() ? (object.getMetadata().getNamespace() == null ? "default"
                : object.getMetadata().getNamespace()) : null;
        switch (op) {
            case "create" -> api.create(object, ns);
            case "update" -> api.update(object);
            case "apply" -> api.patch(type, ns, object.getMetadata().getName(), Patches.Type.STRATEGIC_MERGE_PATCH, doc, false);
            default -> throw new IllegalArgumentException(op);
        }
    }

    private static String dump(Store store) {
        TreeMap<String, String> all = new TreeMap<>();
        for (ResourceType t : ResourceTypes.all()) {
            for (HasMetadata o : store.list(t, null).items()) {
                all.put(t.plural() + "/" + Kube.key(o), Kube.toJson(o));
            }
        }
        return all.toString();
    }
}
