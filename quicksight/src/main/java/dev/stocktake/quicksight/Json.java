package dev.stocktake.quicksight;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reading the definitions from the classpath and filling in their placeholders. */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();
    /** {@code ${name}} or {@code ${name:argument}}. */
    static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z]+)(?::([^}]*))?}");

    private Json() {
    }

    static String resource(String name) {
        try (InputStream in = Json.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + Json.class.getPackageName().replace('.', '/') + "/" + name
                        + " (the quicksight module's jar is incomplete: rebuild it)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name, e);
        }
    }

    static JsonNode tree(String name) {
        try {
            return MAPPER.readTree(resource(name));
        } catch (IOException e) {
            throw new IllegalStateException(name + " is not valid JSON: " + e.getMessage(), e);
        }
    }

    /** The tree as maps and lists, every string passed through {@code strings}. */
    static Object plain(JsonNode node, UnaryOperator<String> strings) {
        if (node.isObject()) {
            Map<String, Object> out = new LinkedHashMap<>();
            node.properties().forEach(e -> out.put(e.getKey(), plain(e.getValue(), strings)));
            return out;
        }
        if (node.isArray()) {
            List<Object> out = new ArrayList<>();
            node.forEach(item -> out.add(plain(item, strings)));
            return out;
        }
        if (node.isTextual()) {
            return strings.apply(node.asText());
        }
        return MAPPER.convertValue(node, new TypeReference<Object>() { });
    }

    /**
     * Replaces every placeholder in {@code text} with what {@code values} returns for it (name, argument); a
     * placeholder it returns null for is an error naming {@code where}.
     */
    static String fill(String text, String where, PlaceholderValues values) {
        Matcher matcher = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String value = values.value(matcher.group(1), matcher.group(2));
            if (value == null) {
                throw new IllegalArgumentException(where + ": no value for the placeholder " + matcher.group());
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    @FunctionalInterface
    interface PlaceholderValues {
        /** The value of {@code ${name:argument}} (argument null for {@code ${name}}), or null when unknown. */
        String value(String name, String argument);
    }
}
