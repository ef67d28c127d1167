package dev.stocktake.support.retry;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The moment by which a collection must have given up, so that it still has time to fail
 * cleanly: in the Lambda, the invocation's end less a reserve for the upload.
 */
public record Deadline(Clock clock, Instant end) {

    public static Deadline after(Clock clock, Duration budget) {
        return new Deadline(clock, clock.instant().plus(budget));
    }

    public Duration remaining() {
        Duration left = Duration.between(clock.instant(), end);
        return left.isNegative() ? Duration.ZERO : left;
    }

    /** Whether waiting {@code wait} still leaves time before the deadline. */
    public boolean allows(Duration wait) {
        return clock.instant().plus(wait).isBefore(end);
    }
}
