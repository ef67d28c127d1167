package dev.stocktake.cli.demo;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;

import dev.stocktake.cli.demo.DemoOrganization.DemoAccount;
import dev.stocktake.collector.CollectionException;
import dev.stocktake.collector.CollectionResult;
import dev.stocktake.collector.Collector;
import dev.stocktake.collector.CollectorConfig;
import dev.stocktake.collector.CollectorFactory;
import dev.stocktake.support.logging.JsonLog;
import dev.stocktake.support.retry.Deadline;
import dev.stocktake.support.retry.Sleeper;
import dev.stocktake.dashboard.DashboardData;
import dev.stocktake.dashboard.DashboardFiles;
import dev.stocktake.emulator.CredentialReportResponses;
import dev.stocktake.emulator.Emulator;
import dev.stocktake.emulator.EmulatorOrganization;
import dev.stocktake.emulator.EmulatorOrganization.MemberAccount;
import dev.stocktake.emulator.FaultInjectingProxy;
import dev.stocktake.sql.engine.LocalAthena;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code stocktake demo}: the whole pipeline on one machine. Seeds an organization into the local AWS emulator,
 * plays a migration to SSO day by day while the real collector code collects every account each day (dated that
 * day), runs the shipped views on the embedded Trino and writes the dashboard.
 *
 * <p>The collector talks to the emulator through a proxy that shapes only {@code GetCredentialReport} answers
 * (see {@link ReportShaper}): moto never records use and stamps real dates, so the last-used and creation times
 * come from the simulation. The collector stores what it is given, unchanged.
 */
public final class Demo {

    static final String REPORT_PREFIX = "credential-reports/";
    static final String ALLOWLIST_KEY = "allowlist/allowlist.csv";
    /** Account directory exports run at once, beside the collections. */
    static final int EXPORT_THREADS = 3;
    static final String ORG_READ_ROLE = "arn:aws:iam::" + Emulator.DEFAULT_ACCOUNT_ID + ":role/stocktake-org-read";

    private final Map<String, String> env;
    private final PrintWriter out;
    private final PrintWriter err;

    public Demo(Map<String, String> env, PrintWriter out, PrintWriter err) {
        this.env = env;
        this.out = out;
        this.err = err;
    }

    /**
     * @param accounts member accounts
     * @param days     report days, ending on {@code lastDay}
     * @param threads  accounts collected at once
     * @param folder   where everything is written
     */
    public record Options(int accounts, int days, LocalDate lastDay, long seed, int threads, Path folder) {

        public Options {
            if (accounts < 1 || accounts > 500) {
                throw new IllegalArgumentException("--accounts must be between 1 and 500, got " + accounts);
            }
            if (days < 1 || days > 400) {
                throw new IllegalArgumentException("--days must be between 1 and 400, got " + days);
            }
            if (threads < 1 || threads > 64) {
                throw new IllegalArgumentException("--threads must be between 1 and 64, got " + threads);
            }
            folder = folder.toAbsolutePath().normalize();
        }

        LocalDate firstDay() {
            return lastDay.minusDays(days - 1L);
        }
    }

    /** What the demo did and wrote. */
    public record Outcome(Path folder, Path reports, DashboardFiles.Written written, int reportsStored, int failures,
                          int deniedRuns, List<DemoAllowlist.Entry> allowlist, Duration seeding, Duration collecting,
                          Duration reporting, Duration total) {
    }

