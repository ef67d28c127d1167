package dev.stocktake.cli.demo;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The account directory exported for every report day, beside the collections, on threads of their own: an export's
 * ~50 Organizations calls are sequential, and waiting for them every day would double the collection time. Exports of
 * the days before the suspension run first, then the account is suspended, then the rest: each export shows the
 * organization as of its day.
 */
final class DirectoryExports {

    /** Exports run at once. */
    static final int THREADS = 3;

    private final DemoOrganization plan;
    private final Incidents incidents;
    private final List<Simulation> simulations;
    private final DemoDirectory directory;
    private final DemoBucket bucket;
    private final PrintWriter out;
    private final CompletableFuture<Void> firstExport = new CompletableFuture<>();
    private final AtomicBoolean stopped = new AtomicBoolean();
    private CompletableFuture<Void> all;

    DirectoryExports(DemoOrganization plan, Incidents incidents, List<Simulation> simulations, DemoDirectory directory,
                     DemoBucket bucket, PrintWriter out) {
        this.plan = plan;
        this.incidents = incidents;
        this.simulations = simulations;
        this.directory = directory;
        this.bucket = bucket;
        this.out = out;
    }

    /** Starts exporting (the organization's OUs and tags are arranged already); returns at once. */
    void start() {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        all = CompletableFuture.runAsync(() -> exportAll(pool), Executors.newVirtualThreadPerTaskExecutor())
                .whenComplete((ignored, e) -> {
                    pool.shutdown();
                    if (e != null) {
                        firstExport.completeExceptionally(e);
                    }
                });
    }

    /** Waits for day 0's export (the directory's tables start on their first day). */
    void awaitFirst() {
        Tasks.join(firstExport);
    }

    /** Waits for every day's export. */
    void awaitAll() {
        Tasks.join(all);
    }

    /** Skips the exports not yet started (the demo failed). */
    void stop() {
        stopped.set(true);
    }

    private void exportAll(ExecutorService pool) {
        bucket.mirror(directory.export(0).key());
        firstExport.complete(null);
        int days = plan.days();
        int suspendedFrom = Math.min(incidents.suspendedFrom(), days);
        Tasks.runAll(pool, exports(1, suspendedFrom));
        if (suspendedFrom < days && !stopped.get()) {
            suspend(suspendedFrom);
        }
        Tasks.runAll(pool, exports(Math.max(1, suspendedFrom), days));
    }

    /** The exports of report days {@code from} (inclusive) to {@code to} (exclusive). */
    private List<Runnable> exports(int from, int to) {
        List<Runnable> exports = new ArrayList<>();
        for (int day = from; day < to; day++) {
            int exportDay = day;
            exports.add(() -> {
                if (!stopped.get()) {
                    bucket.mirror(directory.export(exportDay).key());
                }
            });
        }
        return exports;
    }

    private void suspend(int day) {
        Simulation closed = simulations.get(incidents.suspendedAccount());
        directory.suspend(closed.member().id());
        synchronized (out) {
            out.printf("  day %d (%s): account %s (%s) is closed: SUSPENDED from today, no longer expected to report%n",
                    day + 1, plan.firstDay().plusDays(day), closed.account().name(), closed.member().id());
            out.flush();
        }
    }
}
