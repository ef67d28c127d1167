package dev.stocktake.notifier.alert;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.stocktake.support.retry.Deadline;

/**
 * The alerts' Lambda entry point ({@code dev.stocktake.notifier.alert.AlertHandler::handleRequest}), invoked by an SQS
 * event-source mapping with {@code ReportBatchItemFailures}. Thin: the processor and its clients are built once per
 * container; each invocation is one call. The answer lists the messages to retry:
 * {@code {"batchItemFailures":[{"itemIdentifier":"<messageId>"}]}}.
 */
public final class AlertHandler implements RequestStreamHandler {

    /** Left for confirming the sends and answering when the clock runs down. */
    static final Duration RESERVE = Duration.ofSeconds(5);

    private final AlertProcessor processor;
    private final Clock clock;

    public AlertHandler() {
        this(AlertFactory.fromEnvironment(), Clock.systemUTC());
    }

    AlertHandler(AlertProcessor processor, Clock clock) {
        this.processor = processor;
        this.clock = clock;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        List<AlertProcessor.QueuedEvent> messages = records(new String(input.readAllBytes(), StandardCharsets.UTF_8));
        Deadline deadline = Deadline.after(clock, Duration.ofMillis(context.getRemainingTimeInMillis()).minus(RESERVE));
        AlertProcessor.Result result = processor.process(messages, deadline);
        output.write(response(result.failedMessageIds()).getBytes(StandardCharsets.UTF_8));
    }

    /** The SQS event's records. */
    static List<AlertProcessor.QueuedEvent> records(String input) {
        JsonNode root;
        try {
            root = Json.parse(input);
        } catch (IOException e) {
            throw new IllegalArgumentException("the input is not JSON: the alert handler takes SQS events from an event-source mapping");
        }
        JsonNode records = root.path("Records");
        if (!records.isArray()) {
            throw new IllegalArgumentException("the input has no Records list: the alert handler takes SQS events from an "
                    + "event-source mapping (for a test, send an EventBridge event to the alert queue instead)");
        }
        List<AlertProcessor.QueuedEvent> messages = new ArrayList<>();
        for (JsonNode record : records) {
            String id = Json.text(record, "messageId");
            String body = Json.text(record, "body");
            if (id == null) {
                throw new IllegalArgumentException("an SQS record has no messageId");
            }
            messages.add(new AlertProcessor.QueuedEvent(id, body == null ? "" : body));
        }
        return messages;
    }

    static String response(List<String> failed) {
        ObjectNode response = Json.MAPPER.createObjectNode();
        ArrayNode failures = response.putArray("batchItemFailures");
        failed.forEach(id -> failures.addObject().put("itemIdentifier", id));
        return Json.write(response);
    }
}