    /** Runs the demo; progress and the summary go to the output writer. */
    public Outcome run(Options options) {
        Instant start = Instant.now();
        Path reports = prepare(options.folder());
        DemoOrganization plan = DemoOrganization.generate(options.accounts(), options.days(), options.firstDay(), options.seed());
        out.printf("Stocktake demo: %d accounts, %d IAM users (%d more appear on the way), %d days from %s to %s%n",
                options.accounts(), plan.seededUsers(), plan.users() - plan.seededUsers(), options.days(),
                options.firstDay(), options.lastDay());
        out.println("Starting the local AWS emulator...");
        out.flush();
        Incidents incidents = Incidents.plan(options.accounts(), options.days());
        try (Emulator emulator = Emulator.connect(env);
             FaultInjectingProxy proxy = FaultInjectingProxy.start(emulator.endpoint(), options.threads() * 2 + 4);
             FaultInjectingProxy denied = FaultInjectingProxy.start(proxy.endpoint(), 4)) {
            out.println("AWS emulator: " + emulator.description());
            EmulatorOrganization org = EmulatorOrganization.create(emulator.endpoint());
            String bucket = "stocktake-demo-" + HexFormat.of().toHexDigits(RandomGenerator.getDefault().nextInt());
            org.createBucket(bucket);

            List<Simulation> simulations = new ArrayList<>();
            Map<String, Simulation> byAccessKey = new ConcurrentHashMap<>();
            ExecutorService pool = Executors.newFixedThreadPool(options.threads());
            try (S3Client s3 = org.s3()) {
                CollectorConfig config = new CollectorConfig(bucket, REPORT_PREFIX, ORG_READ_ROLE, ZoneOffset.UTC, null,
                        proxy.endpoint());
                // the failing account's collector, once denied: its calls go through a second proxy that answers
                // GenerateCredentialReport with AccessDenied, as a service control policy would
                CollectorConfig deniedConfig = new CollectorConfig(bucket, REPORT_PREFIX, ORG_READ_ROLE, ZoneOffset.UTC, null,
                        denied.endpoint());
                JsonLog quiet = new JsonLog(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
                for (DemoAccount account : plan.accounts()) {
                    MemberAccount member = org.createAccount(account.name());
                    SimulatedClock clock = new SimulatedClock();
                    Collector collector = CollectorFactory.create(config, org.credentialsFor(member.id()), Region.US_EAST_1,
                            quiet, clock, Sleeper.REAL, RandomGenerator.getDefault());
                    Collector deniedCollector = account.index() != incidents.failingAccount() ? null
                            : CollectorFactory.create(deniedConfig, org.credentialsFor(member.id()), Region.US_EAST_1, quiet, clock,
                                    Sleeper.REAL, RandomGenerator.getDefault());
                    if (deniedCollector != null) {
                        denied.failAlways("iam:GenerateCredentialReport", FaultInjectingProxy.Fault.accessDenied("User: arn:aws:sts::"
                                + member.id() + ":assumed-role/stocktake-collector/stocktake is not authorized to perform: "
                                + "iam:GenerateCredentialReport with an explicit deny in a service control policy"));
                    }
                    Simulation simulation = new Simulation(plan, account, member, org.iam(member.id()), collector,
                            deniedCollector, incidents.failingFrom(), clock, plan.at(-400 - 37 * account.index() % 900, 3, 0));
                    simulations.add(simulation);
                    byAccessKey.put(org.credentialsFor(member.id()).resolveCredentials().accessKeyId(), simulation);
                }
                proxy.transformResponses("iam:GetCredentialReport", (accessKeyId, body) -> {
                    Simulation simulation = accessKeyId == null ? null : byAccessKey.get(accessKeyId);
                    return simulation == null ? body : CredentialReportResponses.rewrite(body, simulation::shape, simulation.generatedTime());
                });
                out.printf("Organization %s: seeding %d member accounts and their IAM users...%n", org.organizationId(),
                        simulations.size());
                out.flush();
                Map<String, Instant> joinedAt = new java.util.HashMap<>();
                Map<String, String> names = new java.util.LinkedHashMap<>();
                Map<Integer, String> ids = new java.util.HashMap<>();
                for (Simulation simulation : simulations) {
                    joinedAt.put(simulation.member().id(), simulation.accountCreated());
                    names.put(simulation.member().id(), simulation.account().name());
                    ids.put(simulation.account().index(), simulation.member().id());
                }
                DemoDirectory directory = DemoDirectory.create(emulator.endpoint(), proxy, bucket, plan, joinedAt);
                runAll(pool, simulations.stream().<Runnable>map(simulation -> simulation::seed).toList());
                List<DemoAllowlist.Entry> allowlist = DemoAllowlist.choose(plan, ids,
                        index -> index == incidents.failingAccount() || index == incidents.suspendedAccount());
                byte[] allowlistCsv = DemoAllowlist.csv(allowlist);
                s3.putObject(r -> r.bucket(bucket).key(ALLOWLIST_KEY).contentType("text/csv"),
                        software.amazon.awssdk.core.sync.RequestBody.fromBytes(allowlistCsv));
                mirror(s3, bucket, ALLOWLIST_KEY, reports);
                Duration seeding = Duration.between(start, Instant.now());
                out.printf("Seeded in %s. Playing %d days; each day the real account-directory export runs as the management "
                                + "account and the real collector as every account (%d at a time).%n",
                        format(seeding), options.days(), options.threads());
                out.flush();

                Instant collecting = Instant.now();
                int total = 0;
                for (int day = 0; day < options.days(); day++) {
                    for (Simulation simulation : simulations) {
                        total += incidents.suspended(simulation.account().index(), day) ? 0 : 1;
                    }
                }
                AtomicInteger stored = new AtomicInteger();
                AtomicInteger failures = new AtomicInteger();
                AtomicInteger deniedRuns = new AtomicInteger();
                int every = Math.max(1, options.days() / 12);
                int done = 0;
                CompletableFuture<LocalAthena> engine = null;
                // The directory is exported for every day beside the collections, on threads of their own (an export's
                // ~50 Organizations calls are sequential; waiting for them every day would double the collection time).
                // Exports of the days before the suspension run first, then the account is suspended, then the rest: each
                // export shows the organization as of its day.
                CompletableFuture<Void> firstExport = new CompletableFuture<>();
                java.util.concurrent.atomic.AtomicBoolean stopExports = new java.util.concurrent.atomic.AtomicBoolean();
                ExecutorService exportPool = Executors.newFixedThreadPool(EXPORT_THREADS);
                CompletableFuture<Void> exports = CompletableFuture.runAsync(() -> {
                    directory.arrange(names);
                    mirror(s3, bucket, directory.export(0).key(), reports);
                    firstExport.complete(null);
                    int suspendedFrom = Math.min(incidents.suspendedFrom(), options.days());
                    List<Runnable> before = new ArrayList<>();
                    for (int day = 1; day < suspendedFrom; day++) {
                        int exportDay = day;
                        before.add(() -> {
                            if (!stopExports.get()) {
                                mirror(s3, bucket, directory.export(exportDay).key(), reports);
                            }
                        });
                    }
                    runAll(exportPool, before);
                    if (suspendedFrom < options.days() && !stopExports.get()) {
                        Simulation closed = simulations.get(incidents.suspendedAccount());
                        directory.suspend(closed.member().id());
                        synchronized (out) {
                            out.printf("  day %d (%s): account %s (%s) is closed: SUSPENDED from today, no longer expected to report%n",
                                    suspendedFrom + 1, plan.firstDay().plusDays(suspendedFrom), closed.account().name(),
                                    closed.member().id());
                            out.flush();
                        }
                    }
                    List<Runnable> after = new ArrayList<>();
                    for (int day = Math.max(1, suspendedFrom); day < options.days(); day++) {
                        int exportDay = day;
                        after.add(() -> {
                            if (!stopExports.get()) {
                                mirror(s3, bucket, directory.export(exportDay).key(), reports);
                            }
                        });
                    }
                    runAll(exportPool, after);
                }, Executors.newVirtualThreadPerTaskExecutor()).whenComplete((ignored, e) -> {
                    exportPool.shutdown();
                    if (e != null) {
                        firstExport.completeExceptionally(e);
                    }
                });
                try {
                    for (int day = 0; day < options.days(); day++) {
                        if (day == 1) {
                            // the embedded Trino takes 10-20 s to start: start it beside the collection once day 0 is there
                            // (the reports and the directory's first export: the engine's tables start on their first day)
                            join(firstExport);
                            engine = CompletableFuture.supplyAsync(() -> LocalAthena.start(reports), Executors.newVirtualThreadPerTaskExecutor());
                        }
                        int today = day;
                        LocalDate date = plan.firstDay().plusDays(today);
                        List<Runnable> tasks = new ArrayList<>();
                        for (Simulation simulation : simulations) {
                            if (incidents.suspended(simulation.account().index(), today)) {
                                continue;
                            }
                            tasks.add(() -> {
                                try {
                                    CollectionResult result = simulation.playDay(today);
                                    mirror(s3, bucket, result.stored().key(), reports);
                                    stored.incrementAndGet();
                                } catch (CollectionException e) {
                                    boolean planned = incidents.fails(simulation.account().index(), today);
                                    (planned ? deniedRuns : failures).incrementAndGet();
                                    synchronized (out) {
                                        if (!planned) {
                                            err.println("stocktake demo: day " + date + ": " + e.getMessage());
                                            err.flush();
                                        } else if (today == incidents.failingFrom()) {
                                            out.printf("  day %d (%s): the collector of %s (%s) is denied from today on (a service "
                                                            + "control policy): %s%n", today + 1, date, simulation.account().name(),
                                                    simulation.member().id(), e.getMessage());
                                            out.flush();
                                        }
                                    }
                                }
                            });
                            done++;
                        }
                        runAll(pool, tasks);
                        if ((day + 1) % every == 0 || day == options.days() - 1) {
                            Duration elapsed = Duration.between(collecting, Instant.now());
                            Duration left = elapsed.multipliedBy(total - done).dividedBy(done);
                            out.printf("  day %d/%d (%s): %,d/%,d collections stored a report, %d accounts; %s elapsed, about %s left%n",
                                    day + 1, options.days(), date, stored.get(), total,
                                    simulations.size(), format(Duration.between(start, Instant.now())), format(left));
                            out.flush();
                        }
                    }
                    join(exports);
                } catch (RuntimeException e) {
                    if (engine != null) {
                        engine.thenAccept(LocalAthena::close);
                    }
                    stopExports.set(true);
                    throw e;
                }
                Duration collected = Duration.between(collecting, Instant.now());

                out.println("Running the shipped views and queries on the embedded Trino (Athena engine v3)...");
                out.flush();
                Instant reporting = Instant.now();
                DashboardFiles.Written written;
                try (LocalAthena athena = engine == null ? LocalAthena.start(reports) : join(engine)) {
                    written = DashboardFiles.write(athena, options.folder());
                    Previews.write(athena, written.data(), options.folder());
                }
                Duration reported = Duration.between(reporting, Instant.now());
                Outcome outcome = new Outcome(options.folder(), reports, written, stored.get(), failures.get(), deniedRuns.get(),
                        allowlist, seeding, collected, reported, Duration.between(start, Instant.now()));
                summarize(outcome, simulations.size(), options.days(), incidents, simulations);
                return outcome;
            } finally {
                pool.shutdownNow();
            }
        }
    }

    private void summarize(Outcome outcome, int accounts, int days, Incidents incidents, List<Simulation> simulations) {
        DashboardData data = outcome.written().data();
        DashboardData.Goal goal = data.goal();
        out.println();
        out.printf("Done in %s: seeding %s, %d days x %d accounts collected in %s (%,d reports%s%s), views and dashboard %s.%n",
                format(outcome.total()), format(outcome.seeding()), days, accounts, format(outcome.collecting()),
                outcome.reportsStored(), outcome.deniedRuns() == 0 ? "" : ", " + outcome.deniedRuns() + " denied as planned",
                outcome.failures() == 0 ? "" : ", " + outcome.failures() + " FAILED", format(outcome.reporting()));
        out.println();
        out.printf("Console-capable IAM users: %d on %s, %d on %s: %.1f %% fewer. Goal: %.0f %% fewer (at most %d): %s.%n",
                goal.baselineConsoleUsers(), goal.baselineDay(), goal.currentConsoleUsers(), goal.currentDay(),
                goal.reductionSoFar() * 100, goal.targetReduction() * 100, goal.targetConsoleUsers(),
                goal.reached() ? "reached" : goal.projectedDay() == null ? "not reached, no projection"
                        : "not reached yet, projected on " + goal.projectedDay());
        List<DashboardData.AccountFigure> top = data.topAccounts(5);
        if (!top.isEmpty()) {
            out.println("Most console users today:");
            for (DashboardData.AccountFigure account : top) {
                out.printf("  %-24s %s  %d%s%n", account.accountName(), account.accountId(), account.consoleUsers(),
                        account.consoleUsers7DaysAgo() == null ? "" : " (7 days ago: " + account.consoleUsers7DaysAgo() + ")");
            }
        }
        DashboardData.Coverage coverage = data.coverage();
        if (coverage != null) {
            out.printf("Accounts reporting today: %d of %d expected (%s)%s%n", coverage.reportedAccounts(),
                    coverage.expectedAccounts(), coverage.percent() == null ? "-" : String.format(java.util.Locale.ROOT, "%.1f %%", coverage.percent()),
                    coverage.missingAccounts() == 0 ? "." : "; missing:");
            for (DashboardData.MissingAccount missing : data.missingToday()) {
                out.printf("  %-24s %s  %s, owner %s: %s%n", missing.accountName(), missing.accountId(), missing.ouPath(),
                        missing.owner(), missing.lastReportDay() == null ? "never reported"
                                : "no report since " + missing.lastReportDay() + " (" + missing.daysMissing()
                                        + (missing.daysMissing() == 1 ? " day" : " days") + " missing)");
            }
        }
        if (incidents.suspendedFrom() < days) {
            Simulation closed = simulations.get(incidents.suspendedAccount());
            out.printf("Suspended on %s: %s (%s): not expected to report since, so not missing.%n",
                    data.firstDay().plusDays(incidents.suspendedFrom()), closed.account().name(), closed.member().id());
        }
        DashboardData.AllowlistSplit split = data.allowlistSplit();
        out.printf("IAM users with a console password or an active key today: %d to remove, %d accepted (allowlisted); "
                        + "allowlist findings: %d violation(s), %d expired%n", split.usersToRemove(), split.acceptedUsers(),
                split.violations(), split.expired());
        if (!outcome.allowlist().isEmpty()) {
            out.println("Allowlist (reports/" + ALLOWLIST_KEY + "):");
            for (DemoAllowlist.Entry entry : outcome.allowlist()) {
                out.printf("  %-9s %s in %s (%s): %s until %s, owner %s%n", entry.status(), entry.user(), entry.accountName(),
                        entry.accountId(), entry.credentials(), entry.expires(), entry.owner());
            }
        }
        out.println();
        out.println("Written to " + outcome.folder() + ":");
        out.println("  dashboard.html       the dashboard (one self-contained file; open it in a browser)");
        out.println("  reports/             the bucket as collected: credential-reports/YYYY/MM/DD/<account-name>.csv,");
        out.println("                       accounts/YYYY/MM/DD/accounts.csv (the account directory), allowlist/allowlist.csv");
        out.println("  data/                what the dashboard shows, as CSV, with the SQL over the shipped views");
        out.println("  email-preview.html   the notifier's daily email digest, as it would be sent (also .txt and the CSV attachment)");
        out.println("  slack-preview.json   the notifier's Slack post, as it would be sent");
        out.println("Render it again from the reports: ./stocktake report --data " + outcome.reports() + " --out <folder>");
        out.flush();
    }

    /** The reports folder, emptied of an earlier demo's reports. Refuses a folder that holds other things there. */
    private static Path prepare(Path folder) {
        Path reports = folder.resolve("reports");
        try {
            if (Files.exists(reports)) {
                if (!Files.exists(folder.resolve("dashboard.html")) && !onlyReports(reports)) {
                    throw new IllegalArgumentException(folder + " already has a reports/ folder that is not an earlier demo's "
                            + "(no dashboard.html beside it); choose another --out");
                }
                deleteRecursively(reports);
                deleteRecursively(folder.resolve("data"));
            }
            return Files.createDirectories(reports);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + reports + ": " + e.getMessage(), e);
        }
    }

