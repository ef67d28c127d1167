package dev.stocktake.collector;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;

import org.crac.Core;
import org.crac.Resource;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import dev.stocktake.collector.account.AccountIds;
import dev.stocktake.collector.details.DetailsOutcome;
import dev.stocktake.support.logging.JsonLog;
import dev.stocktake.support.retry.Deadline;

/**
 * The Lambda entry point ({@code dev.stocktake.collector.CollectorHandler::handleRequest}), run
 * daily by EventBridge Scheduler in every member account. Thin: the collector and its clients
 * are built once per container (before SnapStart's snapshot); each invocation is one call.
 * The scheduler's input is ignored.
 *
 * <p>Before SnapStart takes the snapshot of a published version, the handler primes itself
 * ({@link #beforeCheckpoint}): one collection run offline through throwaway clients, so a
 * restored function does not load and initialise the SDK's request path on its first call.
 */
public final class CollectorHandler implements RequestStreamHandler, Resource {

    /** Left for the upload and a clean failure when retries run the clock down. */
    static final Duration RESERVE = Duration.ofSeconds(10);
    private static final JsonFactory JSON = JsonFactory.builder().build();

    private final Collector collector;
    private final Clock clock;

    public CollectorHandler() {
        this(CollectorFactory.fromEnvironment(), Clock.systemUTC());
        // Outside SnapStart (or any CRaC runtime) registering does nothing.
        Core.getGlobalContext().register(this);
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
        output.write(response(result));
    }

    /**
     * The invocation's result: {@code {"accountId":…,"location":"s3://…","outcome":"CREATED"|"REPLACED_OWN",
     * "detailsWritten":true,"detailsLocation":"s3://…"}}, or with {@code "detailsWritten":false,"detailsReason":"…"}
     * when the IAM details file was not written (the report was).
     */
    static byte[] response(CollectionResult result) throws IOException {
        var bytes = new ByteArrayOutputStream(256);
        try (JsonGenerator json = JSON.createGenerator(bytes)) {
            json.writeStartObject();
            json.writeStringField("accountId", result.accountId());
            json.writeStringField("location", result.stored().uri());
            json.writeStringField("outcome", result.stored().outcome().name());
            json.writeBooleanField("detailsWritten", result.detailsWritten());
            switch (result.details()) {
                case DetailsOutcome.Written written -> json.writeStringField("detailsLocation", written.stored().uri());
                case DetailsOutcome.NotWritten notWritten -> json.writeStringField("detailsReason", notWritten.reason());
                case DetailsOutcome.Disabled disabled -> json.writeStringField("detailsReason",
                        "switched off (" + CollectorConfig.DETAILS_ENABLED + "=false)");
            }
            json.writeEndObject();
        }
        return bytes.toByteArray();
    }

    /** SnapStart is about to snapshot this function: run one collection offline (no AWS call) to warm it. */
    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        Priming.run(CollectorConfig.fromEnv(System.getenv()), new JsonLog(System.out), clock);
    }

    /** Nothing to refresh: the real clients made no call before the snapshot, so they hold no credentials or connections. */
    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
    }
}
