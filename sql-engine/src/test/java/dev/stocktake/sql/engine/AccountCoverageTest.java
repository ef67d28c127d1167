package dev.stocktake.sql.engine;

import static dev.stocktake.sql.engine.ReportFixtures.day;
import static dev.stocktake.sql.engine.ReportFixtures.row;
import static dev.stocktake.sql.engine.ReportFixtures.ts;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The account directory's table and the coverage views on the embedded Trino, over a data folder holding
 * {@code credential-reports/} (the fixtures {@link LocalAthenaTest} describes) and {@code accounts/}, asserted row by
 * row.
 *
 * <p>The directory fixtures: exports on 2026-03-01, 03-03 and 03-05 (none on 03-02: that day uses the 03-01 export).
 * prod 111111111111 in Root/Workloads/Prod (tag owner), "team a/b" 222222222222 in the nested Root/Workloads/Dev/Team A
 * (tag Owner, capitalised), "shared" 333333333333 in Root/Sandbox without tags, "shared" 444444444444 directly under
 * Root (an owner tag with a comma), "legacy" 555555555555 SUSPENDED, "Old, closed" 777777777777 CLOSED (gone from the
 * 03-05 export), and "new-account" 666666666666 that joined on 2026-03-03 at 01:30 UTC and never reports. Reports: all
 * four reporting accounts on 03-01, 03-02 and 03-05; 333333333333 missing on 03-03; no report at all on 03-04.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class AccountCoverageTest {

    @RegisterExtension
    static final ViewsOnFolder views = new ViewsOnFolder(ReportFixtures::copyWithAccountsTo);

    @Nested
    class The_data_folder {

        @Test
        void finds_the_accounts_folder_beside_the_credential_reports() {
            ReportFolder folder = views.athena().folder();

            assertThat(folder.root()).isEqualTo(views.data().resolve("credential-reports").toAbsolutePath().normalize());
            assertThat(folder.accounts()).isEqualTo(new ReportFolder.AccountFolder(
                    views.data().resolve("accounts").toAbsolutePath().normalize(), day("2026-03-01"), day("2026-03-05"), 3));
        }
    }

    @Nested
    class The_accounts_table {

        @Test
        void reads_every_export_with_the_header_skipped_and_rfc_4180_quoting_undone() {
            assertThat(views.rows("select dt, count(*) from accounts group by dt order by dt")).containsExactly(
                    row("2026/03/01", 6L), row("2026/03/03", 7L), row("2026/03/05", 6L));
            assertThat(views.rows("""
                    select account_id, account_name, state, ou_path, tags from accounts
                    where dt = '2026/03/03' and account_id in ('444444444444', '777777777777') order by account_id"""))
                    .containsExactly(
                            row("444444444444", "shared", "ACTIVE", "Root", "{\"cost-center\":\"cc-4\",\"owner\":\"ops, night shift\"}"),
                            row("777777777777", "Old, closed", "CLOSED", "Root/Suspended", "{}"));
        }

        @Test
        void projects_dt_onto_the_directory_prefix() {
            QueryResult properties = views.athena().execute("<test>", "select \"storage.location.template\", \"projection.dt.range\" "
                    + "from \"accounts$properties\"");

            assertThat(properties.rows()).containsExactly(row(
                    "local://" + views.data().resolve("accounts").toAbsolutePath().normalize() + "/${dt}/", "2026/03/01,NOW+1DAYS"));
        }
    }

    @Nested
    class The_coverage_view {

        @Test
        void counts_expected_reported_and_missing_accounts_per_day() {
            assertThat(views.athena().view("coverage").rows()).containsExactly(
                    // dt, directory_dt, active, inactive, not yet expected, expected, reported, missing, rejected, percent
                    row(day("2026-03-01"), day("2026-03-01"), 4L, 2L, 0L, 4L, 4L, 0L, 0L, 100.0),
                    // no export on 03-02: the 03-01 directory applies
                    row(day("2026-03-02"), day("2026-03-01"), 4L, 2L, 0L, 4L, 4L, 0L, 0L, 100.0),
                    // 333333333333 did not report; new-account joined that day and is not expected yet
                    row(day("2026-03-03"), day("2026-03-03"), 5L, 2L, 1L, 4L, 3L, 1L, 0L, 75.0),
                    // new-account is expected from the day after it joined, and never reported
                    row(day("2026-03-05"), day("2026-03-05"), 5L, 1L, 0L, 5L, 4L, 1L, 0L, 80.0));
        }

        @Test
        void one_day_reads_that_days_reports_and_only_the_directory_exports() {
            QueryResult oneDay = views.athena().execute("<test>", "select * from coverage where dt = date '2026-03-03'");

            assertThat(oneDay.rows()).hasSize(1);
            long reportsOfTheDay = ReportFixtures.sizeOf(views.data().resolve("credential-reports"), List.of(
                    "2026/03/03/prod@111111111111.csv", "2026/03/03/shared@444444444444.csv", "2026/03/03/team%20a%2Fb@222222222222.csv"));
            long exports = ReportFixtures.sizeOf(views.data().resolve("accounts"), List.of(
                    "2026/03/01/accounts.csv", "2026/03/03/accounts.csv", "2026/03/05/accounts.csv"));
            long allReports;
            try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(views.data().resolve("credential-reports"))) {
                allReports = files.filter(java.nio.file.Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            // the day's report partition is pruned to (Trino reads it for the days and for the join: twice), plus the
            // exports (the latest on or before the day is chosen among them); never every report of every day
            assertThat(oneDay.physicalInputBytes()).isGreaterThanOrEqualTo(reportsOfTheDay + exports)
                    .isLessThanOrEqualTo(3 * reportsOfTheDay + 2 * exports)
                    .isLessThan(allReports);
        }

        @Test
        void starts_with_the_first_directory_export() {
            assertThat(views.rows("select min(dt) from coverage")).containsExactly(row(day("2026-03-01")));
            assertThat(views.rows("select count(*) from iam_users where dt < date '2026-03-01'")).containsExactly(row(13L));
        }
    }

    @Nested
    class The_missing_reports_view {

        @Test
        void lists_active_expected_accounts_without_a_report_with_ou_and_owner() {
            assertThat(views.athena().view("missing_reports").rows()).containsExactly(
                    row(day("2026-03-03"), "333333333333", "shared", "aws+shared-1@example.com", "Root/Sandbox", null, "{}",
                            ts("2022-03-03 03:03:03"), day("2026-03-03"), day("2026-03-02"), 1L,
                            // its report of the day before is carried; nothing of the day was stored, so nothing rejected
                            true, false),
                    row(day("2026-03-05"), "666666666666", "new-account", "aws+new@example.com", "Root/Workloads/Prod",
                            "data-team", "{\"owner\":\"data-team\"}", ts("2026-03-03 01:30"), day("2026-03-05"), null, null,
                            false, false));
        }

        @Test
        void never_lists_suspended_or_closed_accounts_nor_one_on_the_day_it_joined() {
            assertThat(views.rows("""
                    select count(*) from missing_reports
                    where account_id in ('555555555555', '777777777777')
                       or (account_id = '666666666666' and dt = date '2026-03-03')"""))
                    .containsExactly(row(0L));
        }
    }

    @Nested
    class The_iam_users_by_org_view {

        @Test
        void adds_ou_path_owner_tags_and_state_to_every_user_row() {
            assertThat(views.rows("""
                    select dt, account_id, user_name, ou_path, owner, account_tags, account_state
                    from iam_users_by_org where dt = date '2026-03-05' order by account_id, user_name"""))
                    .containsExactly(
                            row(day("2026-03-05"), "111111111111", "<root_account>", "Root/Workloads/Prod", "platform-team",
                                    "{\"cost-center\":\"cc-1\",\"owner\":\"platform-team\"}", "ACTIVE"),
                            row(day("2026-03-05"), "111111111111", "alice", "Root/Workloads/Prod", "platform-team",
                                    "{\"cost-center\":\"cc-1\",\"owner\":\"platform-team\"}", "ACTIVE"),
                            row(day("2026-03-05"), "111111111111", "bob+ops=x.y@corp_z-1", "Root/Workloads/Prod", "platform-team",
                                    "{\"cost-center\":\"cc-1\",\"owner\":\"platform-team\"}", "ACTIVE"),
                            row(day("2026-03-05"), "111111111111", "ci-bot", "Root/Workloads/Prod", "platform-team",
                                    "{\"cost-center\":\"cc-1\",\"owner\":\"platform-team\"}", "ACTIVE"),
                            row(day("2026-03-05"), "222222222222", "<root_account>", "Root/Workloads/Dev/Team A",
                                    "team-a@example.com", "{\"Owner\":\"team-a@example.com\"}", "ACTIVE"),
                            row(day("2026-03-05"), "222222222222", "carol", "Root/Workloads/Dev/Team A",
                                    "team-a@example.com", "{\"Owner\":\"team-a@example.com\"}", "ACTIVE"),
                            row(day("2026-03-05"), "222222222222", "dave", "Root/Workloads/Dev/Team A",
                                    "team-a@example.com", "{\"Owner\":\"team-a@example.com\"}", "ACTIVE"),
                            row(day("2026-03-05"), "333333333333", "frank", "Root/Sandbox", null, "{}", "ACTIVE"),
                            row(day("2026-03-05"), "444444444444", "grace", "Root", "ops, night shift",
                                    "{\"cost-center\":\"cc-4\",\"owner\":\"ops, night shift\"}", "ACTIVE"));
        }

        @Test
        void keeps_every_iam_users_row_and_column_in_order() {
            QueryResult byOrg = views.athena().execute("<test>", "select * from iam_users_by_org limit 0");
            QueryResult users = views.athena().execute("<test>", "select * from iam_users limit 0");

            assertThat(byOrg.columns().subList(0, users.columns().size())).isEqualTo(users.columns());
            assertThat(byOrg.columns().subList(users.columns().size(), byOrg.columns().size()))
                    .containsExactly("ou_path", "owner", "account_tags", "account_state");
            assertThat(views.rows("select count(*) from iam_users_by_org")).isEqualTo(views.rows("select count(*) from iam_users"));
            assertThat(views.rows("select count(*) from iam_users_by_org where dt < date '2026-03-01' and ou_path is null"))
                    .containsExactly(row(13L));
        }

        @Test
        void breaks_console_users_down_by_ou_and_owner() {
            assertThat(views.rows("""
                    select ou_path, owner, count(*) from iam_users_by_org
                    where dt = date '2026-03-05' and not is_root and has_console_access
                    group by ou_path, owner order by ou_path"""))
                    .containsExactly(
                            row("Root/Sandbox", null, 1L),
                            row("Root/Workloads/Dev/Team A", "team-a@example.com", 1L),
                            row("Root/Workloads/Prod", "platform-team", 1L));
        }
    }
}
