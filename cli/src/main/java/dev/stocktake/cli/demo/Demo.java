package dev.stocktake.cli.demo;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.random.RandomGenerator;

import dev.stocktake.cli.Caches;
import dev.stocktake.cli.RejectedReports;
import dev.stocktake.dashboard.DashboardFiles;
import dev.stocktake.emulator.Emulator;
import dev.stocktake.emulator.EmulatorOrganization;
import dev.stocktake.emulator.FaultInjectingProxy;
import dev.stocktake.sql.engine.LocalAthena;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code stocktake demo}: the whole pipeline on one machine. Seeds an organization into the local AWS emulator
 * ({@link DemoSeeding}), plays a migration to SSO day by day while the real collector code collects every account each
 * day, dated that day ({@link Playthrough}, with the account directory exported beside it by {@link DirectoryExports}),
 * runs the shipped views on the embedded Trino and writes the dashboard; {@link DemoSummary} says what came out.
 *
 * <p>The collector talks to the emulator through a proxy that shapes only {@code GetCredentialReport} answers
 * (see {@link ReportShaper}): moto never records use and stamps real dates, so the last-used and creation times
 * come from the simulation. The collector stores what it is given, unchanged.
 */
public final class Demo {

    static final String REPORT_PREFIX = "credential-reports/";
    static final String ALLOWLIST_KEY = "allowlist/allowlist.csv";
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
    /**
     * @param sharedNames   the accounts that share a name, as the views counted them
     * @param rejectedFiles the report files {@code rejected_reports} lists (none in the demo), -1 when the view is absent
     */
    public record Outcome(Path folder, Path reports, DashboardFiles.Written written, int reportsStored, int failures,
                          int deniedRuns, List<DemoAllowlist.Entry> allowlist, SharedNames sharedNames, long rejectedFiles,
                          MigrationSummary migration, DemoRemediation.Outcome remediation, Duration seeding, Duration collecting,
                          Duration reporting, Duration total) {
    }

    /**
     * The days of the summary's verdict table: the first (no Identity Center export yet), the first with an export,
     * the middle and the last, each once.
     */
    static java.util.Map<LocalDate, String> summaryDays(Options options, DemoIdentities identities) {
        java.util.Map<LocalDate, String> days = new java.util.TreeMap<>();
        LocalDate first = options.firstDay();
        days.put(options.lastDay(), "end");
        days.putIfAbsent(first.plusDays(options.days() / 2), "middle");
        if (identities.exportFrom() < options.days()) {
            days.putIfAbsent(first.plusDays(identities.exportFrom()), "first export");
        }
        days.putIfAbsent(first, "start");
        return days;
    }

    /** Runs the demo; progress and the summary go to the output writer. */
    public Outcome run(Options options) {
        Instant start = Instant.now();
        Path reports = DemoFolder.prepare(options.folder());
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
            // moto does not implement ListServiceSpecificCredentials (remediation's snapshot reads it): answered as IAM
            // answers for a user without any
            proxy.failAlways("iam:ListServiceSpecificCredentials", new FaultInjectingProxy.Fault.Canned(200, "text/xml",
                    DemoRemediation.NO_SERVICE_SPECIFIC_CREDENTIALS));
            EmulatorOrganization org = EmulatorOrganization.create(emulator.endpoint());
            String bucket = "stocktake-demo-" + HexFormat.of().toHexDigits(RandomGenerator.getDefault().nextInt());
            org.createBucket(bucket);
            ExecutorService pool = Executors.newFixedThreadPool(options.threads());
            try (S3Client s3 = org.s3()) {
                DemoBucket demoBucket = new DemoBucket(s3, bucket, reports);
                DemoSeeding.Seeded seeded = new DemoSeeding(plan, incidents, options.seed(), out)
                        .seed(emulator.endpoint(), org, proxy, denied, demoBucket, pool);
                try (DemoIdentityCenter identityCenter = seeded.identityCenter()) {
                    IdentityCenterDays days = new IdentityCenterDays(plan, seeded.identities(), identityCenter, demoBucket,
                            proxy.endpoint());
                    DemoRemediation remediation = new DemoRemediation(plan, incidents, seeded.simulations(), seeded.allowlist(),
                            demoBucket, proxy.endpoint(), options.folder(), seeded.identities().exportFrom(), out);
                    return play(options, plan, incidents, seeded, days, remediation, demoBucket, pool, start);
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    /** Plays the days on the seeded organization, then renders the dashboard and the summary. */
    private Outcome play(Options options, DemoOrganization plan, Incidents incidents, DemoSeeding.Seeded seeded,
                         IdentityCenterDays identityCenter, DemoRemediation remediation, DemoBucket bucket, ExecutorService pool,
                         Instant start) {
        Duration seeding = Duration.between(start, Instant.now());
        DemoIdentityCenter center = seeded.identityCenter();
        int exportFrom = seeded.identities().exportFrom();
        out.printf("Identity Center: %d persons, %d groups, %d assignments and %d group memberships before day 1; people get "
                        + "access day by day; exported daily from %s (the days before show identity_center_unknown). "
                        + "Identity mapping: %d lines; %d milestones; owners from the allowlist, user tags, account tags, "
                        + "the Staging OU's and the organization's default.%n", center.persons(), center.groups(),
                center.assignments(), center.memberships(), exportFrom < options.days()
                        ? "day " + (exportFrom + 1) + " (" + options.firstDay().plusDays(exportFrom) + ")" : "no day of this demo",
                seeded.mappingLines(), seeded.milestones().size());
        out.printf("Seeded in %s. Playing %d days; each day the real account-directory export runs as the management "
                        + "account and the real collector as every account (%d at a time).%n",
                DemoSummary.format(seeding), options.days(), options.threads());
        out.flush();
        DirectoryExports exports = new DirectoryExports(plan, incidents, seeded.simulations(), seeded.directory(), bucket, out);
        exports.start();
        Playthrough.Played played = new Playthrough(plan, incidents, seeded.simulations(), bucket, identityCenter, remediation, pool, out, err)
                .play(exports, start);
        DemoRemediation.Outcome remediated = remediation.finish();

        out.println("Running the shipped views and queries on the embedded Trino (Athena engine v3)...");
        out.flush();
        Instant reporting = Instant.now();
        DashboardFiles.Written written;
        SharedNames sharedNames;
        long rejectedFiles;
        String rejectedWarning;
        MigrationSummary migration;
        try (LocalAthena athena = played.engine() == null ? LocalAthena.start(bucket.reports()) : Tasks.join(played.engine())) {
            written = DashboardFiles.write(athena, options.folder());
            Previews.write(athena, written.data(), options.folder());
            sharedNames = SharedNames.of(athena);
            migration = MigrationSummary.load(athena, summaryDays(options, seeded.identities()));
            rejectedFiles = RejectedReports.count(athena);
            rejectedWarning = RejectedReports.warning(athena, "stocktake demo", bucket.reports().toString(),
                    Caches.prepare(env));
        }
        Duration reported = Duration.between(reporting, Instant.now());
        Outcome outcome = new Outcome(options.folder(), bucket.reports(), written, played.stored(), played.failures(),
                played.deniedRuns(), seeded.allowlist(), sharedNames, rejectedFiles, migration, remediated, seeding, played.took(), reported, Duration.between(start, Instant.now()));
        Simulation closed = incidents.suspendedFrom() < options.days() ? seeded.simulations().get(incidents.suspendedAccount()) : null;
        new DemoSummary(out).print(outcome, seeded.simulations().size(), options.days(), incidents, closed);
        err.print(rejectedWarning);
        err.flush();
        return outcome;
    }
}
