package dev.stocktake.cli.demo;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import dev.stocktake.collector.CollectionException;
import dev.stocktake.collector.CollectionResult;
import dev.stocktake.collector.details.DetailsOutcome;
import dev.stocktake.sql.engine.LocalAthena;

/**
 * Plays the report days one after another: each day people get the Identity Center access planned for it, every
 * account that still exists changes as planned and its collector runs, several accounts at once, beside the day's
 * Identity Center export; every collected report is copied into the reports folder. Shows progress about twelve
 * times over the run.
 */
final class Playthrough {

    /** What the days produced. */
    record Played(int stored, int failures, int deniedRuns, Duration took, CompletableFuture<LocalAthena> engine) {
    }

    private final DemoOrganization plan;
    private final Incidents incidents;
    private final List<Simulation> simulations;
    private final DemoBucket bucket;
    private final IdentityCenterDays identityCenter;
    private final DemoRemediation remediation;
    private final ExecutorService pool;
    private final PrintWriter out;
    private final PrintWriter err;
    private final AtomicInteger stored = new AtomicInteger();
    private final AtomicInteger failures = new AtomicInteger();
    private final AtomicInteger deniedRuns = new AtomicInteger();

    Playthrough(DemoOrganization plan, Incidents incidents, List<Simulation> simulations, DemoBucket bucket,
                IdentityCenterDays identityCenter, DemoRemediation remediation, ExecutorService pool, PrintWriter out,
                PrintWriter err) {
        this.plan = plan;
        this.incidents = incidents;
        this.simulations = simulations;
        this.bucket = bucket;
        this.identityCenter = identityCenter;
        this.remediation = remediation;
        this.pool = pool;
        this.out = out;
        this.err = err;
    }

    /**
     * Plays every day while {@code exports} exports the directory beside it.
     *
     * @param demoStart when the demo started (progress shows the time elapsed since)
     * @return the counts, and the embedded Trino, started on the reports while the days after the first were played
     */
    Played play(DirectoryExports exports, Instant demoStart) {
        Instant collecting = Instant.now();
        int total = collections();
        int every = Math.max(1, plan.days() / 12);
        int done = 0;
        CompletableFuture<LocalAthena> engine = null;
        try {
            // the embedded Trino takes 10-20 s to start: start it beside the collection once the first day of every
            // table is there (the reports, the directory's first export and the first Identity Center export: the
            // engine's tables start on their first day, and a folder absent at start is an empty table)
            int firstExport = identityCenter.firstExportDay();
            int engineDay = firstExport == DemoOrganization.NEVER ? 1 : Math.max(1, firstExport + 1);
            for (int day = 0; day < plan.days(); day++) {
                if (day == engineDay) {
                    exports.awaitFirst();
                    engine = startEngine(bucket.reports());
                }
                remediation.beforeDay(day);
                done += playDay(day);
                if (remediation.needsEngine(day) && engine == null) {
                    exports.awaitFirst();
                    engine = startEngine(bucket.reports());
                }
                CompletableFuture<LocalAthena> started = engine;
                remediation.afterDay(day, () -> Tasks.join(started));
                if ((day + 1) % every == 0 || day == plan.days() - 1) {
                    progress(day, total, done, collecting, demoStart);
                }
            }
            exports.awaitAll();
        } catch (RuntimeException e) {
            if (engine != null) {
                engine.thenAccept(LocalAthena::close);
            }
            exports.stop();
            throw e;
        }
        return new Played(stored.get(), failures.get(), deniedRuns.get(), Duration.between(collecting, Instant.now()), engine);
    }

    /** Collections over all days: every account every day, but for the suspended account once it is suspended. */
    private int collections() {
        int total = 0;
        for (int day = 0; day < plan.days(); day++) {
            for (Simulation simulation : simulations) {
                total += incidents.suspended(simulation.account().index(), day) ? 0 : 1;
            }
        }
        return total;
    }

    /**
     * Plays one day: people get the Identity Center access planned for the day, then every account not suspended
     * is collected while Identity Center is exported (from its first export day on); the number of accounts played.
     */
    private int playDay(int day) {
        identityCenter.grant(day);
        List<Runnable> tasks = new ArrayList<>();
        if (identityCenter.exports(day)) {
            tasks.add(() -> identityCenter.export(day));
        }
        for (Simulation simulation : simulations) {
            if (!incidents.suspended(simulation.account().index(), day)) {
                tasks.add(() -> collect(simulation, day));
            }
        }
        Tasks.runAll(pool, tasks);
        return tasks.size() - (identityCenter.exports(day) ? 1 : 0);
    }

    private void collect(Simulation simulation, int day) {
        try {
            CollectionResult result = simulation.playDay(day);
            bucket.mirror(result.stored().key());
            stored.incrementAndGet();
            switch (result.details()) {
                case DetailsOutcome.Written written -> bucket.mirror(written.stored().key());
                case DetailsOutcome.NotWritten notWritten -> {
                    failures.incrementAndGet();
                    synchronized (out) {
                        err.println("stocktake demo: day " + plan.firstDay().plusDays(day) + ": account " + simulation.member().id()
                                + ": the IAM details file was not written (" + notWritten.step() + "): " + notWritten.reason());
                        err.flush();
                    }
                }
                case DetailsOutcome.Disabled disabled -> throw new IllegalStateException("the demo's collectors write IAM details");
            }
        } catch (CollectionException e) {
            boolean planned = incidents.fails(simulation.account().index(), day);
            (planned ? deniedRuns : failures).incrementAndGet();
            report(simulation, day, planned, e);
        }
    }

    /** A failure the plan did not foresee goes to the error output; the planned denial is shown on its first day. */
    private void report(Simulation simulation, int day, boolean planned, CollectionException e) {
        LocalDate date = plan.firstDay().plusDays(day);
        synchronized (out) {
            if (!planned) {
                err.println("stocktake demo: day " + date + ": " + e.getMessage());
                err.flush();
            } else if (day == incidents.failingFrom()) {
                out.printf("  day %d (%s): the collector of %s (%s) is denied from today on (a service "
                                + "control policy): %s%n", day + 1, date, simulation.account().name(),
                        simulation.member().id(), e.getMessage());
                out.flush();
            }
        }
    }

    private void progress(int day, int total, int done, Instant collecting, Instant demoStart) {
        Duration elapsed = Duration.between(collecting, Instant.now());
        Duration left = elapsed.multipliedBy(total - done).dividedBy(done);
        out.printf("  day %d/%d (%s): %,d/%,d collections stored a report, %d accounts; %s elapsed, about %s left%n",
                day + 1, plan.days(), plan.firstDay().plusDays(day), stored.get(), total,
                simulations.size(), DemoSummary.format(Duration.between(demoStart, Instant.now())), DemoSummary.format(left));
        out.flush();
    }

    /**
     * Starts the engine and creates every shipped view (a statement on {@code information_schema} asks for all of them),
     * so that this work, which the lazy views otherwise leave to the first statement, overlaps the collection too.
     */
    private static CompletableFuture<LocalAthena> startEngine(Path reports) {
        return CompletableFuture.supplyAsync(() -> {
            LocalAthena athena = LocalAthena.start(reports);
            try {
                athena.execute("stocktake demo", "select count(*) from information_schema.views");
                return athena;
            } catch (RuntimeException e) {
                athena.close();
                throw e;
            }
        }, Executors.newVirtualThreadPerTaskExecutor());
    }
}
