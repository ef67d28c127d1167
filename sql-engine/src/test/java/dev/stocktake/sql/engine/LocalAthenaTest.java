package dev.stocktake.sql.engine;

import static dev.stocktake.sql.engine.ReportFixtures.day;
import static dev.stocktake.sql.engine.ReportFixtures.row;
import static dev.stocktake.sql.engine.ReportFixtures.ts;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every view and named query on the embedded Trino over the fixture reports, asserted row by row.
 *
 * <p>The fixtures: account prod (111111111111, with a root row, users with IAM paths and {@code + = . @ _ -} in
 * their names, a user with two keys one never used), "team a/b" (222222222222, percent-encoded, its 2026-03-02
 * report written twice: the 09:00 re-run {@code team%20a%2Fb@222222222222.csv} adds dave and must win), two accounts
 * named "shared" (333333333333 as {@code shared.csv}, 444444444444 as {@code shared@444444444444.csv}, both without
 * a root row, as the emulator writes them), report days 02-19, 02-26, 03-01, 03-02, 03-03 and 03-05 (03-04 missing
 * everywhere, 03-03 missing for 333333333333).
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class LocalAthenaTest {

    @TempDir
    static Path reports;

    static LocalAthena athena;

    @BeforeAll
    static void start() {
        athena = LocalAthena.start(ReportFixtures.copyTo(reports));
    }

    @AfterAll
    static void stop() {
        if (athena != null) {
            athena.close();
        }
    }

    static List<List<Object>> rows(String sql) {
        return athena.execute("<test>", sql).rows();
    }

    static String file(String relative) {
        return "local://" + reports.toAbsolutePath().normalize() + "/" + relative;
    }

    @Nested
    class The_table {

        @Test
        void reads_every_line_of_every_report_file_the_header_included() {
            // one header line per file: the views read each file's header to take its values by column name
            assertThat(rows("select count(*) = count(distinct \"$path\"), count(distinct \"$path\") = "
                    + "(select count(distinct \"$path\") from credential_reports) from credential_reports "
                    + "where c01 = 'user' and c02 = 'arn'"))
                    .containsExactly(row(true, true));
            assertThat(rows("select count(*) from credential_reports where c23 is not null")).containsExactly(row(0L));
        }

        @Test
        void is_the_glue_table_of_the_definition_with_athena_projection_parameters() {
            QueryResult properties = athena.execute("<test>", "select * from \"credential_reports$properties\"");
            java.util.Map<String, Object> byName = new java.util.HashMap<>();
            for (int i = 0; i < properties.columns().size(); i++) {
                byName.put(properties.columns().get(i), properties.rows().getFirst().get(i));
            }

            assertThat(byName).contains(
                    org.assertj.core.api.Assertions.entry("projection.enabled", "true"),
                    org.assertj.core.api.Assertions.entry("projection.dt.type", "date"),
                    org.assertj.core.api.Assertions.entry("projection.dt.format", "yyyy/MM/dd"),
                    org.assertj.core.api.Assertions.entry("projection.dt.range", "2026/02/19,NOW+1DAYS"),
                    org.assertj.core.api.Assertions.entry("storage.location.template", file("${dt}/")));
            assertThat(byName).doesNotContainKey("skip.header.line.count");
        }

        @Test
        void without_an_accounts_folder_the_accounts_table_and_the_coverage_views_are_empty() {
            assertThat(rows("select count(*) from accounts")).containsExactly(row(0L));
            assertThat(rows("select count(*) from coverage")).containsExactly(row(0L));
            assertThat(rows("select count(*) from missing_reports")).containsExactly(row(0L));
            assertThat(rows("select count(*), count(ou_path) from iam_users_by_org")).containsExactly(row(49L, 0L));
        }

        @Test
        void projects_dt_from_the_date_folders() {
            assertThat(rows("select distinct dt from credential_reports order by dt")).containsExactly(
                    row("2026/02/19"), row("2026/02/26"), row("2026/03/01"), row("2026/03/02"), row("2026/03/03"),
                    row("2026/03/05"));
        }
    }

    @Nested
    class The_iam_users_view {

        @Test
        void has_one_row_per_user_per_account_per_day_the_newest_file_winning() {
            assertThat(rows("""
                    select dt, account_id, account_name, user_name, source_file
                    from iam_users
                    where dt between date '2026-03-01' and date '2026-03-02'
                    order by dt, account_id, user_name"""))
                    .containsExactly(
                            row(day("2026-03-01"), "111111111111", "prod", "<root_account>", file("2026/03/01/prod@111111111111.csv")),
                            row(day("2026-03-01"), "111111111111", "prod", "alice", file("2026/03/01/prod@111111111111.csv")),
                            row(day("2026-03-01"), "111111111111", "prod", "bob+ops=x.y@corp_z-1", file("2026/03/01/prod@111111111111.csv")),
                            row(day("2026-03-01"), "111111111111", "prod", "ci-bot", file("2026/03/01/prod@111111111111.csv")),
                            row(day("2026-03-01"), "222222222222", "team a/b", "<root_account>", file("2026/03/01/team%20a%2Fb@222222222222.csv")),
                            row(day("2026-03-01"), "222222222222", "team a/b", "carol", file("2026/03/01/team%20a%2Fb@222222222222.csv")),
                            row(day("2026-03-01"), "333333333333", "shared", "frank", file("2026/03/01/shared@333333333333.csv")),
                            row(day("2026-03-01"), "444444444444", "shared", "grace", file("2026/03/01/shared@444444444444.csv")),
                            row(day("2026-03-02"), "111111111111", "prod", "<root_account>", file("2026/03/02/prod@111111111111.csv")),
                            row(day("2026-03-02"), "111111111111", "prod", "alice", file("2026/03/02/prod@111111111111.csv")),
                            row(day("2026-03-02"), "111111111111", "prod", "bob+ops=x.y@corp_z-1", file("2026/03/02/prod@111111111111.csv")),
                            row(day("2026-03-02"), "111111111111", "prod", "ci-bot", file("2026/03/02/prod@111111111111.csv")),
                            row(day("2026-03-02"), "111111111111", "prod", "erin", file("2026/03/02/prod@111111111111.csv")),
                            row(day("2026-03-02"), "222222222222", "team a/b", "<root_account>", file(ReportFixtures.RERUN_FILE)),
                            row(day("2026-03-02"), "222222222222", "team a/b", "carol", file(ReportFixtures.RERUN_FILE)),
                            row(day("2026-03-02"), "222222222222", "team a/b", "dave", file(ReportFixtures.RERUN_FILE)),
                            row(day("2026-03-02"), "333333333333", "shared", "frank", file("2026/03/02/shared@333333333333.csv")),
                            row(day("2026-03-02"), "444444444444", "shared", "grace", file("2026/03/02/shared@444444444444.csv")));
        }

        @Test
        void counts_users_on_every_report_day_and_none_on_missing_days() {
            assertThat(rows("select dt, count(*) from iam_users group by dt order by dt")).containsExactly(
                    row(day("2026-02-19"), 7L),
                    row(day("2026-02-26"), 6L),
                    row(day("2026-03-01"), 8L),
                    row(day("2026-03-02"), 10L),
                    row(day("2026-03-03"), 9L),
                    row(day("2026-03-05"), 9L));
        }

        @Test
        void types_every_column_and_names_every_sentinel() {
            List<List<Object>> actual = athena.execute("<test>", """
                    select * from iam_users where dt = date '2026-03-05' order by account_id, user_name""").rows();
            String prod = file("2026/03/05/prod@111111111111.csv");
            String team = file("2026/03/05/team%20a%2Fb@222222222222.csv");
            assertThat(actual).containsExactly(
                    row(day("2026-03-05"), "111111111111", "prod", "<root_account>", "arn:aws:iam::111111111111:root", null, true,
                            ts("2019-04-01 09:00"), null,
                            ts("2026-01-27 08:15"), "timestamp", null, "not_supported", null, "not_supported",
                            true,
                            false, false, null, "N/A", null, "N/A", null, null,
                            false, false, null, "N/A", null, "N/A", null, null,
                            0, false, false, false, false, ts("2026-01-27 08:15"), 37L, prod,
                            "not_listed", null, null, null, null),
                    row(day("2026-03-05"), "111111111111", "prod", "alice", "arn:aws:iam::111111111111:user/alice", "/", false,
                            ts("2024-05-10 10:00"), true,
                            ts("2026-02-18 17:30"), "timestamp", ts("2025-11-02 10:00"), "timestamp", ts("2026-05-01 10:00"), "timestamp",
                            false,
                            true, true, ts("2025-12-01 09:00"), "timestamp", ts("2026-02-18 12:00"), "timestamp", "eu-west-1", "s3",
                            false, false, null, "N/A", null, "N/A", null, null,
                            1, false, false, false, false, ts("2026-02-18 17:30"), 15L, prod,
                            "not_listed", null, null, null, null),
                    row(day("2026-03-05"), "111111111111", "prod", "bob+ops=x.y@corp_z-1",
                            "arn:aws:iam::111111111111:user/engineering/bob+ops=x.y@corp_z-1", "/engineering/", false,
                            ts("2025-10-01 08:00"), false,
                            null, "N/A", null, "N/A", null, "N/A",
                            false,
                            false, false, null, "N/A", null, "N/A", null, null,
                            false, false, null, "N/A", null, "N/A", null, null,
                            0, false, false, false, false, null, 155L, prod,
                            "not_listed", null, null, null, null),
                    row(day("2026-03-05"), "111111111111", "prod", "ci-bot", "arn:aws:iam::111111111111:user/service/ci/ci-bot",
                            "/service/ci/", false,
                            ts("2023-01-15 00:00"), false,
                            null, "N/A", null, "N/A", null, "N/A",
                            false,
                            true, true, ts("2023-01-15 00:05"), "timestamp", ts("2026-02-18 23:59:59"), "timestamp", "us-east-1", "sts",
                            true, true, ts("2026-03-04 10:00"), "timestamp", null, "N/A", null, null,
                            2, false, false, true, true, ts("2026-02-18 23:59:59"), 15L, prod,
                            "not_listed", null, null, null, null),
                    row(day("2026-03-05"), "222222222222", "team a/b", "<root_account>", "arn:aws:iam::222222222222:root", null, true,
                            ts("2019-04-01 09:00"), null,
                            null, "no_information", null, "not_supported", null, "not_supported",
                            true,
                            false, false, null, "N/A", null, "N/A", null, null,
                            false, false, null, "N/A", null, "N/A", null, null,
                            0, false, false, false, false, null, 2530L, team,
                            "not_listed", null, null, null, null),
                    row(day("2026-03-05"), "222222222222", "team a/b", "carol", "arn:aws:iam::222222222222:user/carol", "/", false,
                            ts("2022-02-02 02:02:02"), true,
                            ts("2025-10-01 09:00"), "timestamp", ts("2022-02-02 02:02:02"), "timestamp", null, "N/A",
                            true,
                            true, false, ts("2024-01-01 00:00"), "timestamp", ts("2024-06-01 10:00"), "timestamp", "us-west-2", "ec2",
                            false, false, null, "N/A", null, "N/A", null, null,
                            0, false, false, false, false, ts("2025-10-01 09:00"), 155L, team,
                            "not_listed", null, null, null, null),
                    row(day("2026-03-05"), "222222222222", "team a/b", "dave", "arn:aws:iam::222222222222:user/dave", "/", false,
                            ts("2026-03-02 08:00"), false,
                            null, "N/A", null, "N/A", null, "N/A",
                            false,
                            true, true, ts("2026-03-02 08:00"), "timestamp", null, "N/A", null, null,
                            false, false, null, "N/A", null, "N/A", null, null,
                            1, false, true, false, true, null, 3L, team,
                            "not_listed", null, null, null, null),
                    row(day("2026-03-05"), "333333333333", "shared", "frank", "arn:aws:iam::333333333333:user/frank", "/", false,
                            ts("2024-08-08 08:08:08"), true,
                            ts("2026-02-17 09:00"), "timestamp", ts("2024-08-08 08:08:08"), "timestamp", null, "N/A",
                            true,
                            false, false, null, "N/A", null, "N/A", null, null,
                            false, false, null, "N/A", null, "N/A", null, null,
                            0, false, false, false, false, ts("2026-02-17 09:00"), 16L, file("2026/03/05/shared@333333333333.csv"),
                            "not_listed", null, null, null, null),
                    row(day("2026-03-05"), "444444444444", "shared", "grace", "arn:aws:iam::444444444444:user/grace", "/", false,
                            ts("2025-01-01 00:00"), false,
                            null, "N/A", null, "N/A", null, "N/A",
                            false,
                            false, false, null, "N/A", null, "N/A", null, null,
                            false, false, null, "N/A", null, "N/A", null, null,
                            0, false, false, false, false, null, 428L, file("2026/03/05/shared@444444444444.csv"),
                            "not_listed", null, null, null, null));
        }

        @Test
        void marks_a_console_password_that_was_never_used() {
            assertThat(rows("""
                    select dt, user_name, password_last_used_state, password_never_used, never_used, days_since_last_activity
                    from iam_users where user_name in ('bob+ops=x.y@corp_z-1', 'erin') and dt <= date '2026-03-03'
                    order by dt, user_name"""))
                    .containsExactly(
                            row(day("2026-02-19"), "bob+ops=x.y@corp_z-1", "no_information", true, true, 141L),
                            row(day("2026-02-26"), "bob+ops=x.y@corp_z-1", "no_information", true, true, 148L),
                            row(day("2026-03-01"), "bob+ops=x.y@corp_z-1", "no_information", true, true, 151L),
                            row(day("2026-03-02"), "bob+ops=x.y@corp_z-1", "no_information", true, true, 152L),
                            row(day("2026-03-02"), "erin", "no_information", true, true, 1L),
                            row(day("2026-03-03"), "bob+ops=x.y@corp_z-1", "N/A", false, false, 153L),
                            row(day("2026-03-03"), "erin", "no_information", true, true, 2L));
        }
    }

    @Nested
    class Without_an_allowlist {

        @Test
        void every_user_is_not_listed_and_nothing_is_a_finding() {
            assertThat(athena.folder().allowlist()).isNull();
            assertThat(rows("select count(*) from allowlist")).containsExactly(row(0L));
            assertThat(rows("""
                    select allowlist_status, count(*), count(allowlist_owner), count(allowlist_reason), count(allowlist_ticket),
                        count(allowlist_expires)
                    from iam_users group by allowlist_status""")).containsExactly(row("not_listed", 49L, 0L, 0L, 0L, 0L));
            assertThat(rows("select count(*) from allowlist_findings")).containsExactly(row(0L));
            assertThat(rows("select verdict, count(*) from allowlist_review group by verdict"))
                    .containsExactly(row("to_remove", 33L));
        }
    }

    @Nested
    class The_console_users_view {

        @Test
        void lists_console_capable_users_without_root() {
            assertThat(rows("""
                    select * from console_users where dt in (date '2026-03-03', date '2026-03-05')
                    order by dt, account_id, user_name"""))
                    .containsExactly(
                            row(day("2026-03-03"), "111111111111", "prod", "alice", "arn:aws:iam::111111111111:user/alice",
                                    ts("2024-05-10 10:00"), ts("2026-02-18 17:30"), "timestamp", false, 1,
                                    true, ts("2026-02-18 12:00"), false, null, 13L,
                                    "not_listed", null, null),
                            row(day("2026-03-03"), "111111111111", "prod", "erin", "arn:aws:iam::111111111111:user/erin",
                                    ts("2026-03-01 15:00"), null, "no_information", false, 0,
                                    false, null, false, null, 2L,
                                    "not_listed", null, null),
                            row(day("2026-03-03"), "222222222222", "team a/b", "carol", "arn:aws:iam::222222222222:user/carol",
                                    ts("2022-02-02 02:02:02"), ts("2025-10-01 09:00"), "timestamp", true, 0,
                                    false, ts("2024-06-01 10:00"), false, null, 153L,
                                    "not_listed", null, null),
                            row(day("2026-03-05"), "111111111111", "prod", "alice", "arn:aws:iam::111111111111:user/alice",
                                    ts("2024-05-10 10:00"), ts("2026-02-18 17:30"), "timestamp", false, 1,
                                    true, ts("2026-02-18 12:00"), false, null, 15L,
                                    "not_listed", null, null),
                            row(day("2026-03-05"), "222222222222", "team a/b", "carol", "arn:aws:iam::222222222222:user/carol",
                                    ts("2022-02-02 02:02:02"), ts("2025-10-01 09:00"), "timestamp", true, 0,
                                    false, ts("2024-06-01 10:00"), false, null, 155L,
                                    "not_listed", null, null),
                            row(day("2026-03-05"), "333333333333", "shared", "frank", "arn:aws:iam::333333333333:user/frank",
                                    ts("2024-08-08 08:08:08"), ts("2026-02-17 09:00"), "timestamp", true, 0,
                                    false, null, false, null, 16L,
                                    "not_listed", null, null));
        }
    }

    @Nested
    class The_daily_counts_view {

        @Test
        void counts_per_day_and_account() {
            assertThat(rows("select * from daily_counts order by dt, account_id")).containsExactly(
                    row(day("2026-02-19"), "111111111111", "prod", 5L, 4L, 2L, 2L, 2L, 2L),
                    row(day("2026-02-19"), "333333333333", "shared", 1L, 1L, 0L, 0L, 0L, 0L),
                    row(day("2026-02-26"), "111111111111", "prod", 4L, 3L, 2L, 2L, 2L, 2L),
                    row(day("2026-02-26"), "333333333333", "shared", 1L, 1L, 0L, 0L, 0L, 0L),
                    row(day("2026-03-01"), "111111111111", "prod", 3L, 2L, 1L, 2L, 2L, 1L),
                    row(day("2026-03-01"), "222222222222", "team a/b", 1L, 1L, 0L, 0L, 0L, 1L),
                    row(day("2026-03-01"), "333333333333", "shared", 1L, 1L, 0L, 0L, 0L, 0L),
                    row(day("2026-03-01"), "444444444444", "shared", 1L, 0L, 0L, 0L, 0L, 1L),
                    row(day("2026-03-02"), "111111111111", "prod", 4L, 3L, 2L, 2L, 3L, 1L),
                    row(day("2026-03-02"), "222222222222", "team a/b", 2L, 1L, 0L, 1L, 0L, 1L),
                    row(day("2026-03-02"), "333333333333", "shared", 1L, 1L, 0L, 0L, 0L, 0L),
                    row(day("2026-03-02"), "444444444444", "shared", 1L, 0L, 0L, 0L, 0L, 1L),
                    row(day("2026-03-03"), "111111111111", "prod", 4L, 2L, 2L, 2L, 3L, 1L),
                    row(day("2026-03-03"), "222222222222", "team a/b", 2L, 1L, 0L, 1L, 0L, 1L),
                    row(day("2026-03-03"), "444444444444", "shared", 1L, 0L, 0L, 0L, 0L, 1L),
                    row(day("2026-03-05"), "111111111111", "prod", 3L, 1L, 1L, 2L, 2L, 1L),
                    row(day("2026-03-05"), "222222222222", "team a/b", 2L, 1L, 0L, 1L, 0L, 1L),
                    row(day("2026-03-05"), "333333333333", "shared", 1L, 1L, 0L, 0L, 0L, 0L),
                    row(day("2026-03-05"), "444444444444", "shared", 1L, 0L, 0L, 0L, 0L, 1L));
        }
    }

    @Nested
    class The_user_changes_view {

        @Test
        void compares_each_account_with_its_previous_report() {
            // no remediation journal here: nobody removed by Stocktake (users_removed_by_stocktake 0,
            // removal_plan_ids NULL), nobody quarantined
            assertThat(rows("select * from user_changes order by dt, account_id")).containsExactly(
                    row(day("2026-02-26"), day("2026-02-19"), "111111111111", "prod", 0L, 1L, 0L, 1L, 0L, 0L, 0L, null, 0L, 0L),
                    row(day("2026-02-26"), day("2026-02-19"), "333333333333", "shared", 0L, 0L, 0L, 0L, 0L, 0L, 0L, null, 0L, 0L),
                    row(day("2026-03-01"), day("2026-02-26"), "111111111111", "prod", 0L, 1L, 0L, 1L, 0L, 0L, 0L, null, 0L, 0L),
                    row(day("2026-03-01"), day("2026-02-26"), "333333333333", "shared", 0L, 0L, 0L, 0L, 0L, 0L, 0L, null, 0L, 0L),
                    row(day("2026-03-02"), day("2026-03-01"), "111111111111", "prod", 1L, 0L, 1L, 0L, 0L, 0L, 0L, null, 0L, 0L),
                    row(day("2026-03-02"), day("2026-03-01"), "222222222222", "team a/b", 1L, 0L, 0L, 0L, 1L, 0L, 0L, null, 0L, 0L),
                    row(day("2026-03-02"), day("2026-03-01"), "333333333333", "shared", 0L, 0L, 0L, 0L, 0L, 0L, 0L, null, 0L, 0L),
                    row(day("2026-03-02"), day("2026-03-01"), "444444444444", "shared", 0L, 0L, 0L, 0L, 0L, 0L, 0L, null, 0L, 0L),
                    row(day("2026-03-03"), day("2026-03-02"), "111111111111", "prod", 0L, 0L, 0L, 1L, 0L, 1L, 0L, null, 0L, 0L),
                    row(day("2026-03-03"), day("2026-03-02"), "222222222222", "team a/b", 0L, 0L, 0L, 0L, 0L, 0L, 0L, null, 0L, 0L),
                    row(day("2026-03-03"), day("2026-03-02"), "444444444444", "shared", 0L, 0L, 0L, 0L, 0L, 0L, 0L, null, 0L, 0L),
                    row(day("2026-03-05"), day("2026-03-03"), "111111111111", "prod", 0L, 1L, 0L, 1L, 1L, 0L, 0L, null, 0L, 0L),
                    row(day("2026-03-05"), day("2026-03-03"), "222222222222", "team a/b", 0L, 0L, 0L, 0L, 0L, 0L, 0L, null, 0L, 0L),
                    row(day("2026-03-05"), day("2026-03-02"), "333333333333", "shared", 0L, 0L, 0L, 0L, 0L, 0L, 0L, null, 0L, 0L),
                    row(day("2026-03-05"), day("2026-03-03"), "444444444444", "shared", 0L, 0L, 0L, 0L, 0L, 0L, 0L, null, 0L, 0L));
        }
    }

    @Nested
    class The_stale_credentials_view {

        @Test
        void finds_unused_and_never_used_credentials() {
            assertThat(rows("select * from stale_credentials order by dt, account_id, user_name, credential")).containsExactly(
                    row(day("2026-02-19"), "111111111111", "prod", "bob+ops=x.y@corp_z-1",
                            "arn:aws:iam::111111111111:user/engineering/bob+ops=x.y@corp_z-1", "password", "never_used",
                            ts("2025-10-01 08:00"), null, 141L),
                    row(day("2026-02-19"), "111111111111", "prod", "ci-bot", "arn:aws:iam::111111111111:user/service/ci/ci-bot",
                            "access_key_2", "never_used", ts("2025-06-01 00:00"), null, 263L),
                    row(day("2026-02-19"), "111111111111", "prod", "legacy", "arn:aws:iam::111111111111:user/legacy",
                            "password", "unused", ts("2020-07-07 07:07:07"), ts("2025-09-01 12:00"), 171L),
                    row(day("2026-02-26"), "111111111111", "prod", "bob+ops=x.y@corp_z-1",
                            "arn:aws:iam::111111111111:user/engineering/bob+ops=x.y@corp_z-1", "password", "never_used",
                            ts("2025-10-01 08:00"), null, 148L),
                    row(day("2026-02-26"), "111111111111", "prod", "ci-bot", "arn:aws:iam::111111111111:user/service/ci/ci-bot",
                            "access_key_2", "never_used", ts("2025-06-01 00:00"), null, 270L),
                    row(day("2026-02-26"), "111111111111", "prod", "legacy", "arn:aws:iam::111111111111:user/legacy",
                            "password", "unused", ts("2020-07-07 07:07:07"), ts("2025-09-01 12:00"), 178L),
                    row(day("2026-03-01"), "111111111111", "prod", "bob+ops=x.y@corp_z-1",
                            "arn:aws:iam::111111111111:user/engineering/bob+ops=x.y@corp_z-1", "password", "never_used",
                            ts("2025-10-01 08:00"), null, 151L),
                    row(day("2026-03-01"), "111111111111", "prod", "ci-bot", "arn:aws:iam::111111111111:user/service/ci/ci-bot",
                            "access_key_2", "never_used", ts("2025-06-01 00:00"), null, 273L),
                    row(day("2026-03-01"), "222222222222", "team a/b", "carol", "arn:aws:iam::222222222222:user/carol",
                            "password", "unused", ts("2022-02-02 02:02:02"), ts("2025-10-01 09:00"), 151L),
                    row(day("2026-03-02"), "111111111111", "prod", "bob+ops=x.y@corp_z-1",
                            "arn:aws:iam::111111111111:user/engineering/bob+ops=x.y@corp_z-1", "password", "never_used",
                            ts("2025-10-01 08:00"), null, 152L),
                    row(day("2026-03-02"), "111111111111", "prod", "ci-bot", "arn:aws:iam::111111111111:user/service/ci/ci-bot",
                            "access_key_2", "never_used", ts("2025-06-01 00:00"), null, 274L),
                    row(day("2026-03-02"), "222222222222", "team a/b", "carol", "arn:aws:iam::222222222222:user/carol",
                            "password", "unused", ts("2022-02-02 02:02:02"), ts("2025-10-01 09:00"), 152L),
                    row(day("2026-03-03"), "111111111111", "prod", "ci-bot", "arn:aws:iam::111111111111:user/service/ci/ci-bot",
                            "access_key_2", "never_used", ts("2025-06-01 00:00"), null, 275L),
                    row(day("2026-03-03"), "222222222222", "team a/b", "carol", "arn:aws:iam::222222222222:user/carol",
                            "password", "unused", ts("2022-02-02 02:02:02"), ts("2025-10-01 09:00"), 153L),
                    row(day("2026-03-05"), "222222222222", "team a/b", "carol", "arn:aws:iam::222222222222:user/carol",
                            "password", "unused", ts("2022-02-02 02:02:02"), ts("2025-10-01 09:00"), 155L));
        }
    }

    @Nested
    class The_goal_progress_view {

        @Test
        void measures_the_reduction_from_the_first_day_and_has_no_target_without_milestones() {
            // console users: 5 on 02-19 (baseline), 4 on 02-26, 3 on 03-05; last 7 days: 4 -> 3, 1/7 a day. The fixtures
            // have no milestones: no target, no projection, target_reached and every milestone column NULL (the
            // milestones themselves: MigrationViewsTest)
            assertThat(rows("select * from goal_progress")).containsExactly(
                    row(day("2026-02-19"), 5L, day("2026-03-05"), 3L, null, 0.4, null,
                            day("2026-02-26"), 0.1429, null, 4L, 0L, 0L, null,
                            null, null, null, null, null, null, null, null));
        }
    }

    @Nested
    class The_daily_counts_filled_view {

        @Test
        void carries_an_accounts_last_report_over_the_days_it_has_none_for_up_to_three_days() {
            // 333333333333 ("shared") reports on 02-19, 02-26, 03-01, 03-02 and 03-05: its 02-19 report fills 02-20..02-22
            // and its 03-02 report fills 03-03 and 03-04 (no account reported on 03-04)
            assertThat(rows("select dt, report_dt, carried_forward, users from daily_counts_filled "
                    + "where account_id = '333333333333' and dt between date '2026-02-19' and date '2026-02-27' order by dt"))
                    .containsExactly(
                            row(day("2026-02-19"), day("2026-02-19"), false, 1L),
                            row(day("2026-02-20"), day("2026-02-19"), true, 1L),
                            row(day("2026-02-21"), day("2026-02-19"), true, 1L),
                            row(day("2026-02-22"), day("2026-02-19"), true, 1L),
                            row(day("2026-02-26"), day("2026-02-26"), false, 1L),
                            row(day("2026-02-27"), day("2026-02-26"), true, 1L));
            assertThat(rows("select dt, report_dt, carried_forward from daily_counts_filled "
                    + "where account_id = '333333333333' and dt >= date '2026-03-02' order by dt"))
                    .containsExactly(
                            row(day("2026-03-02"), day("2026-03-02"), false),
                            row(day("2026-03-03"), day("2026-03-02"), true),
                            row(day("2026-03-04"), day("2026-03-02"), true),
                            row(day("2026-03-05"), day("2026-03-05"), false));
        }

        @Test
        void has_the_reported_rows_of_daily_counts_and_nothing_past_the_last_report_day() {
            assertThat(rows("select dt, account_id, users, console_users from daily_counts_filled where not carried_forward "
                    + "order by dt, account_id"))
                    .isEqualTo(rows("select dt, account_id, users, console_users from daily_counts order by dt, account_id"));
            assertThat(rows("select max(dt) from daily_counts_filled")).containsExactly(row(day("2026-03-05")));
        }
    }

    @Nested
    class The_named_queries {

        @Test
        void console_users_unused_90_days() {
            assertThat(athena.query("console_users_unused_90_days").rows()).containsExactly(
                    row("team a/b", "222222222222", "carol", ts("2025-10-01 09:00"), "timestamp", ts("2022-02-02 02:02:02"),
                            155L, true, 0));
        }

        @Test
        void accounts_with_most_console_users() {
            assertThat(athena.query("accounts_with_most_console_users").rows()).containsExactly(
                    row("prod", "111111111111", 1L, 1L, 3L),
                    row("shared", "333333333333", 1L, 0L, 1L),
                    row("team a/b", "222222222222", 1L, 0L, 2L));
        }

        @Test
        void access_keys_older_than_90_days() {
            assertThat(athena.query("access_keys_older_than_90_days").rows()).containsExactly(
                    row("prod", "111111111111", "ci-bot", "access_key_1", ts("2023-01-15 00:05"), 1145L, ts("2026-02-18 23:59:59")),
                    row("prod", "111111111111", "alice", "access_key_1", ts("2025-12-01 09:00"), 94L, ts("2026-02-18 12:00")));
        }

        @Test
        void users_created_last_7_days() {
            assertThat(athena.query("users_created_last_7_days").rows()).containsExactly(
                    row("team a/b", "222222222222", "dave", "arn:aws:iam::222222222222:user/dave", ts("2026-03-02 08:00"),
                            false, false, 1));
        }

        @Test
        void today_vs_7_and_14_days_ago() {
            assertThat(athena.query("today_vs_7_and_14_days_ago").rows()).containsExactly(
                    row("prod", "111111111111", 3L, 4L, 5L, 1L, 3L, 4L),
                    row("shared", "333333333333", 1L, 1L, 1L, 1L, 1L, 1L),
                    row("team a/b", "222222222222", 2L, null, null, 1L, null, null),
                    row("shared", "444444444444", 1L, null, null, 0L, null, null));
        }
    }

    @Nested
    class Partition_pruning {

        private static final List<String> FILES_OF_03_02 = List.of(
                "2026/03/02/prod@111111111111.csv", "2026/03/02/shared@333333333333.csv", "2026/03/02/shared@444444444444.csv",
                "2026/03/02/old%20team@222222222222.csv", ReportFixtures.RERUN_FILE);

        @Test
        void one_day_of_iam_users_reads_only_that_days_files() {
            QueryResult result = athena.execute("<test>", "select count(*) from iam_users where dt = date '2026-03-02'");

            assertThat(result.rows()).containsExactly(row(10L));
            assertThat(result.physicalInputBytes()).isEqualTo(ReportFixtures.sizeOf(reports, FILES_OF_03_02));
            // one split per file read: the 15 files of other days are not split at all
            assertThat(result.scanSplits()).isEqualTo(FILES_OF_03_02.size());
            assertThat(athena.execute("<test>", "select count(*) from iam_users").scanSplits())
                    .isEqualTo(allReportFiles().size());
        }

        @Test
        void one_day_of_daily_counts_reads_only_that_days_files() {
            QueryResult oneDay = athena.execute("<test>", "select * from daily_counts where dt = date '2026-03-02'");
            QueryResult allDays = athena.execute("<test>", "select * from daily_counts");

            assertThat(oneDay.rows()).hasSize(4);
            assertThat(oneDay.physicalInputBytes()).isEqualTo(ReportFixtures.sizeOf(reports, FILES_OF_03_02));
            assertThat(allDays.physicalInputBytes()).isEqualTo(ReportFixtures.sizeOf(reports, allReportFiles()));
        }

        @Test
        void explain_analyze_shows_the_projected_partition_of_the_day() {
            String plan = (String) athena.execute("<test>",
                    "explain analyze select * from console_users where dt = date '2026-03-02'").rows().getFirst().getFirst();

            assertThat(plan).contains(":: [[2026/03/02]]");
        }

        private static List<String> allReportFiles() {
            try (Stream<Path> paths = Files.walk(reports)) {
                return paths.filter(Files::isRegularFile).map(path -> reports.relativize(path).toString()).toList();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    @Nested
    class Errors {

        @Test
        void a_sql_error_names_the_file_and_the_line() {
            assertThatThrownBy(() -> athena.execute("athena-sql/queries/broken.sql", """
                    -- Which users? A broken query.
                    select user_name
                    from iam_users
                    where no_such_column = 1"""))
                    .isInstanceOf(SqlException.class)
                    .hasMessage("athena-sql/queries/broken.sql:4:7: Column 'no_such_column' cannot be resolved");
        }

        @Test
        void an_unknown_view_or_query_lists_the_shipped_ones() {
            assertThatThrownBy(() -> athena.view("no_such_view"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("no view named 'no_such_view'; views: [allowlist_entries, report_rows, checked_rows, rejected_reports, iam_users, remediation_timeline, "
                            + "remediation_status, console_users, daily_counts, daily_counts_filled, user_changes, stale_credentials, goal_progress, accounts_by_day, coverage, missing_reports, "
                            + "iam_users_by_org, allowlist_findings, allowlist_review, migration_status, owner_todo, milestone_progress, "
                            + "milestone_blockers]");
            assertThatThrownBy(() -> athena.query("no_such_query"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("no query named 'no_such_query'; queries: [console_users_unused_90_days, ");
        }
    }
}
