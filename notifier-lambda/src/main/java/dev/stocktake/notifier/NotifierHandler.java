package dev.stocktake.notifier;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;

import dev.stocktake.support.retry.Deadline;

/**
 * The Lambda entry point ({@code dev.stocktake.notifier.NotifierHandler::handleRequest}), run daily by EventBridge
 * Scheduler after the collection window. Thin: the notifier and its clients are built once per container; each
 * invocation is one call. The input may name the day, {@code {"day":"2026-03-05"}} (to send a missed day by hand);
 * anything else (the scheduler's input) means today in {@code REPORT_TIME_ZONE}.
 */
public final class NotifierHandler implements RequestStreamHandler {

    /** Left for the last send and a clean failure when polling runs the clock down. */
    static final Duration RESERVE = Duration.ofSeconds(15);
    private static final Pattern DAY = Pattern.compile("\"day\"\\s*:\\s*\"([^\"]*)\"");
    private static final Pattern ACCOUNT = Pattern.compile("^arn:[^:]+:lambda:[^:]*:(\\d{12}):");

    private final Notifier notifier;
    private final Clock clock;

    public NotifierHandler() {
        this(NotifierFactory.fromEnvironment(), Clock.systemUTC());
    }

    NotifierHandler(Notifier notifier, Clock clock) {
        this.notifier = notifier;
        this.clock = clock;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        LocalDate day = day(new String(input.readAllBytes(), StandardCharsets.UTF_8), notifier.today());
        Matcher account = ACCOUNT.matcher(String.valueOf(context.getInvokedFunctionArn()));
        if (!account.find()) {
            throw new IllegalStateException("cannot tell this account from the function ARN " + context.getInvokedFunctionArn());
        }
        Deadline deadline = Deadline.after(clock, Duration.ofMillis(context.getRemainingTimeInMillis()).minus(RESERVE));
        NotifierResult result = notifier.notify(day, account.group(1), deadline);
        StringBuilder response = new StringBuilder("{\"day\":\"").append(result.day()).append("\",\"deliveries\":{");
        for (int i = 0; i < result.deliveries().size(); i++) {
            var delivery = result.deliveries().get(i);
            response.append(i == 0 ? "" : ",").append('"').append(delivery.channel()).append("\":\"")
                    .append(delivery.status()).append('"');
        }
        output.write(response.append("}}").toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The day the input names, else {@code today}. */
    static LocalDate day(String input, LocalDate today) {
        Matcher matcher = DAY.matcher(input == null ? "" : input);
        if (!matcher.find()) {
            return today;
        }
        try {
            return LocalDate.parse(matcher.group(1));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("the input's \"day\" is '" + matcher.group(1) + "', not a date such as 2026-03-05");
        }
    }
}
