package dev.stocktake.notifier.testing;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/** What a Slack reader sees of a Block Kit payload: every {@code text} string, in order. */
public final class SlackPayloads {

    private SlackPayloads() {
    }

    public static List<String> texts(JsonNode node) {
        List<String> texts = new ArrayList<>();
        collect(node, texts);
        return texts;
    }

    private static void collect(JsonNode node, List<String> texts) {
        if (node.isArray()) {
            node.forEach(child -> collect(child, texts));
        } else if (node.isObject()) {
            node.properties().forEach(field -> {
                if (field.getKey().equals("text") && field.getValue().isTextual()) {
                    texts.add(field.getValue().asText());
                } else {
                    collect(field.getValue(), texts);
                }
            });
        }
    }
}
