package dev.stocktake.cli.sql;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * One line on stderr saying what the command waits for and for how long ({@code Loading 3,000 reports ... 4.2 s}),
 * rewritten in place every quarter second and erased when the wait ends, so results and later messages start on a
 * clean line. Only on a terminal, as psql and Steampipe do: when stderr is a file or a pipe, nothing is written.
 */
public final class Progress implements AutoCloseable {

    private static final String ERASE_LINE = "\r\u001B[K";

    private final PrintWriter err;
    private final String what;
    private final LongSupplier nanoTime;
    private final long started;
    private final ScheduledExecutorService ticker;
    private boolean closed;

    private Progress(PrintWriter err, String what, LongSupplier nanoTime, ScheduledExecutorService ticker) {
        this.err = err;
        this.what = what;
        this.nanoTime = nanoTime;
        this.started = nanoTime.getAsLong();
        this.ticker = ticker;
    }

    /**
     * Shows {@code what} with the elapsed time until {@link #close()}, when {@code terminal}; otherwise does nothing.
     */
    public static Progress show(PrintWriter err, boolean terminal, String what) {
        return show(err, terminal, what, System::nanoTime, 250);
    }

    static Progress show(PrintWriter err, boolean terminal, String what, LongSupplier nanoTime, long tickMillis) {
        if (!terminal) {
            return new Progress(err, what, nanoTime, null);
        }
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "stocktake-progress");
            thread.setDaemon(true);
            return thread;
        });
        Progress progress = new Progress(err, what, nanoTime, ticker);
        progress.tick();
        ticker.scheduleAtFixedRate(progress::tick, tickMillis, tickMillis, TimeUnit.MILLISECONDS);
        return progress;
    }

    private synchronized void tick() {
        if (closed) {
            return;
        }
        double seconds = (nanoTime.getAsLong() - started) / 1e9;
        err.print(ERASE_LINE + what + " " + String.format(Locale.ROOT, "%.1f s", seconds));
        err.flush();
    }

    /** Stops and erases the line. */
    @Override
    public void close() {
        if (ticker == null) {
            return;
        }
        ticker.shutdownNow();
        synchronized (this) {
            if (!closed) {
                closed = true;
                err.print(ERASE_LINE);
                err.flush();
            }
        }
    }
}
