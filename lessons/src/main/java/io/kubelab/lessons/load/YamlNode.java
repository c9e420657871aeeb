package io.kubelab.lessons.load;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML tree that remembers where each node was written, so the loader can say
 * {@code lessons/06-pod/lesson.yaml:12:5: unknown check type "exist"}. Jackson's YAML parser does the
 * parsing; this only keeps each token's {@link JsonLocation} (1-based line and column).
 */
sealed interface YamlNode {
    Loc loc();

    /** A 1-based line and column. */
    record Loc(int line, int column) {
        static Loc of(JsonLocation l) {
            return new Loc(l.getLineNr(), l.getColumnNr());
        }
    }

    /** A map; {@code keys} holds where each key was written. */
    record YMap(Loc loc, Map<String, YamlNode> values, Map<String, Loc> keys) implements YamlNode {}

    record YList(Loc loc, List<YamlNode> items) implements YamlNode {}

    /** A scalar; {@code text} is {@code null} for YAML's null, {@code quotedOrString} tells text from numbers and booleans. */
    record YScalar(Loc loc, String text, boolean isString) implements YamlNode {}

    /** Thrown for text that is not YAML, or a key written twice. */
    final class YamlSyntaxException extends Exception {
        private static final long serialVersionUID = 1L;
        final transient Loc loc;

        YamlSyntaxException(Loc loc, String message) {
            super(message);
            this.loc = loc;
        }
    }

    YAMLFactory FACTORY = new YAMLFactory();

    /** Reads the first document of {@code text}; {@code null} for an empty one. */
    static YamlNode parse(String text) throws YamlSyntaxException {
        try (JsonParser p = FACTORY.createParser(text)) {
            JsonToken t = p.nextToken();
            return t == null ? null : read(p);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            JsonLocation l = e.getLocation();
            throw new YamlSyntaxException(l == null ? new Loc(1, 1) : Loc.of(l),
                    "not YAML: " + e.getOriginalMessage().lines().findFirst().orElse(""));
        } catch (IOException e) {
            throw new YamlSyntaxException(new Loc(1, 1), "not YAML: " + e.getMessage());
        }
    }

    private static YamlNode read(JsonParser p) throws IOException, YamlSyntaxException {
        Loc loc = Loc.of(p.currentTokenLocation());
        JsonToken t = p.currentToken();
        if (t == JsonToken.START_OBJECT) {
            Map<String, YamlNode> values = new LinkedHashMap<>();
            Map<String, Loc> keys = new LinkedHashMap<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                Loc keyLoc = Loc.of(p.currentTokenLocation());
                if (keys.containsKey(key)) {
                    throw new YamlSyntaxException(keyLoc, "key \"" + key + "\" appears twice");
                }
                p.nextToken();
                keys.put(key, keyLoc);
                values.put(key, read(p));
            }
            return new YMap(loc, values, keys);
        } else if (t == JsonToken.START_ARRAY) {
            List<YamlNode> items = new ArrayList<>();
            while (p.nextToken() != JsonToken.END_ARRAY) {
                items.add(read(p));
            }
            return new YList(loc, items);
        } else if (t == JsonToken.VALUE_NULL) {
            return new YScalar(loc, null, false);
        } else {
            return new YScalar(loc, p.getText(), t == JsonToken.VALUE_STRING);
        }
    }
}
