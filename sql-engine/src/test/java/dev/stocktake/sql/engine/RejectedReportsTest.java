package dev.stocktake.sql.engine;

import static dev.stocktake.sql.engine.ReportFixtures.day;
import static dev.stocktake.sql.engine.ReportFixtures.row;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stocktake.sql.catalog.SqlCatalog;
import dev.stocktake.sql.catalog.SqlFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Issue 15, items 3 and 9: reports in AWS's real format (the {@code fixtures/trust/real-world} files: recorded reports
 * other projects publish, moto's generator, the AWS documentation's example) and each malformed case as its own file
 * (the {@code fixtures/trust/malformed} files, derived from {@code good-report.csv}), read through the shipped views.
 *
 * <p>Layout: every day folder of 2026-09-01..30 holds the same two good reports, {@code prod@111111111111.csv}
 * ({@code good-report.csv}) and {@code sandbox@619193117841.csv} (a recorded real report), plus the one case of that
 * day. For every case the test asserts the exact {@code rejected_reports} rows of its day (none when the file is
 * accepted), that the file adds nothing to {@code iam_users} when rejected (or exactly its numbers when accepted), that
 * the two good accounts' {@code daily_counts} rows of that day are exactly what they are on the control day, and that
 * the per-day queries over {@code iam_users}, {@code daily_counts}, {@code console_users}, {@code stale_credentials}
 * and {@code user_changes} of that day answer. Account IDs are unique per case (2000000000DD for the derived case
 * of day DD; 31 and 32 for the leading dot and underscore of day 26), so the carry-forward of an accepted case never
 * lands on another case's account. The case of 2026-09-17 (a nested key) has its own folder and engine.
 *
 * <p>Reasons and columns are the contract of the lead ({@code rejected_reports}: dt, source_file, account_id,
 * account_name, reason, bad_rows, example_bad_user).
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class RejectedReportsTest {

    static final String NOT_A_REPORT_KEY =
            "not a report key: expected YYYY/MM/DD/<percent-encoded name>@<12-digit account id>.csv";
    static final String PROD = "111111111111";
    static final String SANDBOX = "619193117841";
    static final String FIXTURES = "dev/stocktake/sql/fixtures/trust/";
    static final String GOOD = "malformed/good-report.csv";
    static final String SANDBOX_REPORT = "real-world/c7n-619193117841-2016-11-25.csv";
    static final int LAST_DAY = 30;

    /** Columns of {@code iam_users} that say what a report says of a user (no account, ARN or file). */
    static final String USER_COLUMNS = "user_name, user_path, is_root, user_created_at, has_console_access, "
            + "password_last_used, password_last_used_state, password_last_changed, password_last_changed_state, "
            + "password_next_rotation, password_next_rotation_state, mfa_active, "
            + "access_key_1_exists, access_key_1_active, access_key_1_last_rotated, access_key_1_last_rotated_state, "
            + "access_key_1_last_used, access_key_1_last_used_state, access_key_1_last_used_region, "
            + "access_key_1_last_used_service, "
            + "access_key_2_exists, access_key_2_active, access_key_2_last_rotated, access_key_2_last_rotated_state, "
            + "access_key_2_last_used, access_key_2_last_used_state, access_key_2_last_used_region, "
            + "access_key_2_last_used_service, "
            + "active_access_keys, password_never_used, access_key_1_never_used, access_key_2_never_used, never_used, "
            + "last_activity, days_since_last_activity";

    /** The users of the good report (and of every case that must read the same), in user_name order. */
    static final List<String> GOOD_USERS = List.of("<root_account>", "alice", "bob+ops=x.y@corp_z-1", "ci-bot", "dana",
            "erin", "svc,legacy");

    @TempDir
    static Path reports;

    static LocalAthena athena;

    @BeforeAll
    static void start() {
        for (int dayOfMonth = 1; dayOfMonth <= LAST_DAY; dayOfMonth++) {
            writeControls(reports, dayOfMonth); // (the case of 2026-09-17, a nested key, has its own folder)
        }
        // real-world reports
        put(reports, 2, "moto@123456789012.csv", "real-world/moto-5.2.1.csv");
        put(reports, 3, "c7n-noop@644160558196.csv", "real-world/c7n-644160558196-2021-02-04.csv");
        put(reports, 4, "c7n-upper@123456789012.csv", "real-world/c7n-123456789012-2020-04-02.csv");
        put(reports, 5, "c7n-kapil@644160558196.csv", "real-world/c7n-644160558196-2018-12-02.csv");
        put(reports, 6, "c7n-2016@644160558196.csv", "real-world/c7n-644160558196-2016-11-25.csv");
        put(reports, 7, "moto-comma@123456789012.csv", "real-world/moto-5.2.1-comma-in-user-name.csv");
        put(reports, 11, "aws-doc@123456789012.csv", "real-world/aws-doc-powershell-2015.csv");
        // malformed cases derived from the good report
        put(reports, 8, "reordered@200000000008.csv", "malformed/reordered-columns.csv");
        put(reports, 9, "inserted@200000000009.csv", "malformed/column-inserted.csv");
        put(reports, 10, "appended@200000000010.csv", "malformed/column-appended.csv");
        put(reports, 12, "cut-row@200000000012.csv", "malformed/cut-inside-row.csv");
        put(reports, 13, "cut-quoted@200000000013.csv", "malformed/cut-inside-quoted-field.csv");
        put(reports, 14, "header-only@200000000014.csv", "malformed/header-only.csv");
        put(reports, 15, "empty@200000000015.csv", "malformed/empty.csv");
        put(reports, 16, "50%off.csv", "malformed/stray-all-console.csv");
        put(reports, 18, "prod.csv", GOOD);
        put(reports, 19, "upper@200000000019.csv", "malformed/upper-case-booleans.csv");
        put(reports, 20, "dup@200000000020.csv", "malformed/duplicate-base.csv");
        put(reports, 21, "dup@200000000020.csv", "malformed/duplicate-identical.csv");
        put(reports, 22, "dup-diff@200000000022.csv", "malformed/duplicate-different.csv");
        put(reports, 23, "bad-time@200000000023.csv", "malformed/unparsable-timestamp.csv");
        put(reports, 24, "mallory@666666666666.csv", GOOD);
        put(reports, 25, "twin@200000000025.csv", "malformed/good-report-200000000025.csv");
        put(reports, 25, "twin@200000000026.csv", "malformed/good-report-200000000026.csv");
        put(reports, 26, "%2Edotted@200000000031.csv", "malformed/good-report-200000000031.csv");
        put(reports, 26, "%5Funder@200000000032.csv", "malformed/good-report-200000000032.csv");
        put(reports, 27, "no-header@200000000027.csv", "malformed/no-header.csv");
        put(reports, 28, "two-headers@200000000028.csv", "malformed/two-headers.csv");
        put(reports, 29, "twice@200000000029.csv", "malformed/column-named-twice.csv");
        // renamed between two runs of the day: the later key in key order (beta) is used
        put(reports, 30, "alpha@200000000030.csv", "malformed/good-report-200000000030.csv");
        put(reports, 30, "beta@200000000030.csv", "malformed/good-report-200000000030.csv");
        athena = LocalAthena.start(reports);
    }

    @AfterAll
    static void stop() {
        if (athena != null) {
            athena.close();
        }
    }

    /** The two good reports every day folder holds. */
    static void writeControls(Path root, int dayOfMonth) {
        put(root, dayOfMonth, "prod@" + PROD + ".csv", GOOD);
        put(root, dayOfMonth, "sandbox@" + SANDBOX + ".csv", SANDBOX_REPORT);
    }

    /** Copies a fixture, byte for byte, to {@code 2026/09/<day>/<file>} under {@code root}. */
    static void put(Path root, int dayOfMonth, String file, String fixture) {
        put(root, String.format("2026/09/%02d/%s", dayOfMonth, file), fixture);
    }

    static void put(Path root, String relative, String fixture) {
        try (InputStream in = Objects.requireNonNull(ReportFixtures.open(FIXTURES + fixture), "missing fixture " + fixture)) {
            Path target = root.resolve(relative);
            Files.createDirectories(target.getParent());
            Files.write(target, in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String dayOf(int dayOfMonth) {
        return String.format("2026-09-%02d", dayOfMonth);
    }

    static String file(Path root, String relative) {
        return "local://" + root.toAbsolutePath().normalize() + "/" + relative;
    }

    static String file(int dayOfMonth, String name) {
        return file(reports, String.format("2026/09/%02d/%s", dayOfMonth, name));
    }

    static List<List<Object>> rows(LocalAthena engine, String sql) {
        return engine.execute("<test>", sql).rows();
    }

    static List<List<Object>> rows(String sql) {
        return rows(athena, sql);
    }

    /**
     * One {@code daily_counts} row of an account's own report of that day. (Only the counts: whether carried-forward
     * rows live in daily_counts or in a view beside it does not matter here, as no account asserted on is carried.)
     */
    static List<Object> counts(int dayOfMonth, String accountId, String accountName, long users, long consoleUsers,
                               long consoleUsersWithoutMfa, long usersWithActiveKey, long keysOlderThan90Days,
                               long usersInactiveOver90Days) {
        return row(day(dayOf(dayOfMonth)), accountId, accountName, users, consoleUsers, consoleUsersWithoutMfa,
                usersWithActiveKey, keysOlderThan90Days, usersInactiveOver90Days);
    }

    static List<List<Object>> dailyCounts(LocalAthena engine, int dayOfMonth, String... accountIds) {
        return rows(engine, "select dt, account_id, account_name, users, console_users, console_users_without_mfa, "
                + "users_with_active_key, keys_older_than_90_days, users_inactive_over_90_days "
                + "from daily_counts where dt = date '" + dayOf(dayOfMonth) + "' and account_id in ('"
                + String.join("', '", accountIds) + "') order by account_id, account_name");
    }

    /**
     * The good accounts' rows, the same on every day of September (all their activity and key rotations lie more
     * than 90 days back, except erin's console sign-in of 2026-08-20, less than 90 days back all month).
     */
    static List<List<Object>> controls(int dayOfMonth) {
        return List.of(
                counts(dayOfMonth, PROD, "prod", 6, 3, 1, 3, 4, 5),
                counts(dayOfMonth, SANDBOX, "sandbox", 7, 1, 1, 7, 7, 7));
    }

    static List<List<Object>> rejected(LocalAthena engine, int dayOfMonth) {
        return rows(engine, "select dt, source_file, account_id, account_name, reason, bad_rows, example_bad_user "
                + "from rejected_reports where dt = date '" + dayOf(dayOfMonth) + "' order by source_file");
    }

    static List<Object> rejectedRow(int dayOfMonth, String sourceFile, String accountId, String accountName,
                                    String reason, long badRows, String exampleBadUser) {
        return row(day(dayOf(dayOfMonth)), sourceFile, accountId, accountName, reason, badRows, exampleBadUser);
    }

    static List<List<Object>> users(int dayOfMonth, String accountId) {
        return rows("select " + USER_COLUMNS + " from iam_users where dt = date '" + dayOf(dayOfMonth)
                + "' and account_id = '" + accountId + "' order by user_name");
    }

    /** Every per-day query of the views over iam_users answers (a bad file must never make one fail). */
    static void dayQueriesAnswer(LocalAthena engine, int dayOfMonth) {
        String dt = "date '" + dayOf(dayOfMonth) + "'";
        for (String view : List.of("iam_users", "daily_counts", "console_users", "stale_credentials", "user_changes")) {
            QueryResult result = engine.execute("<test>", "select * from " + view + " where dt = " + dt);
            assertThat(result.columns()).as(view).isNotEmpty();
        }
    }

    /** The common checks of a rejected file: the other accounts' numbers, no row from it, the day's queries. */
    static void keptOut(int dayOfMonth, String name) {
        assertThat(rows("select count(*) from iam_users where dt = date '" + dayOf(dayOfMonth) + "' and source_file = '"
                + file(dayOfMonth, name) + "'"))
                .containsExactly(row(0L));
        assertThat(dailyCounts(athena, dayOfMonth, PROD, SANDBOX)).isEqualTo(controls(dayOfMonth));
        dayQueriesAnswer(athena, dayOfMonth);
    }

    /** The common checks of an accepted file: nothing rejected that day, the other accounts' numbers, the queries. */
    static void accepted(int dayOfMonth) {
        assertThat(rejected(athena, dayOfMonth)).isEmpty();
        assertThat(dailyCounts(athena, dayOfMonth, PROD, SANDBOX)).isEqualTo(controls(dayOfMonth));
        dayQueriesAnswer(athena, dayOfMonth);
    }

    @Nested
    class The_control_day {

        @Test
        void has_the_two_good_reports_and_nothing_rejected() {
            assertThat(rejected(athena, 1)).isEmpty();
            assertThat(dailyCounts(athena, 1, PROD, SANDBOX)).isEqualTo(controls(1));
            assertThat(rows("select account_id, count(*) from iam_users where dt = date '2026-09-01' "
                    + "group by account_id order by account_id"))
                    .containsExactly(row(PROD, 7L), row(SANDBOX, 8L));
        }

        @Test
        void reads_the_good_report_by_name_with_its_paths_quoted_name_and_sentinels() {
            assertThat(rows("""
                    select user_name, arn, user_path, is_root, has_console_access, password_last_used_state, mfa_active,
                        access_key_1_active, access_key_1_last_used_state, access_key_1_last_used_region,
                        access_key_2_active, access_key_2_last_used_state
                    from iam_users where dt = date '2026-09-01' and account_id = '111111111111' order by user_name"""))
                    .containsExactly(
                            row("<root_account>", "arn:aws:iam::111111111111:root", null, true, null, "timestamp", true,
                                    false, "N/A", null, false, "N/A"),
                            row("alice", "arn:aws:iam::111111111111:user/alice", "/", false, true, "timestamp", true,
                                    true, "timestamp", "eu-west-1", false, "N/A"),
                            row("bob+ops=x.y@corp_z-1", "arn:aws:iam::111111111111:user/engineering/bob+ops=x.y@corp_z-1",
                                    "/engineering/", false, true, "no_information", false, false, "N/A", null, false, "N/A"),
                            row("ci-bot", "arn:aws:iam::111111111111:user/service/ci/ci-bot", "/service/ci/", false, false,
                                    "N/A", false, true, "timestamp", "us-east-1", true, "N/A"),
                            row("dana", "arn:aws:iam::111111111111:user/dana", "/", false, false, "N/A", false, true, "N/A",
                                    null, false, "N/A"),
                            row("erin", "arn:aws:iam::111111111111:user/erin", "/", false, true, "timestamp", true, false,
                                    "N/A", null, false, "N/A"),
                            row("svc,legacy", "arn:aws:iam::111111111111:user/svc,legacy", "/", false, false, "N/A",
                                    false, false, "timestamp", "us-west-2", false, "N/A"));
        }

        @Test
        void reads_the_recorded_sandbox_report_with_its_root_row_and_mixed_case_names() {
            assertThat(rows("""
                    select user_name, is_root, has_console_access, password_last_used_state, access_key_1_active,
                        access_key_1_last_used_state, access_key_1_last_used_region, access_key_1_last_used_service,
                        access_key_2_exists
                    from iam_users where dt = date '2026-09-01' and account_id = '619193117841' order by user_name"""))
                    .containsExactly(
                            row("<root_account>", true, null, "timestamp", true, "timestamp", "us-east-1", "s3", true),
                            row("Hazmat", false, false, "N/A", true, "N/A", null, null, false),
                            row("charmworld", false, false, "N/A", true, "N/A", null, null, false),
                            row("kaleb", false, true, "no_information", true, "N/A", null, null, false),
                            row("kapilt", false, false, "N/A", true, "N/A", null, null, false),
                            row("rome", false, false, "N/A", true, "timestamp", "us-east-1", "iam", false),
                            row("syracuse", false, false, "N/A", true, "timestamp", null, "s3", false),
                            row("tyre", false, false, "N/A", true, "timestamp", "us-east-1", "iam", false));
        }
    }

    @Nested
    class Real_world_reports {

        @Test
        void motos_report_without_a_root_row_and_with_not_supported_regions_is_accepted() {
            accepted(2);
            assertThat(dailyCounts(athena, 2, "123456789012")).containsExactly(
                    // its users and keys were created on 2026-12-03, after the report day: no age over 90 days
                    counts(2, "123456789012", "moto", 4, 1, 1, 1, 0, 0));
            assertThat(rows("""
                    select user_name, user_path, has_console_access, password_last_used_state, access_key_1_exists,
                        access_key_1_active, access_key_1_last_used_region, access_key_1_last_used_service,
                        access_key_2_active
                    from iam_users where dt = date '2026-09-02' and account_id = '123456789012' order by user_name"""))
                    .containsExactly(
                            row("alice", "/", true, "no_information", false, false, null, null, false),
                            row("bob+ops=x.y@corp_z-1", "/engineering/", false, "not_supported", true, false, null, null,
                                    false),
                            row("ci-bot", "/service/ci/", false, "not_supported", true, true, null, null, true),
                            row("dormant", "/", false, "not_supported", false, false, null, null, false));
        }

        @Test
        void a_recorded_report_with_no_information_on_the_root_row_is_accepted() {
            accepted(3);
            assertThat(dailyCounts(athena, 3, "644160558196")).containsExactly(
                    counts(3, "644160558196", "c7n-noop", 1, 0, 0, 1, 0, 1));
            assertThat(rows("""
                    select user_name, is_root, password_last_used_state, mfa_active, access_key_1_exists,
                        access_key_1_active, access_key_2_active
                    from iam_users where dt = date '2026-09-03' and account_id = '644160558196' order by user_name"""))
                    .containsExactly(
                            row("<root_account>", true, "no_information", false, false, false, false),
                            row("test1", false, "N/A", false, true, false, true));
        }

        @Test
        void a_recorded_report_with_upper_case_booleans_is_accepted_and_counted_right() {
            accepted(4);
            assertThat(dailyCounts(athena, 4, "123456789012")).containsExactly(
                    counts(4, "123456789012", "c7n-upper", 1, 0, 0, 1, 1, 1));
            assertThat(rows("""
                    select user_name, has_console_access, mfa_active, access_key_1_active, access_key_2_active,
                        active_access_keys
                    from iam_users where dt = date '2026-09-04' and account_id = '123456789012'"""))
                    .containsExactly(row("zscholl", false, false, true, true, 2));
        }

        @Test
        void a_recorded_report_without_a_root_row_ending_in_a_newline_is_accepted() {
            accepted(5);
            assertThat(dailyCounts(athena, 5, "644160558196")).containsExactly(
                    counts(5, "644160558196", "c7n-kapil", 1, 1, 1, 1, 2, 1));
            assertThat(rows("select user_name from iam_users where dt = date '2026-09-05' and account_id = '644160558196'"))
                    .containsExactly(row("kapil"));
        }

        @Test
        void a_recorded_report_listing_a_user_twice_with_different_values_is_rejected() {
            assertThat(rejected(athena, 6)).containsExactly(rejectedRow(6, file(6, "c7n-2016@644160558196.csv"),
                    "644160558196", "c7n-2016", "user listed twice with different values", 2, "christopher"));
            keptOut(6, "c7n-2016@644160558196.csv");
        }

        @Test
        void motos_report_with_an_unquoted_comma_in_a_user_name_is_rejected() {
            assertThat(rejected(athena, 7)).containsExactly(rejectedRow(7, file(7, "moto-comma@123456789012.csv"),
                    "123456789012", "moto-comma", "row of 24 fields where the header has 22", 1, "bob+ops=x"));
            keptOut(7, "moto-comma@123456789012.csv");
        }

        @Test
        void the_aws_documentations_pre_2015_layout_is_rejected_naming_the_missing_columns() {
            assertThat(rejected(athena, 11)).containsExactly(rejectedRow(11, file(11, "aws-doc@123456789012.csv"),
                    "123456789012", "aws-doc",
                    "header lacks column(s): access_key_1_last_used_date, access_key_1_last_used_region, "
                            + "access_key_1_last_used_service, access_key_2_last_used_date, access_key_2_last_used_region, "
                            + "access_key_2_last_used_service",
                    0, null));
            keptOut(11, "aws-doc@123456789012.csv");
        }
    }

    @Nested
    class Columns_are_read_by_name {

        @Test
        void reordered_columns_are_accepted_with_the_same_numbers() {
            accepted(8);
            assertThat(dailyCounts(athena, 8, "200000000008")).containsExactly(
                    counts(8, "200000000008", "reordered", 6, 3, 1, 3, 4, 5));
            assertThat(users(8, "200000000008")).isEqualTo(users(8, PROD)).hasSize(GOOD_USERS.size());
        }

        @Test
        void a_column_inserted_in_the_middle_is_ignored() {
            accepted(9);
            assertThat(dailyCounts(athena, 9, "200000000009")).containsExactly(
                    counts(9, "200000000009", "inserted", 6, 3, 1, 3, 4, 5));
            assertThat(users(9, "200000000009")).isEqualTo(users(9, PROD)).hasSize(GOOD_USERS.size());
        }

        @Test
        void a_column_appended_at_the_end_is_ignored() {
            accepted(10);
            assertThat(dailyCounts(athena, 10, "200000000010")).containsExactly(
                    counts(10, "200000000010", "appended", 6, 3, 1, 3, 4, 5));
            assertThat(users(10, "200000000010")).isEqualTo(users(10, PROD)).hasSize(GOOD_USERS.size());
        }

        @Test
        void upper_case_booleans_are_accepted_and_counted_right() {
            accepted(19);
            assertThat(dailyCounts(athena, 19, "200000000019")).containsExactly(
                    counts(19, "200000000019", "upper", 6, 3, 1, 3, 4, 5));
            assertThat(users(19, "200000000019")).isEqualTo(users(19, PROD)).hasSize(GOOD_USERS.size());
        }
    }

    @Nested
    class Broken_files_are_kept_out {

        @Test
        void a_file_cut_inside_a_row_is_rejected() {
            assertThat(rejected(athena, 12)).containsExactly(rejectedRow(12, file(12, "cut-row@200000000012.csv"),
                    "200000000012", "cut-row", "row of 5 fields where the header has 22", 1, "erin"));
            keptOut(12, "cut-row@200000000012.csv");
        }

        @Test
        void a_file_cut_inside_a_quoted_field_is_rejected() {
            // the engine's CSV reader keeps the fields before the unterminated quote: "svc,legacy" and nothing else
            assertThat(rejected(athena, 13)).containsExactly(rejectedRow(13, file(13, "cut-quoted@200000000013.csv"),
                    "200000000013", "cut-quoted", "row of 1 fields where the header has 22", 1, "svc,legacy"));
            keptOut(13, "cut-quoted@200000000013.csv");
        }

        @Test
        void a_header_without_rows_is_rejected() {
            assertThat(rejected(athena, 14)).containsExactly(rejectedRow(14, file(14, "header-only@200000000014.csv"),
                    "200000000014", "header-only", "no rows after the header", 0, null));
            keptOut(14, "header-only@200000000014.csv");
        }

        @Test
        void an_empty_file_breaks_nothing_and_its_account_has_no_numbers() {
            // SQL sees a file only through its lines: an empty object has none, so no view can list it (the views say
            // so: its account counts as not reported that day, never as zero users)
            assertThat(rejected(athena, 15)).isEmpty();
            keptOut(15, "empty@200000000015.csv");
            assertThat(dailyCounts(athena, 15, "200000000015")).isEmpty();
        }

        @Test
        void rows_without_a_header_are_rejected() {
            assertThat(rejected(athena, 27)).containsExactly(rejectedRow(27, file(27, "no-header@200000000027.csv"),
                    "200000000027", "no-header", "no header row", 0, null));
            keptOut(27, "no-header@200000000027.csv");
        }

        @Test
        void two_reports_in_one_file_are_rejected() {
            assertThat(rejected(athena, 28)).containsExactly(rejectedRow(28, file(28, "two-headers@200000000028.csv"),
                    "200000000028", "two-headers", "more than one header row", 0, null));
            keptOut(28, "two-headers@200000000028.csv");
        }

        @Test
        void a_header_naming_a_column_twice_is_rejected() {
            assertThat(rejected(athena, 29)).containsExactly(rejectedRow(29, file(29, "twice@200000000029.csv"),
                    "200000000029", "twice", "header names column mfa_active more than once", 0, null));
            keptOut(29, "twice@200000000029.csv");
        }

        @Test
        void a_user_listed_twice_with_different_values_is_rejected() {
            assertThat(rejected(athena, 22)).containsExactly(rejectedRow(22, file(22, "dup-diff@200000000022.csv"),
                    "200000000022", "dup-diff", "user listed twice with different values", 2, "alice"));
            keptOut(22, "dup-diff@200000000022.csv");
        }

        @Test
        void an_unparsable_timestamp_is_rejected_without_showing_the_value() {
            assertThat(rejected(athena, 23)).containsExactly(rejectedRow(23, file(23, "bad-time@200000000023.csv"),
                    "200000000023", "bad-time", "unparsable password_last_used value", 1, "alice"));
            keptOut(23, "bad-time@200000000023.csv");
        }

        @Test
        void a_forged_file_with_another_accounts_arns_is_rejected_and_changes_nothing_of_that_account() {
            List<List<Object>> rejected = rejected(athena, 24);
            assertThat(rejected).hasSize(1);
            List<Object> row = new ArrayList<>(rejected.getFirst());
            // "the user cell of one failing row": every row of the forged file fails, any of them may be named
            assertThat(row.get(6)).isIn(GOOD_USERS.toArray());
            row.set(6, null);
            assertThat(row).isEqualTo(rejectedRow(24, file(24, "mallory@666666666666.csv"), "666666666666", "mallory",
                    "ARN of account 111111111111 in the report of account 666666666666", GOOD_USERS.size(), null));
            keptOut(24, "mallory@666666666666.csv");
            assertThat(rows("select distinct source_file from iam_users where dt = date '2026-09-24' "
                    + "and account_id in ('111111111111', '666666666666')"))
                    .containsExactly(row(file(24, "prod@111111111111.csv")));
            assertThat(dailyCounts(athena, 24, "666666666666")).isEmpty();
        }
    }

    @Nested
    class Keys {

        @Test
        void a_percent_sign_in_a_file_name_is_not_a_report_key() {
            assertThat(rejected(athena, 16)).containsExactly(
                    rejectedRow(16, file(16, "50%off.csv"), null, null, NOT_A_REPORT_KEY, 0, null));
            keptOut(16, "50%off.csv");
        }

        @Test
        void a_legacy_key_without_the_account_id_is_not_a_report_key_and_adds_nothing_to_that_account() {
            assertThat(rejected(athena, 18)).containsExactly(
                    rejectedRow(18, file(18, "prod.csv"), null, null, NOT_A_REPORT_KEY, 0, null));
            keptOut(18, "prod.csv");
            assertThat(rows("select count(*) from iam_users where dt = date '2026-09-18' and account_id = '111111111111'"))
                    .containsExactly(row((long) GOOD_USERS.size()));
        }

        @Test
        void two_keys_of_one_account_on_one_day_count_once_the_later_key_in_key_order_used() {
            assertThat(rejected(athena, 30)).containsExactly(rejectedRow(30, file(30, "alpha@200000000030.csv"),
                    "200000000030", "alpha", "another report of account 200000000030 on this day is used: "
                            + "beta@200000000030.csv", 0, null));
            keptOut(30, "alpha@200000000030.csv");
            assertThat(dailyCounts(athena, 30, "200000000030")).containsExactly(
                    counts(30, "200000000030", "beta", 6, 3, 1, 3, 4, 5));
        }

        @Test
        void two_accounts_of_the_same_name_are_both_counted() {
            accepted(25);
            assertThat(dailyCounts(athena, 25, "200000000025", "200000000026")).containsExactly(
                    counts(25, "200000000025", "twin", 6, 3, 1, 3, 4, 5),
                    counts(25, "200000000026", "twin", 6, 3, 1, 3, 4, 5));
        }

        @Test
        void a_name_with_a_leading_dot_or_underscore_is_read_and_decoded() {
            accepted(26);
            assertThat(dailyCounts(athena, 26, "200000000031", "200000000032")).containsExactly(
                    counts(26, "200000000031", ".dotted", 6, 3, 1, 3, 4, 5),
                    counts(26, "200000000032", "_under", 6, 3, 1, 3, 4, 5));
        }
    }

    @Nested
    class Duplicates {

        @Test
        void a_user_listed_twice_identically_counts_once() {
            accepted(21);
            assertThat(dailyCounts(athena, 21, "200000000020")).containsExactly(
                    counts(21, "200000000020", "dup", 6, 3, 1, 3, 4, 5));
            assertThat(users(21, "200000000020")).isEqualTo(users(21, PROD)).hasSize(GOOD_USERS.size());
        }

        @Test
        void a_user_listed_twice_identically_invents_no_change() {
            accepted(20);
            assertThat(rows("""
                    select dt, previous_dt, account_id, account_name, users_added, users_removed, console_access_granted,
                        console_access_removed, access_keys_added, mfa_removed
                    from user_changes where account_id = '200000000020' and dt = date '2026-09-21'"""))
                    .containsExactly(row(day("2026-09-21"), day("2026-09-20"), "200000000020", "dup",
                            0L, 0L, 0L, 0L, 0L, 0L));
        }
    }

    @Nested
    class The_whole_folder {

        @Test
        void every_view_answers_over_every_day_with_all_the_bad_files_in_place() {
            List<String> failures = new ArrayList<>();
            for (SqlFile view : SqlCatalog.shipped().views()) {
                try {
                    athena.execute(view.path(), "select * from " + view.name());
                } catch (SqlException e) {
                    failures.add(view.name() + ": " + e.getMessage());
                }
            }
            assertThat(failures).isEmpty();
        }

        @Test
        void lists_exactly_the_rejected_files_of_every_day() {
            assertThat(rows("select dt, source_file from rejected_reports order by dt, source_file"))
                    .extracting(r -> r.get(0) + " " + r.get(1).toString().substring(file(reports, "").length()))
                    .containsExactly(
                            "2026-09-06 2026/09/06/c7n-2016@644160558196.csv",
                            "2026-09-07 2026/09/07/moto-comma@123456789012.csv",
                            "2026-09-11 2026/09/11/aws-doc@123456789012.csv",
                            "2026-09-12 2026/09/12/cut-row@200000000012.csv",
                            "2026-09-13 2026/09/13/cut-quoted@200000000013.csv",
                            "2026-09-14 2026/09/14/header-only@200000000014.csv",
                            "2026-09-16 2026/09/16/50%off.csv",
                            "2026-09-18 2026/09/18/prod.csv",
                            "2026-09-22 2026/09/22/dup-diff@200000000022.csv",
                            "2026-09-23 2026/09/23/bad-time@200000000023.csv",
                            "2026-09-24 2026/09/24/mallory@666666666666.csv",
                            "2026-09-27 2026/09/27/no-header@200000000027.csv",
                            "2026-09-28 2026/09/28/two-headers@200000000028.csv",
                            "2026-09-29 2026/09/29/twice@200000000029.csv",
                            "2026-09-30 2026/09/30/alpha@200000000030.csv");
        }

        @Test
        void the_good_accounts_have_the_same_numbers_on_every_day() {
            List<List<Object>> expected = new ArrayList<>();
            for (int dayOfMonth = 1; dayOfMonth <= LAST_DAY; dayOfMonth++) {
                expected.addAll(controls(dayOfMonth));
            }
            assertThat(rows("select dt, account_id, account_name, users, console_users, console_users_without_mfa, "
                    + "users_with_active_key, keys_older_than_90_days, users_inactive_over_90_days from daily_counts "
                    + "where account_id in ('111111111111', '619193117841') order by dt, account_id"))
                    .isEqualTo(expected);
        }
    }

    /**
     * A report in a folder below a day folder: not a report key. Athena reads every object under a table's (here:
     * a projected partition's) location, nested "folders" included, so the views must see it and list it; the local
     * engine must read the folder as Athena does. (Its own engine: the folder layout differs.)
     */
    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class Nested_key {

        Path folder;

        LocalAthena engine;

        @BeforeAll
        void start(@TempDir Path folder) {
            this.folder = folder;
            writeControls(folder, 17);
            put(folder, "2026/09/17/extra/prod@111111111111.csv", "malformed/stray-all-console.csv");
            engine = LocalAthena.start(folder);
        }

        @AfterAll
        void stop() {
            if (engine != null) {
                engine.close();
            }
        }

        @Test
        void is_not_a_report_key_and_changes_no_numbers() {
            assertThat(rejected(engine, 17)).containsExactly(rejectedRow(17,
                    file(folder, "2026/09/17/extra/prod@111111111111.csv"), null, null, NOT_A_REPORT_KEY, 0, null));
            assertThat(dailyCounts(engine, 17, PROD, SANDBOX)).isEqualTo(controls(17));
            dayQueriesAnswer(engine, 17);
        }
    }

    /** The controls' expectations are about the good report: make sure the fixture says what they assume. */
    @Test
    void the_good_report_lists_the_expected_users() throws IOException {
        try (InputStream in = ReportFixtures.open(FIXTURES + GOOD)) {
            String text = new String(Objects.requireNonNull(in).readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(text).doesNotEndWith("\n");
            assertThat(text.lines().skip(1).map(line -> line.startsWith("\"") ? line.substring(1, line.indexOf("\",")) :
                    line.substring(0, line.indexOf(','))).sorted().toList()).isEqualTo(GOOD_USERS);
        }
        assertThat(Set.copyOf(GOOD_USERS)).hasSize(GOOD_USERS.size());
    }
}
