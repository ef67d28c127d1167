package dev.stocktake.notifier.compaction;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import dev.stocktake.collector.retry.Sleeper;

/**
 * A UTC clock the test moves by hand (the compactor asks it for today in UTC, so {@link #withZone} answers); its
 * {@link #sleeper()} moves it instead of sleeping.
 */
final class StepClock extends Clock {

    private Instant now;

    StepClock(Instant start) {
        this.now = start;
    }

    synchronized void advance(Duration duration) {
        now = now.plus(duration);
    }

    Sleeper sleeper() {
        return this::advance;
    }

    @Override
    public synchronized Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        if (!ZoneOffset.UTC.normalized().equals(zone.normalized())) {
            throw new UnsupportedOperationException("a UTC clock only, asked for " + zone);
        }
        return this;
    }
}
