package dev.stocktake.support.retry;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;

import dev.stocktake.support.aws.AwsErrors;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Runs a step again after retryable failures, waiting per {@link Backoff}, until it succeeds,
 * fails for good, or the next wait would pass the {@link Deadline}. Counts the retries.
 *
 * <p>When it gives up it throws the caller's own exception, made by the caller's {@link GiveUp}: the
 * caller knows the context a message needs (the account, the step, what was or was not written).
 */
public final class Retrier {

    /** Why a retrier stopped retrying. */
    public enum Reason { DEADLINE_EXCEEDED, INTERRUPTED }

    /** Makes the caller's exception when the retrier gives up; {@code message} says why and names the last error. */
    @FunctionalInterface
    public interface GiveUp {
        RuntimeException failure(Reason reason, String message, Throwable cause);
    }

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
     * Waits before retry {@code attempt}, or throws {@code giveUp}'s exception naming {@code lastError}
     * when the wait would not fit before the deadline.
     */
    public void pause(GiveUp giveUp, int attempt, Deadline deadline, String lastError, Throwable cause) {
        Duration wait = backoff.delay(attempt, random);
        if (!deadline.allows(wait)) {
            throw giveUp.failure(Reason.DEADLINE_EXCEEDED,
                    "gave up after " + (attempt + 1) + " attempt(s): only " + deadline.remaining().toMillis()
                            + " ms left before the deadline and the next retry would wait " + wait.toMillis()
                            + " ms. Last error: " + lastError + ".", cause);
        }
        try {
            sleeper.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw giveUp.failure(Reason.INTERRUPTED, "interrupted while waiting to retry", e);
        }
        retries++;
    }

    /** Calls {@code call} until it returns, retrying failures {@code retryable} accepts. */
    public <T> T call(GiveUp giveUp, Deadline deadline, Predicate<SdkException> retryable, SdkCall<T> call) {
        for (int attempt = 0; ; attempt++) {
            try {
                return call.call();
            } catch (SdkException e) {
                if (!retryable.test(e)) {
                    throw e;
                }
                pause(giveUp, attempt, deadline, AwsErrors.describe(e), e);
            }
        }
    }

    @FunctionalInterface
    public interface SdkCall<T> {
        T call();
    }
}
