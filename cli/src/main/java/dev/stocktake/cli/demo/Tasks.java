package dev.stocktake.cli.demo;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/** Waiting for the demo's parallel work, so that a failure surfaces as the exception the task threw. */
final class Tasks {

    private Tasks() {
    }

    /** Runs {@code tasks} on {@code pool} and waits for all of them. */
    static void runAll(ExecutorService pool, List<Runnable> tasks) {
        List<Future<?>> futures = tasks.stream().<Future<?>>map(pool::submit).toList();
        for (Future<?> future : futures) {
            try {
                future.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException runtime) {
                    throw runtime;
                }
                throw new IllegalStateException(e.getCause());
            }
        }
    }

    static <T> T join(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw e;
        }
    }
}
