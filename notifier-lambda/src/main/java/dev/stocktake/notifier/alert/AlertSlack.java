package dev.stocktake.notifier.alert;

import static dev.stocktake.notifier.slack.SlackMessage.escape;

import java.util.List;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

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
        // the notification text is mrkdwn too: names come from the call (any caller can choose them), so escape them
        String fallback = "Stocktake: " + escape(title) + " by " + escape(first.event().actor().arn());
        ObjectNode message = Json.MAPPER.createObjectNode().put("text", fallback);
        ArrayNode blocks = message.putArray("blocks");
        blocks.addObject().put("type", "header").putObject("text").put("type", "plain_text")
                .put("text", shorten(":rotating_light: " + title, HEADER_LIMIT));
        section(blocks, context);
        section(blocks, items.toString().strip());
        blocks.addObject().put("type", "context").putArray("elements").addObject().put("type", "mrkdwn")
                .put("text", "Stocktake real-time alert \u00b7 allowed users are listed in allowlist/allowlist.csv");
        return Json.write(message);
    }

    private static void section(ArrayNode blocks, String text) {
        blocks.addObject().put("type", "section").putObject("text").put("type", "mrkdwn").put("text", shorten(text, SECTION_LIMIT));
    }

    private static String shorten(String text, int limit) {
        return text.length() <= limit ? text : text.substring(0, limit - 1) + "\u2026";
    }
}
