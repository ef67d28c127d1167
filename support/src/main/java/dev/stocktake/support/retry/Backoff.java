package dev.stocktake.support.retry;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with "equal jitter": the wait before retry {@code n} (0-based) is half of
 * {@code min(cap, base * 2^n)} plus a random share of the other half. Never zero, so a fleet of
 * collectors hitting one limit spreads out instead of retrying in lockstep.
 */
public record Backoff(Duration base, Duration cap) {

    /** What the collector uses: 1 s, 2 s, 4 s, … up to 30 s, each with jitter. */
    public static final Backoff DEFAULT = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30));

    public Backoff {
        if (base.isNegative() || base.isZero()) {
            throw new IllegalArgumentException("base must be positive: " + base);
        }
        if (cap.compareTo(base) < 0) {
            throw new IllegalArgumentException("cap " + cap + " is below base " + base);
        }
    }

    /** The ceiling of the wait before retry {@code attempt} (0-based), before jitter. */
    public Duration ceiling(int attempt) {
        if (attempt < 0) {
            throw new IllegalArgumentException("attempt must be >= 0: " + attempt);
        }
        long capMillis = cap.toMillis();
        long millis = base.toMillis();
        for (int i = 0; i < attempt && millis < capMillis; i++) {
            millis *= 2;
        }
        return Duration.ofMillis(Math.min(millis, capMillis));
    }

    /** The wait before retry {@code attempt}: between half the ceiling and the ceiling. */
    public Duration delay(int attempt, RandomGenerator random) {
        long ceiling = ceiling(attempt).toMillis();
        long half = ceiling / 2;
        return Duration.ofMillis(half + random.nextLong(ceiling - half + 1));
    }
}
