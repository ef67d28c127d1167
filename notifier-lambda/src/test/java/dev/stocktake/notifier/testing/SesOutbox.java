package dev.stocktake.notifier.testing;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.stocktake.emulator.Emulator;

/**
 * The emails the emulator's SES accepted, from its state ({@code GET /moto-api/data.json}, {@code ses.Message}). For
 * an email with simple content the emulator keeps the sender, the destinations, the subject and the HTML body only
 * (the text body and attachments are read from {@link SentEmails}).
 */
public final class SesOutbox {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One accepted message as the emulator keeps it. */
    public record Accepted(String source, List<String> destinations, String subject, String html) {
    }

    private SesOutbox() {
    }

    public static List<Accepted> accepted(Emulator emulator) {
        JsonNode messages;
        try {
            messages = JSON.readTree(emulator.stateJson()).path("ses").path("Message");
        } catch (IOException e) {
            throw new AssertionError("the emulator's state is not JSON", e);
        }
        List<Accepted> accepted = new ArrayList<>();
        for (JsonNode message : messages) {
            List<String> destinations = new ArrayList<>();
            message.path("destinations").forEach(kind -> kind.forEach(address -> destinations.add(address.asText())));
            accepted.add(new Accepted(message.path("source").asText(), destinations, message.path("subject").asText(),
                    message.path("body").asText()));
        }
        return accepted;
    }
}
