package dev.stocktake.notifier.alert;

import java.util.List;

/**
 * The Slack message of a burst (Block Kit, with a plain {@code text} for notifications): a header, who, from where
 * and when, then the first {@code maxItems} changes and "…and K more". Pure.
 */
final class AlertSlack {

    /** Slack's limit for a section's text is 3,000 characters; a header's is 150. */
    static final int SECTION_LIMIT = 2_900;
    static final int HEADER_LIMIT = 150;

    private AlertSlack() {
    }

    static String render(Burst burst, int maxItems) {
        Alert first = burst.alerts().getFirst();
        String title = AlertText.title(burst) + " in " + first.account();
        String context = "*Account:* " + escape(first.account())
                + "\n*By:* `" + escape(AlertText.actor(first.event().actor())) + "`"
                + "\n*From:* " + escape(first.event().sourceIp())
                + "\n*When:* " + AlertText.when(burst);
        StringBuilder items = new StringBuilder();
        List<Alert> alerts = burst.alerts();
        int shown = 0;
        for (Alert alert : alerts) {
            String line = "\u2022 " + escape(AlertText.item(alert)) + "\n";
            if (shown == maxItems || items.length() + line.length() > SECTION_LIMIT - 40) {
                break;
            }
            items.append(line);
            shown++;
        }
        if (shown < alerts.size()) {
            items.append("\u2026and ").append(alerts.size() - shown).append(" more");
        }
        String fallback = "Stocktake: " + title + " by " + first.event().actor().arn();
        return Json.write(json -> {
            json.writeStartObject();
            json.writeStringField("text", fallback);
            json.writeArrayFieldStart("blocks");
            json.writeStartObject();
            json.writeStringField("type", "header");
            json.writeObjectFieldStart("text");
            json.writeStringField("type", "plain_text");
            json.writeStringField("text", shorten(":rotating_light: " + title, HEADER_LIMIT));
            json.writeEndObject();
            json.writeEndObject();
            section(json, context);
            section(json, items.toString().strip());
            json.writeStartObject();
            json.writeStringField("type", "context");
            json.writeArrayFieldStart("elements");
            json.writeStartObject();
            json.writeStringField("type", "mrkdwn");
            json.writeStringField("text", "Stocktake real-time alert \u00b7 allowed users are listed in allowlist/allowlist.csv");
            json.writeEndObject();
            json.writeEndArray();
            json.writeEndObject();
            json.writeEndArray();
            json.writeEndObject();
        });
    }

    private static void section(com.fasterxml.jackson.core.JsonGenerator json, String text) throws java.io.IOException {
        json.writeStartObject();
        json.writeStringField("type", "section");
        json.writeObjectFieldStart("text");
        json.writeStringField("type", "mrkdwn");
        json.writeStringField("text", shorten(text, SECTION_LIMIT));
        json.writeEndObject();
        json.writeEndObject();
    }

    /** Slack's three control characters in mrkdwn. */
    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String shorten(String text, int limit) {
        return text.length() <= limit ? text : text.substring(0, limit - 1) + "\u2026";
    }
}
