package dev.stocktake.support.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import dev.stocktake.support.testing.MutableClock;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class BackoffTest {

    @Test
    void ceiling_doubles_from_the_base_up_to_the_cap() {
        Backoff backoff = Backoff.DEFAULT;
        assertThat(backoff.ceiling(0)).isEqualTo(Duration.ofSeconds(1));
        assertThat(backoff.ceiling(1)).isEqualTo(Duration.ofSeconds(2));
        assertThat(backoff.ceiling(4)).isEqualTo(Duration.ofSeconds(16));
        assertThat(backoff.ceiling(5)).isEqualTo(Duration.ofSeconds(30));
        assertThat(backoff.ceiling(1_000)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void delay_lies_between_half_the_ceiling_and_the_ceiling_and_is_jittered() {
        Random random = new Random(42);
        Set<Long> seen = new HashSet<>();
        for (int attempt = 0; attempt < 10; attempt++) {
            Duration ceiling = Backoff.DEFAULT.ceiling(attempt);
            for (int i = 0; i < 200; i++) {
                Duration delay = Backoff.DEFAULT.delay(attempt, random);
                assertThat(delay).isBetween(ceiling.dividedBy(2), ceiling);
                seen.add(delay.toMillis());
            }
        }
        assertThat(seen).as("jitter spreads retries").hasSizeGreaterThan(100);
    }

    @Test
    void rejects_a_cap_below_the_base() {
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("below base");
    }

    @Test
    void retrier_waits_while_the_deadline_allows_then_gives_up_with_the_callers_exception_naming_the_last_error() {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-28T00:00:00Z"));
        Deadline deadline = Deadline.after(clock, Duration.ofSeconds(20));
        Retrier retrier = new Retrier(Backoff.DEFAULT, clock::advance, new Random(1));
        Retrier.GiveUp giveUp = (reason, message, cause) -> new GaveUp(reason, "step X: " + message);

        // 1 s + 2 s + 4 s + 8 s ceilings = 15 s at most; the 16 s one cannot fit in what is left.
        for (int attempt = 0; attempt < 4; attempt++) {
            retrier.pause(giveUp, attempt, deadline, "ReportInProgress", null);
        }
        assertThat(retrier.retries()).isEqualTo(4);
        assertThat(clock.instant()).isBefore(deadline.end());

        assertThatThrownBy(() -> retrier.pause(giveUp, 4, deadline, "ReportInProgress (HTTP 404)", null))
                .isInstanceOfSatisfying(GaveUp.class, e -> assertThat(e.reason).isEqualTo(Retrier.Reason.DEADLINE_EXCEEDED))
                .hasMessageStartingWith("step X: gave up after 5 attempt(s)")
                .hasMessageContaining("Last error: ReportInProgress (HTTP 404).");
        assertThat(retrier.retries()).isEqualTo(4);
    }

    private static final class GaveUp extends RuntimeException {
        final Retrier.Reason reason;

        GaveUp(Retrier.Reason reason, String message) {
            super(message);
            this.reason = reason;
        }
    }
}
