package dev.stocktake.notifier.alert;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * A small JSON tree on jackson-core's streaming parser (the Lambda jar carries no data binding): objects become
 * {@code Map<String, Object>} in document order, arrays {@code List<Object>}, scalars {@code String},
 * {@code Number}, {@code Boolean} or {@code null}.
 */
final class Json {

    static final JsonFactory FACTORY = JsonFactory.builder().build();

    private Json() {
    }

    /** Parses a document; throws {@link IOException} with the parser's message when it is not JSON. */
    static Object parse(String text) throws IOException {
        try (JsonParser parser = FACTORY.createParser(text)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new IOException("the document is empty");
            }
            Object value = value(parser, first);
            if (parser.nextToken() != null) {
                throw new IOException("there is more after the JSON value");
            }
            return value;
        }
    }

    private static Object value(JsonParser parser, JsonToken token) throws IOException {
        return switch (token) {
            case START_OBJECT -> {
                Map<String, Object> object = new LinkedHashMap<>();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    object.put(name, value(parser, parser.nextToken()));
                }
                yield object;
            }
            case START_ARRAY -> {
                List<Object> array = new ArrayList<>();
                for (JsonToken next = parser.nextToken(); next != JsonToken.END_ARRAY; next = parser.nextToken()) {
                    array.add(value(parser, next));
                }
                yield array;
            }
            case VALUE_STRING -> parser.getText();
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> parser.getNumberValue();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            default -> throw new IOException("unexpected " + token);
        };
    }

    /** The object at {@code path} below {@code node}, or {@code null}. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> object(Object node, String... path) {
        Object value = at(node, path);
        return value instanceof Map<?, ?> map ? (Map<String, Object>) map : null;
    }

    /** The string at {@code path} below {@code node} (blank counts as absent), or {@code null}. */
    static String text(Object node, String... path) {
        Object value = at(node, path);
        return value instanceof String s && !s.isBlank() ? s : null;
    }

    private static Object at(Object node, String... path) {
        Object current = node;
        for (String name : path) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = map.get(name);
        }
        return current;
    }

    /** Writes a JSON document with jackson-core's generator. */
    static String write(Writer writer) {
        StringWriter out = new StringWriter();
        try (JsonGenerator json = FACTORY.createGenerator(out)) {
            writer.write(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** The body of {@link #write}. */
    interface Writer {
        void write(JsonGenerator json) throws IOException;
    }
}
