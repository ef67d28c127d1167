package dev.stocktake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

import dev.stocktake.emulator.Emulator;
import dev.stocktake.emulator.EmulatorOrganization;
import dev.stocktake.emulator.junit.EmulatorExtension;
import dev.stocktake.report.ReportKeys;
import dev.stocktake.sql.engine.LocalAthena;
import dev.stocktake.sql.engine.QueryResult;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Bucket;
import software.amazon.awssdk.services.s3.model.S3Object;

/** The demo in a reduced size (3 accounts, 4 days), end to end against the emulator and the embedded Trino. */
@ExtendWith(EmulatorExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class DemoCommandTest {

    private static final int ACCOUNTS = 3;
    private static final int DAYS = 4;
    private static final LocalDate LAST_DAY = LocalDate.of(2026, 3, 31);
    private static final Pattern FIGURE = Pattern.compile("data-figure=\"(\\w+)\">([^<]*)<");

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private Emulator emulator;
    private Path folder;
    private int exit;
    private LocalAthena athena;

    @BeforeAll
    void runDemo(Emulator emulator, @TempDir Path dir) {
        this.emulator = emulator;
        this.folder = dir.resolve("demo");
        CommandLine cli = StocktakeCommand.commandLine(Map.of("AWS_ENDPOINT_URL", emulator.endpoint().toString()));
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        exit = cli.execute("demo", "--accounts", String.valueOf(ACCOUNTS), "--days", String.valueOf(DAYS),
                "--last-day", LAST_DAY.toString(), "--threads", "3", "--out", folder.toString());
        athena = LocalAthena.start(folder.resolve("reports"));
    }

    @AfterAll
    void stop() {
        if (athena != null) {
            athena.close();
        }
    }

    @Test
    void succeeds_showing_progress_and_a_summary() {
        assertThat(exit).as(err.toString()).isZero();
        assertThat(err.toString()).isEmpty();
        assertThat(out.toString())
                .contains("Stocktake demo: 3 accounts")
                // 3 accounts x 4 days, less the suspended account's last 2 days; the failing account's last day is denied
                .contains("day 1/4 (2026-03-28)").contains("day 4/4 (2026-03-31): 9/10 collections stored a report")
                .contains("day 3 (2026-03-30): account payments-prd (").contains(") is closed: SUSPENDED from today")
                .contains("day 4 (2026-03-31): the collector of payments-stg (")
                .contains("is denied from today on (a service control policy)")
                .contains("about")
                .contains("Console-capable IAM users: ")
                .contains("Identity Center: ").contains("exported daily from day 2 (" + LAST_DAY.minusDays(DAYS - 2) + ")")
                .contains("Migration verdicts (migration_status), IAM users per day:")
                .contains("Next milestone (goal_progress): ")
                .contains("Each owner's to-do list: ./stocktake todo --data ")
                .contains("Ask it in SQL: ./stocktake sql --data " + folder + " (a shell; \\d lists the views) or --view console_users")
                .contains("Open " + folder.resolve("dashboard.html"));
    }

    @Test
    void stores_a_report_for_every_account_and_day_in_the_bucket_and_copies_it() throws IOException {
        List<String> keys = new ArrayList<>();
        try (S3Client s3 = EmulatorOrganization.create(emulator.endpoint()).s3()) {
            Bucket bucket = s3.listBuckets().buckets().stream().filter(b -> b.name().startsWith("stocktake-demo-"))
                    .reduce((first, second) -> second).orElseThrow();
            for (var page : s3.listObjectsV2Paginator(r -> r.bucket(bucket.name()))) {
                page.contents().stream().map(S3Object::key).forEach(keys::add);
            }
        }
        List<String> local;
        Path reports = folder.resolve("reports");
        try (Stream<Path> files = Files.walk(reports)) {
            local = files.filter(Files::isRegularFile).map(p -> reports.relativize(p).toString().replace('\\', '/')).sorted().toList();
        }

        // reports: 3 accounts on days 1 and 2, then the last one (sharing the first one's name) is suspended, and on
        // day 4 payments-stg's collector is denied; an IAM details file beside each report; one directory export a day;
        // Identity Center exported from day 2 on; the allowlist, the identity mapping, the settings and the milestones
        assertThat(keys).hasSize(9 + 9 + DAYS + (DAYS - 1) + 4).contains("allowlist/allowlist.csv",
                "identity-mapping/identity-mapping.csv", "migration-settings/migration-settings.csv", "milestones/milestones.csv");
        assertThat(keys.stream().filter(key -> key.startsWith("iam-details/")).map(key -> key.substring("iam-details/".length())
                .replace(".json", ".csv")).sorted().toList()).isEqualTo(keys.stream().filter(key -> key.startsWith("credential-reports/"))
                .map(key -> key.substring("credential-reports/".length())).sorted().toList());
        assertThat(keys.stream().filter(key -> key.startsWith("identity-center/")).sorted().toList()).containsExactly(
                "identity-center/" + ReportKeys.datePath(LAST_DAY.minusDays(2)) + "identity-center.json",
                "identity-center/" + ReportKeys.datePath(LAST_DAY.minusDays(1)) + "identity-center.json",
                "identity-center/" + ReportKeys.datePath(LAST_DAY) + "identity-center.json");
        assertThat(local).containsExactlyInAnyOrderElementsOf(keys);
        // every report key is a report key of the contract, read with ReportKeys (not with the layout spelled out here)
        List<ReportKeys.ReportKey> reportKeys = keys.stream().filter(key -> key.startsWith("credential-reports/"))
                .map(key -> ReportKeys.parse(key.substring("credential-reports/".length()))
                        .orElseThrow(() -> new AssertionError("not a report key: " + key)))
                .toList();
        assertThat(reportKeys).hasSize(9);
        for (int day = 0; day < DAYS; day++) {
            LocalDate date = LAST_DAY.minusDays(DAYS - 1 - day);
            assertThat(keys).contains("accounts/" + ReportKeys.datePath(date) + "accounts.csv");
            List<String> ofDay = reportKeys.stream().filter(key -> key.day().equals(date))
                    .map(key -> key.accountName()).sorted().toList();
            if (day < 2) {
                // the first and the last account share a name: both are stored, each under its own ID
                assertThat(ofDay).containsExactly("payments-prd", "payments-prd", "payments-stg");
                assertThat(reportKeys.stream().filter(key -> key.day().equals(date) && key.accountName().equals("payments-prd"))
                        .map(ReportKeys.ReportKey::accountId).distinct()).hasSize(2);
            } else {
                // the last account is suspended from day 3 on; payments-stg's collector is denied on day 4
                assertThat(ofDay).containsExactlyElementsOf(day == 2 ? List.of("payments-prd", "payments-stg") : List.of("payments-prd"));
            }
        }
        String report = Files.readString(reports.resolve(keys.stream().filter(key -> key.startsWith("credential-reports/"))
                .findFirst().orElseThrow()), StandardCharsets.UTF_8);
        assertThat(report).startsWith("user,arn,user_creation_time,password_enabled,")
                .contains("\n<root_account>,arn:aws:iam::");
    }

    @Test
    void both_accounts_of_the_shared_name_are_counted_and_no_file_is_rejected() {
        QueryResult shared = athena.execute("test", "select account_id, count(distinct dt), count_if(dt = date '"
                + LAST_DAY.minusDays(DAYS - 1) + "' and not is_root) from iam_users where account_name = 'payments-prd' "
                + "group by account_id order by 2 desc, 1");
        QueryResult rejected = athena.execute("test", "select count(*) from rejected_reports");

        // the first account reported every day, the second (the suspended one) the first two days
        assertThat(shared.rows()).hasSize(2);
        assertThat(shared.rows()).extracting(row -> row.get(1)).containsExactly(4L, 2L);
        assertThat(shared.rows()).allSatisfy(row -> assertThat((Long) row.get(2)).isPositive());
        assertThat(out.toString()).contains("2 accounts are named payments-prd, each counted on its own:")
                .containsPattern("  payments-prd +" + shared.rows().get(0).get(0) + "  reported on 4 days, \\d+ IAM users? on " + LAST_DAY)
                .containsPattern("  payments-prd +" + shared.rows().get(1).get(0) + "  reported on 2 days, \\d+ IAM users? on "
                        + LAST_DAY.minusDays(2))
                .contains("Rejected report files: none (every stored report was read and counted).");
        assertThat(rejected.rows().getFirst().getFirst()).isEqualTo(0L);
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void every_account_and_day_is_in_the_views() {
        QueryResult perDay = athena.execute("test", "select dt, count(*) from daily_counts group by dt order by dt");

        assertThat(perDay.rows()).extracting(row -> row.get(1)).containsExactly(3L, 3L, 2L, 1L);
        assertThat(perDay.rows().getLast().getFirst()).isEqualTo(LAST_DAY);
    }

    @Test
    void the_account_directory_is_exported_every_day_and_coverage_names_the_failing_account_not_the_suspended_one()
            throws IOException {
        QueryResult coverage = athena.execute("test", "select dt, expected_accounts, reported_accounts, missing_accounts, "
                + "inactive_accounts, coverage_percent from coverage order by dt");
        // the management account is in the directory too; it joined the emulator's organization today, after these days
        assertThat(coverage.rows()).extracting(row -> row.subList(1, 6).toString()).containsExactly(
                "[3, 3, 0, 0, 100.0]", "[3, 3, 0, 0, 100.0]", "[2, 2, 0, 1, 100.0]", "[2, 1, 1, 1, 50.0]");
        QueryResult missing = athena.execute("test", "select dt, account_name, ou_path, owner, last_report_dt from missing_reports");
        assertThat(missing.rows()).hasSize(1);
        assertThat(missing.rows().getFirst()).containsExactly(LAST_DAY, "payments-stg", "Root/Workloads/Staging",
                "payments-team@example.com", LAST_DAY.minusDays(1));
        QueryResult suspended = athena.execute("test", "select min(dt), count(*) from accounts_by_day where state = 'SUSPENDED'");
        assertThat(suspended.rows().getFirst()).containsExactly(LAST_DAY.minusDays(1), 2L);

        String html = Files.readString(folder.resolve("dashboard.html"), StandardCharsets.UTF_8);
        assertThat(html).contains("data-figure=\"coverage_percent\">50.0 %<").contains("data-figure=\"missing_accounts\">1<")
                .contains("1 of 2 expected accounts reported");
        assertThat(out.toString()).contains("Accounts reporting today: 1 of 2 expected (50.0 %); missing:")
                .containsPattern("payments-stg +\\d{12}  Root/Workloads/Staging, owner payments-team@example.com: no report since "
                        + LAST_DAY.minusDays(1) + " \\(1 day missing\\)")
                .contains("Suspended on " + LAST_DAY.minusDays(1) + ": payments-prd (");
        assertThat(folder.resolve("email-preview.html")).content().contains("1 of 2").contains("payments-stg");
        assertThat(folder.resolve("slack-preview.json")).content().contains("*Missing today: 1*").contains("payments-stg");
    }

    @Test
    void the_allowlist_is_in_the_bucket_and_beside_the_reports_and_valid() throws IOException {
        byte[] local = Files.readAllBytes(folder.resolve("reports/allowlist/allowlist.csv"));
        dev.stocktake.allowlist.Allowlist allowlist = dev.stocktake.allowlist.Allowlist.parse("allowlist.csv", local);

        assertThat(allowlist.entries()).isNotEmpty();
        assertThat(out.toString()).contains("Allowlist (reports/allowlist/allowlist.csv):");
        // each entry gives its user the status the demo chose for it, in the views on the last day
        Matcher chosen = Pattern.compile("  (allowed|expired|violation) +(\\S+) in \\S+ \\((\\d{12})\\)").matcher(out.toString());
        int entries = 0;
        while (chosen.find()) {
            QueryResult status = athena.execute("test", "select allowlist_status, allowlist_owner from iam_users where dt = date '"
                    + LAST_DAY + "' and account_id = '" + chosen.group(3) + "' and user_name = '" + chosen.group(2) + "'");
            assertThat(status.rows()).as(chosen.group()).hasSize(1);
            assertThat(status.rows().getFirst().getFirst()).as(chosen.group()).isEqualTo(chosen.group(1));
            entries++;
        }
        assertThat(entries).isEqualTo(allowlist.entries().size());
        // the dashboard's split is the views'
        List<Object> split = athena.execute("test", "select count_if(allowlist_status = 'allowed'), count_if(allowlist_status <> 'allowed') "
                + "from iam_users where dt = date '" + LAST_DAY + "' and not is_root and (has_console_access or active_access_keys > 0)")
                .rows().getFirst();
        String html = Files.readString(folder.resolve("dashboard.html"), StandardCharsets.UTF_8);
        assertThat(html).contains("data-figure=\"accepted_users\">" + split.get(0) + "<")
                .contains("data-figure=\"users_to_remove\">" + split.get(1) + "<");
        assertThat(out.toString()).contains("today: " + split.get(1) + " to remove, " + split.get(0) + " accepted (allowlisted)");
    }

    @Test
    void dashboard_figures_equal_the_views_results() throws IOException {
        String html = Files.readString(folder.resolve("dashboard.html"), StandardCharsets.UTF_8);
        Map<String, String> figures = new HashMap<>();
        Matcher matcher = FIGURE.matcher(html);
        while (matcher.find()) {
            figures.put(matcher.group(1), matcher.group(2));
        }
        List<Object> goal = athena.execute("test", "select current_console_users, target_console_users, baseline_console_users "
                + "from goal_progress").rows().getFirst();
        // the dashboard's totals, like the goal's, include the accounts carried from their last report (daily_counts_filled)
        List<Object> today = athena.execute("test", "select sum(users), sum(console_users_without_mfa), sum(users_with_active_key) "
                + "from daily_counts_filled where dt = date '" + LAST_DAY + "'").rows().getFirst();
        long consoleUsersToday = (Long) athena.execute("test", "select count(*) from console_users where dt = date '" + LAST_DAY + "'")
                .rows().getFirst().getFirst();

        assertThat(figures)
                .containsEntry("current_console_users", String.valueOf(goal.get(0)))
                // the next organization milestone's maximum (goal_progress.target_console_users), a dash without milestones
                .containsEntry("next_milestone_max", goal.get(1) == null ? "\u2014" : String.valueOf(goal.get(1)))
                .containsEntry("users", String.valueOf(today.get(0)))
                .containsEntry("console_users_without_mfa", String.valueOf(today.get(1)))
                .containsEntry("users_with_active_key", String.valueOf(today.get(2)));
        // the goal's total carries the accounts without a report today (denied, suspended) from their last report
        long carriedConsoleUsers = (Long) athena.execute("test", "select coalesce(sum(console_users), 0) from daily_counts_filled "
                + "where dt = date '" + LAST_DAY + "' and carried_forward").rows().getFirst().getFirst();
        assertThat(consoleUsersToday + carriedConsoleUsers).isEqualTo(goal.get(0));
        // the migration: fewer console users on the last day than on the first
        assertThat((Long) goal.get(0)).isLessThan((Long) goal.get(2));
        assertThat(out.toString()).contains("Console-capable IAM users: " + goal.get(2) + " on " + LAST_DAY.minusDays(DAYS - 1)
                + ", " + goal.get(0) + " on " + LAST_DAY + " (");
        assertThat(Files.readAllLines(folder.resolve("data/console_users.csv"))).hasSize(1 + (int) consoleUsersToday);
        // the notifier's previews, for the same day and the same figure
        assertThat(folder.resolve("email-preview.html")).content()
                .contains("Stocktake: " + goal.get(0) + " console-capable IAM users on " + LAST_DAY);
        assertThat(folder.resolve("email-preview.txt")).content().startsWith("Subject: Stocktake: " + goal.get(0) + " console-capable");
        assertThat(folder.resolve("slack-preview.json")).content().contains("\"blocks\"").contains(String.valueOf(LAST_DAY));
    }

    @Test
    void every_verdict_appears_on_some_day_and_the_first_day_knows_no_identity_center() {
        List<Object> verdicts = athena.execute("test", "select distinct verdict from migration_status order by 1").rows().stream()
                .map(List::getFirst).toList();
        List<Object> firstDay = athena.execute("test", "select distinct verdict from migration_status where dt = date '"
                + LAST_DAY.minusDays(DAYS - 1) + "' and identity_center_dt is null order by 1").rows().stream().map(List::getFirst).toList();
        long exported = (Long) athena.execute("test", "select count(*) from migration_status where dt > date '"
                + LAST_DAY.minusDays(DAYS - 1) + "' and identity_center_dt is null").rows().getFirst().getFirst();

        assertThat(verdicts).containsExactlyInAnyOrder("allowlisted", "machine_user", "identity_center_unknown", "no_identity",
                "needs_assignment", "ready_to_remove", "still_in_use");
        assertThat(firstDay).contains("identity_center_unknown").doesNotContain("no_identity", "needs_assignment",
                "ready_to_remove", "still_in_use");
        assertThat(exported).isZero();
    }

    @Test
    void the_summary_table_is_the_views_count_per_day_and_verdict() {
        List<String> lines = List.of(out.toString().split("\\R"));
        int header = lines.indexOf("Migration verdicts (migration_status), IAM users per day:");
        assertThat(header).isNotNegative();
        List<LocalDate> days = Stream.of(lines.get(header + 1).trim().split(" +")).skip(1).map(LocalDate::parse).toList();
        // start (day 1, no Identity Center export yet), the first export (day 2), the middle (day 3) and the end
        assertThat(days).containsExactly(LAST_DAY.minusDays(3), LAST_DAY.minusDays(2), LAST_DAY.minusDays(1), LAST_DAY);
        // a row per verdict, in words, in the order migration_status tries them; each cell the view's count
        List<String> words = List.of("allowlisted", "machine user", "Identity Center unknown", "no identity", "needs assignment",
                "ready to remove", "still in use");
        List<String> codes = List.of("allowlisted", "machine_user", "identity_center_unknown", "no_identity", "needs_assignment",
                "ready_to_remove", "still_in_use");
        List<String> rows = lines.subList(header + 3, header + 10);
        assertThat(rows).extracting(line -> line.substring(0, 26).trim()).containsExactlyElementsOf(words);
        int cells = 0;
        for (int row = 0; row < rows.size(); row++) {
            String[] counts = rows.get(row).substring(26).trim().split(" +");
            for (int i = 0; i < days.size(); i++) {
                long expected = (Long) athena.execute("test", "select count(*) from migration_status where dt = date '" + days.get(i)
                        + "' and verdict = '" + codes.get(row) + "'").rows().getFirst().getFirst();
                assertThat(Long.parseLong(counts[i])).as(words.get(row) + " on " + days.get(i)).isEqualTo(expected);
                cells++;
            }
        }
        assertThat(cells).isEqualTo(7 * 4);
        String[] total = lines.get(header + 10).trim().split(" +");
        assertThat(total[0]).isEqualTo("total");
        for (int i = 0; i < days.size(); i++) {
            long users = (Long) athena.execute("test", "select count(*) from iam_users where not is_root and dt = date '" + days.get(i) + "'")
                    .rows().getFirst().getFirst();
            assertThat(Long.parseLong(total[i + 1])).as("total on " + days.get(i)).isEqualTo(users);
        }
        // the next milestone and the distance, as goal_progress has them
        List<Object> next = athena.execute("test", "select next_milestone_day, next_milestone_max, current_console_users, "
                + "distance_to_milestone from goal_progress").rows().getFirst();
        assertThat(out.toString()).containsPattern("Next milestone \\(goal_progress\\): .* on " + next.get(0) + ", at most " + next.get(1)
                + " console users; " + next.get(2) + " on " + LAST_DAY + ", " + next.get(3) + " to go in ");
        // every milestone with its status in words
        int milestones = lines.indexOf("Milestones (milestone_progress):");
        assertThat(milestones).isNotNegative();
        List<String> statuses = lines.stream().skip(milestones + 1).takeWhile(line -> line.startsWith("  2"))
                .map(line -> line.substring(line.lastIndexOf(": ") + 2)).toList();
        assertThat(statuses).hasSize(((Long) athena.execute("test", "select count(*) from milestone_progress").rows().getFirst()
                .getFirst()).intValue()).isSubsetOf("met", "on track", "behind", "missed");
    }

    @Test
    void the_settings_the_milestones_and_the_mapping_are_in_the_bucket_and_valid() throws IOException {
        Path reports = folder.resolve("reports");
        dev.stocktake.allowlist.IdentityMapping mapping = dev.stocktake.allowlist.IdentityMapping.parse(
                reports.resolve("identity-mapping/identity-mapping.csv"));
        dev.stocktake.allowlist.MigrationSettings settings;
        List<dev.stocktake.allowlist.MigrationSettings.Milestone> milestones;
        try (var settingsFile = Files.newBufferedReader(reports.resolve("migration-settings/migration-settings.csv"));
             var milestonesFile = Files.newBufferedReader(reports.resolve("milestones/milestones.csv"))) {
            settings = dev.stocktake.allowlist.MigrationSettings.parseSettingsCsv("migration-settings.csv", settingsFile);
            milestones = dev.stocktake.allowlist.MigrationSettings.parseMilestonesCsv("milestones.csv", milestonesFile);
        }

        assertThat(mapping.entries()).isNotEmpty();
        assertThat(settings.idleDays()).isEqualTo(90);
        assertThat(settings.defaultOwners()).extracting(dev.stocktake.allowlist.MigrationSettings.DefaultOwner::scope)
                .contains("").anyMatch(scope -> scope.startsWith("ou-"));
        // staged: the organization's milestones fall, the last one zero a month after the last day; one for an OU
        assertThat(milestones).filteredOn(dev.stocktake.allowlist.MigrationSettings.Milestone::isOrganization)
                .extracting(dev.stocktake.allowlist.MigrationSettings.Milestone::day).last().isEqualTo(LAST_DAY.plusDays(30));
        assertThat(milestones).anyMatch(milestone -> milestone.scope().startsWith("ou-"));
        long configured = (Long) athena.execute("test", "select count(*) from milestone_progress").rows().getFirst().getFirst();
        assertThat(configured).isEqualTo(milestones.size());
    }

    @Test
    void reports_carry_simulated_dates_not_the_emulators() throws IOException {
        LocalDate first = LAST_DAY.minusDays(DAYS - 1);
        Path dayFolder = folder.resolve("reports/credential-reports").resolve(ReportKeys.datePath(first));
        Path day0;
        try (Stream<Path> files = Files.list(dayFolder)) {
            day0 = files.filter(file -> ReportKeys.parse(ReportKeys.datePath(first) + file.getFileName())
                    .map(key -> key.accountName().equals("payments-stg")).orElse(false)).findFirst().orElseThrow();
        }
        String report = Files.readString(day0, StandardCharsets.UTF_8);

        // every timestamp in a report of day 0 lies on or before that day (the emulator would write today's date)
        Matcher timestamps = Pattern.compile("(\\d{4}-\\d{2}-\\d{2})T\\d{2}:\\d{2}:\\d{2}\\+00:00").matcher(report);
        int count = 0;
        while (timestamps.find()) {
            assertThat(LocalDate.parse(timestamps.group(1))).isBeforeOrEqualTo(first);
            count++;
        }
        assertThat(count).isPositive();
    }
}
