package dev.stocktake.support.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import dev.stocktake.support.retry.Sleeper;

/** A clock tests move by hand; its {@link #sleeper()} records each wait and moves the clock instead of sleeping. */
public final class MutableClock extends Clock {

    private Instant now;
    private final List<Duration> sleeps = new ArrayList<>();

    public MutableClock(Instant start) {
        this.now = start;
    }

    public synchronized void advance(Duration duration) {
        now = now.plus(duration);
    }

    public Sleeper sleeper() {
        return duration -> {
            synchronized (this) {
                sleeps.add(duration);
                now = now.plus(duration);
            }
        };
    }

    /** Every wait so far, in order. */
    public synchronized List<Duration> sleeps() {
        return List.copyOf(sleeps);
    }

    @Override
    public synchronized Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    /** The same clock for UTC (code asking for today in UTC); other zones are not supported. */
    @Override
    public Clock withZone(ZoneId zone) {
        if (!ZoneOffset.UTC.normalized().equals(zone.normalized())) {
            throw new UnsupportedOperationException("a UTC clock only, asked for " + zone);
        }
        return this;
    }
}
