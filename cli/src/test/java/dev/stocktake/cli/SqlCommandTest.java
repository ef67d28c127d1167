package dev.stocktake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;


import dev.stocktake.cli.importer.HistoryFixtures;
import dev.stocktake.emulator.Emulator;
import dev.stocktake.emulator.junit.EmulatorExtension;
import dev.stocktake.report.ReportKeys;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class SqlCommandTest {

    private final CliRunner cli = new CliRunner();
    private final StringWriter out = cli.out;
    private final StringWriter err = cli.err;

    private int run(Map<String, String> env, String... args) {
        return cli.run(env, args);
    }

    /** Reports written by the real collector into the emulator's bucket, read back through the views. */
    @Nested
    @ExtendWith(EmulatorExtension.class)
    class On_collector_output {

        @Test
        void the_views_read_what_the_collector_wrote_from_a_folder_and_from_s3(Emulator emulator, @TempDir Path dir) {
            Map<String, String> env = Map.of("AWS_ENDPOINT_URL", emulator.endpoint().toString());
            assertThat(run(env, "collect", "--emulator", "--out", dir.toString())).as(err.toString()).isZero();
            Map<String, String> accountIds = accountIds(out.toString());
            String secondPayments = accountIds.keySet().stream()
                    .filter(key -> key.startsWith("payments-prd@")).findFirst().orElseThrow();
            out.getBuffer().setLength(0);

            int fromFolder = run(env, "sql", "--data", dir.toString(), "--format", "csv", "-e", """
                    select dt = current_date, account_name, user_name, user_path, is_root, has_console_access, mfa_active,
                        active_access_keys, password_last_used_state, password_never_used, access_key_1_never_used,
                        access_key_2_never_used
                    from iam_users
                    order by account_name, account_id = '%s', user_name""".formatted(accountIds.get(secondPayments)));

            assertThat(fromFolder).as(err.toString()).isZero();
            assertThat(out.toString()).isEqualTo(String.join("\r\n",
                    "_col0,account_name,user_name,user_path,is_root,has_console_access,mfa_active,active_access_keys,"
                            + "password_last_used_state,password_never_used,access_key_1_never_used,access_key_2_never_used",
                    "true,data platform/stg,dave,/,false,true,false,0,no_information,true,false,false",
                    "true,data platform/stg,etl+batch@data,/services/,false,false,false,1,not_supported,false,true,false",
                    "true,payments-prd,alice,/,false,true,true,0,no_information,true,false,false",
                    "true,payments-prd,bob,/,false,true,false,0,no_information,true,false,false",
                    "true,payments-prd,deploy-bot,/,false,false,false,2,not_supported,false,true,true",
                    "true,payments-prd,carol,/,false,true,true,0,no_information,true,false,false",
                    "true,payments-prd,legacy-etl,/,false,false,false,1,not_supported,false,true,false",
                    "true,sandbox #3,erin,/,false,true,false,0,no_information,true,false,false",
                    ""));
            out.getBuffer().setLength(0);

            int fromS3 = run(env, "sql", "--data", "s3://stocktake-reports/credential-reports/", "--format", "csv",
                    "--query", "accounts_with_most_console_users");

            assertThat(fromS3).as(err.toString()).isZero();
            assertThat(err.toString()).contains("Copied 4 report file(s) from s3://stocktake-reports/credential-reports/");
            assertThat(out.toString()).isEqualTo(String.join("\r\n",
                    "account_name,account_id,console_users,console_users_without_mfa,users",
                    "payments-prd," + accountIds.get("payments-prd") + ",2,1,3",
                    "data platform/stg," + accountIds.get("data platform/stg") + ",1,1,2",
                    "payments-prd," + accountIds.get(secondPayments) + ",1,0,2",
                    "sandbox #3," + accountIds.get("sandbox #3") + ",1,1,1",
                    ""));
        }

        /** Account name (or name@id for the second account of a name) to account ID, from collect's output. */
        private static Map<String, String> accountIds(String collectOutput) {
            Map<String, String> ids = new HashMap<>();
            Matcher matcher = Pattern.compile("account (\\d{12}) \\('([^']+)'\\)").matcher(collectOutput);
            while (matcher.find()) {
                String name = ids.containsKey(matcher.group(2)) ? matcher.group(2) + "@" + matcher.group(1) : matcher.group(2);
                ids.put(name, matcher.group(1));
            }
            assertThat(ids).as(collectOutput).hasSize(4);
            return ids;
        }
    }

    @Test
    void files_kept_out_of_every_number_are_named_on_stderr_after_the_result(@TempDir Path dir) throws IOException {
        LocalDate yesterday = LocalDate.now(ZoneOffset.UTC).minusDays(1);
        Path day = Files.createDirectories(dir.resolve(ReportKeys.datePath(yesterday)));
        Files.write(day.resolve(ReportKeys.encodeName("prod") + "@111122223333.csv"), HistoryFixtures.awsReport("111122223333"));
        // the seed's layout, without the account ID: not a report key
        Files.write(day.resolve("legacy.csv"), HistoryFixtures.awsReport("444455556666"));

        int exit = run(Map.of(), "sql", "--data", dir.toString(), "--format", "csv", "-e",
                "select account_id, count(*) as users from iam_users group by account_id");

        assertThat(exit).as(err.toString()).isZero();
        assertThat(out.toString()).isEqualTo("account_id,users\r\n111122223333,4\r\n");
        assertThat(err.toString()).isEqualTo(String.join(System.lineSeparator(),
                "stocktake sql: warning: 1 report file is kept out of every number (rejected_reports):",
                "  " + yesterday + "  " + ReportKeys.datePath(yesterday) + "legacy.csv: not a report key: expected "
                        + "YYYY/MM/DD/<percent-encoded name>@<12-digit account id>.csv",
                "  See them: ./stocktake sql --data " + dir + " --view rejected_reports", ""));
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);

        // the view itself, asked for, is not followed by the warning; with nothing rejected, nothing is said
        assertThat(run(Map.of(), "sql", "--data", dir.toString(), "--view", "rejected_reports", "-o", "csv")).isZero();
        assertThat(out.toString()).contains("legacy.csv");
        assertThat(err.toString()).isEmpty();
        Files.delete(day.resolve("legacy.csv"));
        assertThat(run(Map.of(), "sql", "--data", dir.toString(), "-e", "select count(*) from iam_users")).isZero();
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void with_a_cache_a_second_run_says_the_same_and_a_changed_day_is_checked_again(@TempDir Path dir, @TempDir Path cache)
            throws IOException {
        LocalDate yesterday = LocalDate.now(ZoneOffset.UTC).minusDays(1);
        Path day = Files.createDirectories(dir.resolve(ReportKeys.datePath(yesterday)));
        Files.write(day.resolve(ReportKeys.encodeName("prod") + "@111122223333.csv"), HistoryFixtures.awsReport("111122223333"));
        Files.write(day.resolve("legacy.csv"), HistoryFixtures.awsReport("444455556666"));
        Map<String, String> env = Map.of("STOCKTAKE_CACHE", cache.toString());
        String question = "select account_id, count(*) as users from iam_users where dt = date '" + yesterday + "' group by account_id";

        List<String> runs = new java.util.ArrayList<>();
        for (int i = 0; i < 2; i++) {
            assertThat(run(env, "sql", "--data", dir.toString(), "--format", "csv", "-e", question)).as(err.toString()).isZero();
            runs.add(out + "|" + err);
            out.getBuffer().setLength(0);
            err.getBuffer().setLength(0);
        }

        assertThat(runs.get(1)).isEqualTo(runs.get(0)).contains("111122223333,4").contains("legacy.csv: not a report key");
        try (var views = Files.list(cache.resolve("views")); var days = Files.list(cache.resolve("rejected"))) {
            assertThat(views.toList()).hasSize(1);
            assertThat(days.toList()).hasSize(1);
        }
        // the file is fixed: the day's files changed, so the day is checked again and nothing is said
        Files.delete(day.resolve("legacy.csv"));
        assertThat(run(env, "sql", "--data", dir.toString(), "--format", "csv", "-e", question)).isZero();
        assertThat(out.toString()).isEqualTo("account_id,users\r\n111122223333,4\r\n");
        assertThat(err.toString()).isEmpty();
    }

    @Nested
    class Errors {

        @Test
        void an_empty_folder_exits_1_saying_what_layout_was_expected(@TempDir Path dir) {
            int exit = run(Map.of(), "sql", "--data", dir.toString(), "--view", "daily_counts");

            assertThat(exit).isEqualTo(1);
            assertThat(err.toString()).isEqualTo("stocktake sql: no credential reports in " + dir.toAbsolutePath().normalize()
                    + ": expected a folder laid out like the bucket (YYYY/MM/DD/<account-name>@<account-id>.csv), a copy of"
                    + " the bucket (credential-reports/YYYY/MM/DD/... with accounts/, allowlist/, ... beside it), the output"
                    + " folder of ./stocktake demo (reports/credential-reports/...), or s3://bucket/prefix/"
                    + System.lineSeparator());
        }

        @Test
        void a_badly_laid_out_folder_exits_1_naming_the_stray_file(@TempDir Path dir) throws IOException {
            Files.createDirectories(dir.resolve("2026/11"));
            Files.writeString(dir.resolve("2026/11/report.csv"), "user,arn\n");

            int exit = run(Map.of(), "sql", "--data", dir.toString(), "--view", "daily_counts");

            assertThat(exit).isEqualTo(1);
            assertThat(err.toString()).contains("bad layout in " + dir.toAbsolutePath().normalize())
                    .contains("found 2026/11/report.csv");
        }

        @Test
        void a_sql_error_on_the_engine_exits_1_with_the_file_and_line(@TempDir Path dir) throws IOException {
            Path data = dir.resolve("data");
            Path day = Files.createDirectories(data.resolve(LocalDate.now(ZoneOffset.UTC).minusDays(1).toString().replace('-', '/')));
            Files.writeString(day.resolve("prod.csv"), "user,arn,user_creation_time\n"
                    + "alice,arn:aws:iam::111111111111:user/alice,2024-05-10T10:00:00+00:00");
            Path sql = Files.writeString(dir.resolve("broken.sql"), """
                    -- Which users? (a column typo on line 2: only the engine knows the view's columns)
                    select user_nam
                    from iam_users
                    """);

            int exit = run(Map.of(), "sql", "--data", data.toString(), "--file", sql.toString());

            assertThat(exit).isEqualTo(1);
            assertThat(err.toString()).startsWith("stocktake sql: " + sql + ":2:8: Column 'user_nam' cannot be resolved");
        }

        @Test
        void an_unknown_format_exits_2(@TempDir Path dir) {
            int exit = run(Map.of(), "sql", "--data", dir.toString(), "--view", "daily_counts", "--format", "xml");

            assertThat(exit).isEqualTo(2);
            assertThat(err.toString()).isEqualTo("stocktake sql: -o/--format must be table, wide, csv or json, got: xml"
                    + System.lineSeparator());
        }

        @Test
        void without_data_the_demos_folder_is_read_and_its_absence_says_what_to_do() {
            Assumptions.assumeFalse(Files.exists(Path.of("stocktake-demo")), "a demo output in the working directory");

            int exit = run(Map.of(), "sql", "--view", "daily_counts");

            assertThat(exit).isEqualTo(1);
            assertThat(err.toString()).startsWith("stocktake sql: no such folder: " + Path.of("stocktake-demo").toAbsolutePath())
                    .contains("(--data defaults to ./stocktake-demo, what ./stocktake demo writes: run the demo first,"
                            + " or give --data DIR|s3://BUCKET/PREFIX)");
        }

        @Test
        void view_query_file_and_statement_are_mutually_exclusive(@TempDir Path dir) {
            int exit = run(Map.of(), "sql", "--data", dir.toString(), "--view", "daily_counts", "-e", "select 1");

            assertThat(exit).isEqualTo(2);
            assertThat(err.toString()).contains("mutually exclusive");
        }
    }

    /** Names, syntax and flags are checked before the data is read and the engine starts: here the data does not exist. */
    @Nested
    class Checked_before_the_engine {

        private final String missing = Path.of("no-such-data-folder").toString();

        private String error(String... args) {
            String[] all = new String[args.length + 3];
            all[0] = "sql";
            all[1] = "--data";
            all[2] = missing;
            System.arraycopy(args, 0, all, 3, args.length);
            assertThat(run(Map.of(), all)).as(err.toString()).isEqualTo(2);
            return err.toString();
        }

        @Test
        void a_misspelt_view_or_query_exits_2_with_the_closest_name() {
            assertThat(error("--view", "consol_users")).isEqualTo("stocktake sql: no view named 'consol_users'; did you mean"
                    + " 'console_users'? (./stocktake sql --list lists them)" + System.lineSeparator());
            err.getBuffer().setLength(0);
            assertThat(error("--query", "accounts_with_most_console")).contains("no query named 'accounts_with_most_console';"
                    + " did you mean 'accounts_with_most_console_users'?");
        }

        @Test
        void a_query_asked_for_as_a_view_says_which_flag_to_use() {
            assertThat(error("--view", "today_vs_7_and_14_days_ago")).contains(
                    "today_vs_7_and_14_days_ago is not a view but a named query: use --query today_vs_7_and_14_days_ago");
        }

        @Test
        void a_syntax_error_exits_2_with_the_position() {
            assertThat(error("-e", "select user_name\nfrm iam_users")).startsWith(
                    "stocktake sql: <command line>:2:5: mismatched input 'iam_users'. Expecting: ");
        }

        @Test
        void an_unknown_table_in_a_file_exits_2_with_the_file_line_and_closest_name(@TempDir Path dir) throws IOException {
            Path sql = Files.writeString(dir.resolve("broken.sql"), """
                    -- Which users? (a typo on line 3)
                    select user_name
                    from iam_userz
                    """);

            assertThat(error("--file", sql.toString())).isEqualTo("stocktake sql: " + sql + ":3:6: no table or view named"
                    + " 'iam_userz'; did you mean 'iam_users'? (the views: ./stocktake sql --list)" + System.lineSeparator());
        }

        @Test
        void day_flags_are_checked() {
            assertThat(error("-e", "select 1", "--day", "2026-11-01")).contains("--day applies to --view only; in SQL, filter on dt");
            err.getBuffer().setLength(0);
            assertThat(error("--view", "console_users", "--day", "2026-11-31")).contains("--day must be a date as YYYY-MM-DD, got: 2026-11-31");
            err.getBuffer().setLength(0);
            assertThat(error("--view", "console_users", "--day", "2026-11-01", "--all-days")).contains("--day and --all-days contradict");
            err.getBuffer().setLength(0);
            assertThat(error("--view", "goal_progress", "--day", "2026-11-01")).contains("view goal_progress has no day column (dt)");
        }

        @Test
        void limit_flags_are_checked() {
            assertThat(error("--view", "console_users", "--limit", "0")).contains("--limit must be 1 or more, got: 0");
            err.getBuffer().setLength(0);
            assertThat(error("--view", "console_users", "--limit", "5", "--all")).contains("--limit and --all contradict");
        }
    }

    /**
     * The demo's output folder (reports/ beside dashboard.html) with two days of two accounts, each with two console
     * users: what a terminal shows by default, and how to see more.
     */
    @Nested
    class Output_that_fits_a_terminal {

        private final LocalDate latest = LocalDate.now(ZoneOffset.UTC).minusDays(1);
        private final LocalDate before = latest.minusDays(1);

        private Path demo(Path dir) throws IOException {
            Path demo = dir.resolve("stocktake-demo");
            for (LocalDate day : new LocalDate[] {before, latest}) {
                Path folder = Files.createDirectories(demo.resolve("reports/credential-reports").resolve(ReportKeys.datePath(day)));
                Files.write(folder.resolve("prod@111122223333.csv"), HistoryFixtures.awsReport("111122223333"));
                Files.write(folder.resolve("dev@444455556666.csv"), HistoryFixtures.awsReport("444455556666"));
            }
            Files.writeString(demo.resolve("dashboard.html"), "<html></html>");
            return demo;
        }

        private static List<String> header(String table) {
            return Arrays.stream(table.lines().findFirst().orElseThrow().split("\\|")).map(String::strip).toList();
        }

        @Test
        void a_day_based_view_shows_the_latest_day_short_columns_and_100_rows_and_says_how_to_see_more(@TempDir Path dir)
                throws IOException {
            Path demo = demo(dir);

            assertThat(run(Map.of(), "sql", "--data", demo.toString(), "--view", "console_users")).as(err.toString()).isZero();
            assertThat(header(out.toString())).containsExactly("dt", "account_name", "user_name", "mfa_active",
                    "active_access_keys", "days_since_last_activity", "allowlist_status");
            List<String> rows = out.toString().lines().skip(2).filter(line -> line.contains(" | ")).toList();
            assertThat(rows).hasSize(4).allMatch(line -> line.startsWith(latest + " | "));
            assertThat(rows.getFirst()).startsWith(latest + " | dev ").contains(" | Administrator ");
            assertThat(out.toString()).endsWith("(4 rows)" + System.lineSeparator());
            assertThat(err.toString()).isEqualTo(String.join(System.lineSeparator(),
                    "Showing " + latest + ", the latest day in " + demo + " (--day YYYY-MM-DD for another, --all-days for every day)",
                    "7 of 18 columns shown (-o wide for all)", ""));
            out.getBuffer().setLength(0);
            err.getBuffer().setLength(0);

            assertThat(run(Map.of(), "sql", "--data", demo.toString(), "--view", "console_users", "--day", before.toString(),
                    "--limit", "3", "-o", "wide")).as(err.toString()).isZero();
            assertThat(header(out.toString())).hasSize(18).startsWith("dt", "account_id", "account_name");
            assertThat(out.toString().lines().skip(2).filter(line -> line.contains(" | ")).toList())
                    .hasSize(3).allMatch(line -> line.startsWith(before + " | "));
            assertThat(err.toString()).isEqualTo("1 more row not shown (--limit N or --all to see them)" + System.lineSeparator());
            out.getBuffer().setLength(0);
            err.getBuffer().setLength(0);

            assertThat(run(Map.of(), "sql", "--data", demo.toString(), "--view", "console_users", "--all-days", "-o", "csv"))
                    .as(err.toString()).isZero();
            String[] lines = out.toString().split("\r\n");
            assertThat(lines).hasSize(9);
            assertThat(lines[0].split(",")).hasSize(18);
            assertThat(Arrays.stream(lines).skip(1).map(line -> line.substring(0, 10)).distinct())
                    .containsExactlyInAnyOrder(before.toString(), latest.toString());
            assertThat(err.toString()).isEmpty();
        }

        @Test
        void without_a_statement_the_statements_on_stdin_run_one_by_one_and_errors_do_not_stop_them(@TempDir Path dir)
                throws IOException {
            Path demo = demo(dir);
            cli.stdin = String.join("\n",
                    "\\d console_users",
                    "select count(*) as users from iam_users where dt = date '" + latest + "';",
                    "select * from iam_userz;",
                    "select account_name, count(*) as console_users",
                    "from console_users group by account_name order by 1;",
                    "");

            int exit = run(Map.of(), "sql", "--data", demo.toString());

            assertThat(exit).as(err.toString()).isEqualTo(1);
            assertThat(out.toString())
                    .contains("Which IAM users can sign in to the AWS console")
                    .contains("allowlist_expires        | date")
                    .contains("users" + System.lineSeparator() + "-----" + System.lineSeparator() + "    8")
                    .contains("dev          |             4" + System.lineSeparator() + "prod         |             4");
            assertThat(err.toString()).isEqualTo("error: <stdin>:1:15: no table or view named 'iam_userz'; did you mean"
                    + " 'iam_users'? (the views: ./stocktake sql --list)" + System.lineSeparator());
        }
    }

    @Test
    void help_gives_examples_and_no_sentence_is_cut() {
        int exit = run(Map.of(), "sql", "--help");

        assertThat(exit).isZero();
        assertThat(out.toString())
                .contains("Examples:")
                .contains("  ./stocktake sql --view console_users    # latest day, short columns")
                .contains("  echo \"select count(*) from console_users;\" | ./stocktake sql")
                .contains("views with a row\nper account or user and day show the latest day");
        assertThat(out.toString().lines()).allSatisfy(line -> assertThat(line).hasSizeLessThanOrEqualTo(80));
    }

    @Test
    void list_names_every_view_and_query_with_its_question() {
        int exit = run(Map.of(), "sql", "--list");

        assertThat(exit).isZero();
        assertThat(out.toString())
                .contains("Views (--view NAME):")
                .contains("  daily_counts ")
                .contains("  goal_progress ")
                .contains("Named queries (--query NAME):")
                .contains("  today_vs_7_and_14_days_ago ")
                .contains("How far are we on the next milestone of console-capable IAM users, and when will we get there at the recent pace?")
                .contains("  migration_status ")
                .contains("  owner_todo ");
    }
}
