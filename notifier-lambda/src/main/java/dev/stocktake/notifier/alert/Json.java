package dev.stocktake.notifier.alert;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** The alerts' one JSON mapper (thread-safe) and the two reads every message needs. */
final class Json {

    /** Strict about what follows the value: a message with two documents in it is not an event. */
    static final ObjectMapper MAPPER = JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

    private Json() {
    }

    /** Parses a document; throws {@link IOException} with the parser's message when it is not JSON. */
    static JsonNode parse(String text) throws IOException {
        JsonNode root = MAPPER.readTree(text);
        if (root == null || root.isMissingNode()) {
            throw new IOException("the document is empty");
        }
        return root;
    }

    /** The string at {@code path} below {@code node} (blank or not a string counts as absent), or {@code null}. */
    static String text(JsonNode node, String... path) {
        JsonNode value = node;
        for (String name : path) {
            value = value.path(name);
        }
        return value.isTextual() && !value.asText().isBlank() ? value.asText() : null;
    }

    static String write(JsonNode document) {
        try {
            return MAPPER.writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree that cannot be written: " + e.getOriginalMessage(), e);
        }
    }
}
