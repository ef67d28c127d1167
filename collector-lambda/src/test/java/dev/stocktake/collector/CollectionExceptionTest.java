package dev.stocktake.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Random;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import dev.stocktake.collector.CollectionException.Reason;
import dev.stocktake.collector.CollectionException.Step;
import dev.stocktake.support.retry.Backoff;
import dev.stocktake.support.retry.Deadline;
import dev.stocktake.support.retry.Retrier;
import dev.stocktake.support.testing.MutableClock;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class CollectionExceptionTest {

    @Test
    void a_retrier_giving_up_fails_the_collection_naming_the_account_the_step_and_the_last_error() {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-28T00:00:00Z"));
        Deadline deadline = Deadline.after(clock, Duration.ofSeconds(20));
        Retrier retrier = new Retrier(Backoff.DEFAULT, clock::advance, new Random(1));
        for (int attempt = 0; attempt < 4; attempt++) {
            retrier.pause(CollectionException.giveUp("111122223333", Step.GET_REPORT), attempt, deadline, "ReportInProgress", null);
        }

        assertThatThrownBy(() -> retrier.pause(CollectionException.giveUp("111122223333", Step.GET_REPORT), 4, deadline,
                "ReportInProgress (HTTP 404)", null))
                .isInstanceOfSatisfying(CollectionException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.DEADLINE_EXCEEDED);
                    assertThat(e.step()).isEqualTo(Step.GET_REPORT);
                    assertThat(e.accountId()).isEqualTo("111122223333");
                })
                .hasMessageContaining("111122223333")
                .hasMessageContaining("ReportInProgress (HTTP 404)")
                .hasMessageContaining("Nothing was written");
    }

    @Test
    void an_interrupted_wait_fails_the_collection_as_interrupted() {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-28T00:00:00Z"));
        Retrier retrier = new Retrier(Backoff.DEFAULT, wait -> {
            throw new InterruptedException("stop");
        }, new Random(1));

        assertThatThrownBy(() -> retrier.pause(CollectionException.giveUp("111122223333", Step.WRITE_REPORT), 0,
                Deadline.after(clock, Duration.ofSeconds(20)), "SlowDown", null))
                .isInstanceOfSatisfying(CollectionException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INTERRUPTED))
                .hasMessageContaining("step WRITE_REPORT: interrupted while waiting to retry");
        assertThat(Thread.interrupted()).as("the interrupt is kept for the caller").isTrue();
    }
}
