package dev.stocktake.collector;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;

import dev.stocktake.collector.account.AccountIds;
import dev.stocktake.collector.retry.Deadline;

/**
 * The Lambda entry point ({@code dev.stocktake.collector.CollectorHandler::handleRequest}), run
 * daily by EventBridge Scheduler in every member account. Thin: the collector and its clients
 * are built once per container (before SnapStart's snapshot); each invocation is one call.
 * The scheduler's input is ignored.
 */
public final class CollectorHandler implements RequestStreamHandler {

    /** Left for the upload and a clean failure when retries run the clock down. */
    static final Duration RESERVE = Duration.ofSeconds(10);

    private final Collector collector;
    private final Clock clock;

    public CollectorHandler() {
        this(CollectorFactory.fromEnvironment(), Clock.systemUTC());
    }

    CollectorHandler(Collector collector, Clock clock) {
        this.collector = collector;
        this.clock = clock;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        input.transferTo(OutputStream.nullOutputStream());
        // The invoked function's ARN names this account: no extra API call to learn it.
        String accountId = AccountIds.fromArn(context.getInvokedFunctionArn());
        Deadline deadline = Deadline.after(clock, Duration.ofMillis(context.getRemainingTimeInMillis()).minus(RESERVE));
        CollectionResult result = collector.collect(accountId, deadline);
        String response = "{\"accountId\":\"" + result.accountId() + "\",\"location\":\"" + result.stored().uri()
                .replace("\\", "\\\\").replace("\"", "\\\"") + "\",\"outcome\":\"" + result.stored().outcome() + "\"}";
        output.write(response.getBytes(StandardCharsets.UTF_8));
    }
}
