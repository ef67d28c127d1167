package dev.stocktake.notifier.alert;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** CloudTrail events as EventBridge delivers them: the documented fixtures, and made-up ones shaped like them. */
final class AlertFixtures {

    static final ObjectMapper JSON = new ObjectMapper();

    private AlertFixtures() {
    }

    /** A fixture from {@code src/test/resources/dev/stocktake/notifier/alert/events/}. */
    static String fixture(String name) {
        try (InputStream in = AlertFixtures.class.getResourceAsStream("events/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture events/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A fixture with fields replaced (dotted paths below the envelope, e.g. {@code detail.eventID}). */
    static String fixture(String name, Map<String, Object> replacements) {
        try {
            ObjectNode root = (ObjectNode) JSON.readTree(fixture(name));
            for (Map.Entry<String, Object> replacement : replacements.entrySet()) {
                String[] path = replacement.getKey().split("\\.");
                ObjectNode node = root;
                for (int i = 0; i < path.length - 1; i++) {
                    node = (ObjectNode) node.get(path[i]);
                }
                if (replacement.getValue() == null) {
                    node.remove(path[path.length - 1]);
                } else {
                    node.set(path[path.length - 1], JSON.valueToTree(replacement.getValue()));
                }
            }
            return JSON.writeValueAsString(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code CreateUser} of {@code userName} by {@code alice} in 111122223333, shaped like the documented fixture. */
    static String createUser(String eventId, String userName, Instant time) {
        return fixture("create-user-by-iam-user.json", Map.of("detail.eventID", eventId, "detail.eventTime", time.toString(),
                "detail.requestParameters", Map.of("userName", userName),
                "detail.responseElements", Map.of("user", Map.of("userName", userName, "path", "/",
                        "arn", "arn:aws:iam::111122223333:user/" + userName))));
    }

    /** The {@code detail} of an event, as the member account's PutEvents would carry it. */
    static String detail(String event) {
        try {
            return JSON.writeValueAsString(JSON.readTree(event).get("detail"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
