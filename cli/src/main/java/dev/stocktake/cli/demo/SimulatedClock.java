package dev.stocktake.cli.demo;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock that reads a chosen simulated time plus the real time elapsed since it was set. */
final class SimulatedClock extends Clock {

    private volatile Instant base = Instant.EPOCH;
    private volatile long setAtNanos = System.nanoTime();

    void set(Instant instant) {
        setAtNanos = System.nanoTime();
        base = instant;
    }

    @Override
    public Instant instant() {
        return base.plusNanos(System.nanoTime() - setAtNanos);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the demo clock is UTC");
    }
}