    /**
     * Whether {@code reports} holds nothing but the demo's {@code credential-reports/}, {@code accounts/} and
     * {@code allowlist/} folders (an interrupted run).
     */
    private static boolean onlyReports(Path reports) throws IOException {
        try (Stream<Path> children = Files.list(reports)) {
            return children.allMatch(child -> java.util.Set.of(REPORT_PREFIX.replace("/", ""), DemoDirectory.PREFIX.replace("/", ""),
                    ALLOWLIST_KEY.substring(0, ALLOWLIST_KEY.indexOf('/'))).contains(child.getFileName().toString())
                    && Files.isDirectory(child));
        }
    }

    static void mirror(S3Client s3, String bucket, String key, Path reports) {
        Path target = reports.resolve(key).normalize();
        if (!target.startsWith(reports)) {
            throw new IllegalStateException("refusing to write outside " + reports + ": key " + key);
        }
        try {
            Files.createDirectories(target.getParent());
            Files.write(target, s3.getObjectAsBytes(r -> r.bucket(bucket).key(key)).asByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    private static <T> T join(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw e;
        }
    }

    private static void runAll(ExecutorService pool, List<Runnable> tasks) {
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

    private static void deleteRecursively(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    static String format(Duration duration) {
        long seconds = Math.round(duration.toMillis() / 1000.0);
        return seconds < 60 ? seconds + " s" : seconds / 60 + " min " + seconds % 60 + " s";
    }

    /** A clock that reads a chosen simulated time plus the real time elapsed since it was set. */
    static final class SimulatedClock extends Clock {

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
}
