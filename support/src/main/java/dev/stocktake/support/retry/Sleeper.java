package dev.stocktake.support.retry;

import java.time.Duration;

/** Waits between retries; tests pass one that advances a fake clock instead. */
@FunctionalInterface
public interface Sleeper {

    Sleeper REAL = duration -> Thread.sleep(duration);

    void sleep(Duration duration) throws InterruptedException;
}
