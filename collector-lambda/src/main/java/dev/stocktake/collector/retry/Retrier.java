package dev.stocktake.collector.retry;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;

import dev.stocktake.collector.CollectionException;
import dev.stocktake.collector.CollectionException.Reason;
import dev.stocktake.collector.CollectionException.Step;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Runs a step again after retryable failures, waiting per {@link Backoff}, until it succeeds,
 * fails for good, or the next wait would pass the {@link Deadline}. Counts the retries.
 */
public final class Retrier {

    private final Backoff backoff;
    private final Sleeper sleeper;
    private final RandomGenerator random;
    private int retries;

    public Retrier(Backoff backoff, Sleeper sleeper, RandomGenerator random) {
        this.backoff = backoff;
        this.sleeper = sleeper;
        this.random = random;
    }

    /** Retries so far, over every step this retrier ran. */
    public int retries() {
        return retries;
    }

    /**
     * Waits before retry {@code attempt} of {@code step}, or throws a deadline error naming
     * {@code lastError} when the wait would not fit before the deadline.
     */
    public void pause(String accountId, Step step, int attempt, Deadline deadline, String lastError, Throwable cause) {
        Duration wait = backoff.delay(attempt, random);
        if (!deadline.allows(wait)) {
            throw new CollectionException(accountId, step, Reason.DEADLINE_EXCEEDED,
                    "gave up after " + (attempt + 1) + " attempt(s): only " + deadline.remaining().toMillis()
                            + " ms left before the deadline and the next retry would wait " + wait.toMillis()
                            + " ms. Last error: " + lastError + ". Nothing was written; the next scheduled run will try again"
                            + " (raise the Lambda timeout if this keeps happening).", cause);
        }
        try {
            sleeper.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CollectionException(accountId, step, Reason.INTERRUPTED, "interrupted while waiting to retry", e);
        }
        retries++;
    }

    /**
     * Calls {@code call} until it returns, retrying failures {@code retryable} accepts.
     */
    public <T> T call(String accountId, Step step, Deadline deadline, Predicate<SdkException> retryable, SdkCall<T> call) {
        for (int attempt = 0; ; attempt++) {
            try {
                return call.call();
            } catch (SdkException e) {
                if (!retryable.test(e)) {
                    throw e;
                }
                pause(accountId, step, attempt, deadline, describe(e), e);
            }
        }
    }

    /** A short description of an SDK error: its code and message, never a request body. */
    public static String describe(SdkException e) {
        if (e instanceof software.amazon.awssdk.awscore.exception.AwsServiceException service
                && service.awsErrorDetails() != null) {
            return service.awsErrorDetails().errorCode() + " (HTTP " + service.statusCode() + "): "
                    + service.awsErrorDetails().errorMessage();
        }
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    /**
     * Whether an error is worth retrying: throttling, 5xx, or a connection failure. A service
     * error wrapped in a client error (e.g. an STS denial while resolving credentials) is judged
     * by the service error.
     */
    public static boolean transientError(SdkException e) {
        SdkException root = rootCause(e);
        if (root instanceof software.amazon.awssdk.awscore.exception.AwsServiceException service) {
            return service.isThrottlingException() || service.statusCode() >= 500;
        }
        return root instanceof software.amazon.awssdk.core.exception.SdkClientException;
    }

    /** The innermost SDK exception of a cause chain: credential-provider failures arrive wrapped. */
    public static SdkException rootCause(SdkException e) {
        SdkException deepest = e;
        for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            if (cause instanceof SdkException sdk) {
                deepest = sdk;
            }
        }
        return deepest;
    }

    @FunctionalInterface
    public interface SdkCall<T> {
        T call();
    }
}
