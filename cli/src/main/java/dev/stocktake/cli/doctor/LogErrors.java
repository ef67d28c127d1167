package dev.stocktake.cli.doctor;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilteredLogEvent;

/**
 * Reads a Stocktake function's log for what went wrong: the last error line in a time window
 * ({@code logs:FilterLogEvents}), shortened to its message and reason. Stocktake's functions log one JSON object per
 * line (level, message, step, reason, error) and never report contents; the Lambda runtime's own failures ("Task
 * timed out", an uncaught exception as errorType/errorMessage) are recognised too.
 */
final class LogErrors {

    /** Any of the terms: a Stocktake ERROR line, a timeout, an uncaught exception. */
    static final String FILTER_PATTERN = "?ERROR ?\"Task timed out\" ?errorMessage";
    private static final List<String> TERMS = List.of("ERROR", "Task timed out", "errorMessage");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX = 300;

    private LogErrors() {
    }

    /** What the log says happened in the window. */
    sealed interface Outcome {
        /** No event at all: the function did not run. */
        record NoRun() implements Outcome {
        }

        /** It ran and logged no error. */
        record RanClean() implements Outcome {
        }

        /** The last error line, shortened. */
        record Error(Instant time, String text) implements Outcome {
        }
    }

    /**
     * What {@code logGroup} says between {@code from} and {@code to}. A missing log group is a
     * {@code ResourceNotFoundException} the caller interprets.
     */
    static Outcome read(AwsAccess.Account account, CloudWatchLogsClient logs, String logGroup, Instant from, Instant to) {
        List<FilteredLogEvent> errors = Calls.call(account, "logs:FilterLogEvents", () -> logs.filterLogEventsPaginator(r -> r
                        .logGroupName(logGroup).startTime(from.toEpochMilli()).endTime(to.toEpochMilli())
                        .filterPattern(FILTER_PATTERN))
                .events().stream().filter(event -> isError(event.message())).toList());
        if (!errors.isEmpty()) {
            FilteredLogEvent last = errors.getLast();
            return new Outcome.Error(Instant.ofEpochMilli(last.timestamp()), shorten(last.message()));
        }
        boolean ran = !Calls.call(account, "logs:FilterLogEvents", () -> logs.filterLogEvents(r -> r
                .logGroupName(logGroup).startTime(from.toEpochMilli()).endTime(to.toEpochMilli()).limit(1)).events()).isEmpty();
        return ran ? new Outcome.RanClean() : new Outcome.NoRun();
    }

    /** Whether a line is an error: the filter pattern's terms (the emulator ignores patterns it cannot parse). */
    static boolean isError(String message) {
        return message != null && TERMS.stream().anyMatch(message::contains);
    }

    /** The message, step, reason and error of a JSON line, the errorType/errorMessage of a runtime failure, or the first line. */
    static String shorten(String message) {
        String text = message.strip();
        if (text.startsWith("{")) {
            try {
                JsonNode line = JSON.readTree(text);
                if (line.has("errorMessage")) {
                    text = line.path("errorType").asText("error") + ": " + line.path("errorMessage").asText();
                } else {
                    StringBuilder out = new StringBuilder(line.path("message").asText(""));
                    for (String field : List.of("step", "reason", "error")) {
                        if (line.hasNonNull(field)) {
                            out.append(out.isEmpty() ? "" : "; ").append(field).append(' ').append(line.get(field).asText());
                        }
                    }
                    text = out.toString();
                }
            } catch (IOException e) {
                // not JSON after all: keep the raw line
            }
        }
        int newline = text.indexOf('\n');
        if (newline >= 0) {
            text = text.substring(0, newline);
        }
        return text.length() > MAX ? text.substring(0, MAX) + "…" : text;
    }

    static Optional<String> text(Outcome outcome) {
        return outcome instanceof Outcome.Error error ? Optional.of(error.text()) : Optional.empty();
    }
}
