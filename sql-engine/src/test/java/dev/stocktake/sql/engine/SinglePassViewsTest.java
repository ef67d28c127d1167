package dev.stocktake.sql.engine;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rewritten {@code daily_counts}, {@code user_changes}, {@code stale_credentials} and {@code goal_progress} read
 * the reports once, prune to the filtered days, and return exactly the rows of the views they replace (kept in
 * {@code src/test/resources/dev/stocktake/sql/bench/baseline}, created here as {@code <name>_before}).
 *
 * <p>The reports are generated with churn every day (fixed seed): 4 accounts over 20 days, two with a root row and two
 * without, days missing per account, users leaving and coming back, console access and MFA switched on and off, keys
 * created, rotated and moved between the two key slots, and renamed accounts (a second report of the same account
 * and day under another name, which must lose).
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class SinglePassViewsTest {

    static final LocalDate FIRST_DAY = LocalDate.of(2026, 1, 1);
    static final int DAYS = 20;
    static final List<String> REWRITTEN = List.of("daily_counts", "user_changes", "stale_credentials", "goal_progress");

    @TempDir
    static Path reports;

    static LocalAthena athena;

    @BeforeAll
    static void start() {
        ChurnReports.write(reports);
        athena = LocalAthena.start(reports);
        for (String view : REWRITTEN) {
            athena.execute("baseline/" + view + ".sql", before(baseline(view)));
        }
    }

    @AfterAll
    static void stop() {
        if (athena != null) {
            athena.close();
        }
    }

    /** The baseline view's text, from the bench resources. */
    static String baseline(String view) {
        try (InputStream in = SinglePassViewsTest.class.getResourceAsStream("/dev/stocktake/sql/bench/baseline/" + view + ".sql")) {
            return new String(Objects.requireNonNull(in, "baseline " + view).readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A view's text creating {@code <name>_before} and reading the other views' {@code _before} versions. */
    static final List<String> GOAL_COVERAGE_COLUMNS = List.of("current_reported_accounts", "current_carried_accounts",
            "current_missing_accounts", "target_reached");

    /** The goal_progress columns whose meaning did not change when milestones replaced the 90 % target. */
    static final String GOAL_FIGURES = "baseline_day, baseline_console_users, current_day, current_console_users, "
            + "reduction_so_far, rate_from_day, recent_daily_reduction";

    static List<List<Object>> firstColumns(List<List<Object>> rows, int columns) {
        return rows.stream().map(row -> row.subList(0, columns)).toList();
    }

    static String before(String sql) {
        String renamed = sql.strip().replaceFirst(";$", "");
        for (String view : REWRITTEN) {
            renamed = renamed.replaceAll("\\b" + view + "\\b", view + "_before");
        }
        return renamed;
    }

    static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> sorted(QueryResult result) {
        return sorted(result.rows());
    }

    static List<String> sorted(List<List<Object>> rows) {
        return rows.stream().map(Object::toString).sorted().toList();
    }

    static long bytesOfDays(LocalDate from, LocalDate to) {
        return sizeOfDays(reports, from, to);
    }

    /** Bytes of the report files of days {@code from..to} under {@code reports} ({@code YYYY/MM/DD/*.csv}). */
    static long sizeOfDays(Path reports, LocalDate from, LocalDate to) {
        try (Stream<Path> paths = Files.walk(reports)) {
            return paths.filter(Files::isRegularFile)
                    .filter(path -> {
                        String relative = reports.relativize(path).toString().replace('\\', '/');
                        LocalDate day = LocalDate.parse(relative.substring(0, 10).replace('/', '-'));
                        return !day.isBefore(from) && !day.isAfter(to);
                    })
                    .mapToLong(path -> {
                        try {
                            return Files.size(path);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    })
                    .sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static long allBytes() {
        return bytesOfDays(FIRST_DAY, FIRST_DAY.plusDays(DAYS - 1L));
    }

    @Nested
    class Same_rows_as_before {

        @ParameterizedTest
        @ValueSource(strings = {"daily_counts", "user_changes", "stale_credentials"})
        void the_rewritten_view_returns_the_rows_columns_and_types_of_the_old_one(String view) {
            QueryResult old = athena.execute("<test>", "select * from " + view + "_before");
            // the old view's columns, in its order: user_changes adds its remediation columns after them
            // (users_removed_by_stocktake, removal_plan_ids, users_quarantined, quarantines_undone: RemediationViewsTest)
            assertThat(athena.execute("<test>", "select * from " + view + " limit 0").columns())
                    .startsWith(old.columns().toArray(String[]::new));
            QueryResult now = athena.execute("<test>", "select " + String.join(", ", old.columns()) + " from " + view);

            assertThat(now.rows()).isNotEmpty();
            assertThat(now.columns()).isEqualTo(old.columns());
            assertThat(now.types()).isEqualTo(old.types());
            assertThat(sorted(now.rows())).isEqualTo(sorted(old.rows()));
        }

        @Test
        void goal_progress_keeps_the_figures_of_the_old_view_that_do_not_depend_on_the_target() {
            // the 90 % target (target_reduction) gave way to milestones (see MigrationViewsTest); the baseline, current
            // and rate figures are computed as before
            QueryResult now = athena.execute("<test>", "select " + GOAL_FIGURES + " from goal_progress");
            QueryResult old = athena.execute("<test>", "select " + GOAL_FIGURES + " from goal_progress_before");

            assertThat(now.rows()).hasSize(1);
            assertThat(now.types()).isEqualTo(old.types());
            assertThat(now.rows()).isEqualTo(old.rows());
            assertThat(athena.execute("<test>", "select * from goal_progress").columns())
                    .doesNotContain("target_reduction")
                    .containsSubsequence("baseline_day", "current_console_users", "target_console_users")
                    .endsWith(GOAL_COVERAGE_COLUMNS.getLast(), "next_milestone_day", "next_milestone_name", "next_milestone_max",
                            "distance_to_milestone", "days_to_milestone", "on_track", "final_milestone_day", "final_milestone_max");
        }

        @Test
        void the_coverage_columns_of_goal_progress() {
            // day 20: every account that reported in the 30 days before either reported or is carried
            List<Object> row = athena.execute("<test>", "select current_reported_accounts + current_carried_accounts, "
                    + "current_missing_accounts from goal_progress").rows().getFirst();
            assertThat(row).containsExactly(4L, 0L);
        }

        @Test
        void user_changes_sees_every_kind_of_change_in_the_generated_reports() {
            // the comparison above proves nothing about a change that never happens: the churn must produce them all
            assertThat(athena.execute("<test>", """
                    select sum(users_added), sum(users_removed), sum(console_access_granted), sum(console_access_removed),
                        sum(access_keys_added), sum(mfa_removed), count(distinct date_diff('day', previous_dt, dt))
                    from user_changes""").rows().getFirst())
                    .allSatisfy(count -> assertThat((Long) count).isGreaterThan(1L));
        }

        @ParameterizedTest
        @ValueSource(strings = {
                "date '2026-01-04' as baseline_day,|7 as rate_window_days",
                "cast(null as date) as baseline_day,|1 as rate_window_days",
                "date '2026-01-09' as baseline_day,|30 as rate_window_days",
                "date '2026-02-01' as baseline_day,|7 as rate_window_days"})
        void goal_progress_gives_the_old_figures_with_other_settings(String settings) {
            String[] parts = settings.split("\\|");
            String shippedNow = "cast(null as date) as baseline_day,\n        7 as rate_window_days";
            String shippedOld = "cast(null as date) as baseline_day,\n        0.90 as target_reduction,\n        7 as rate_window_days";
            // the shipped file, relative to sql-engine (Maven runs the tests from the module)
            String now = read(Path.of("../athena-sql/views/goal_progress.sql"));
            String old = baseline("goal_progress");
            assertThat(now).contains(shippedNow);
            assertThat(old).contains(shippedOld);

            List<List<Object>> nowRows = athena.execute("<test>", "select " + GOAL_FIGURES + " from ("
                    + query(now.replace(shippedNow, parts[0] + "\n        " + parts[1])) + ")").rows();
            List<List<Object>> oldRows = athena.execute("<test>", "select " + GOAL_FIGURES + " from ("
                    + before(query(old.replace(shippedOld, parts[0] + "\n        0.90 as target_reduction,\n        " + parts[1])))
                    + ")").rows();

            assertThat(nowRows).isEqualTo(oldRows);
            assertThat(nowRows).hasSize(settings.startsWith("date '2026-02-01'") ? 0 : 1);
        }

        /** The select of a view file, runnable as a query. */
        private static String query(String viewFile) {
            return viewFile.substring(viewFile.indexOf(" as\n") + 4).strip().replaceFirst(";$", "");
        }
    }

    @Nested
    class Reads_each_report_once {

        @ParameterizedTest
        @ValueSource(strings = {"iam_users", "console_users", "daily_counts", "user_changes", "stale_credentials",
                "goal_progress"})
        void the_whole_view_reads_every_report_file_exactly_once(String view) {
            QueryResult result = athena.execute("<test>", "select * from " + view);

            assertThat(result.physicalInputBytes()).isEqualTo(allBytes());
            String plan = (String) athena.execute("<test>", "explain select * from " + view).rows().getFirst().getFirst();
            assertThat(plan.split("table = " + LocalAthena.CATALOG + ":" + LocalAthena.SCHEMA + ":credential_reports", -1))
                    .hasSize(2);
        }

        @Test
        void the_old_user_changes_and_goal_progress_read_them_several_times() {
            // what the benchmark's "before" measures: the reason for the rewrite
            assertThat(athena.execute("<test>", "select * from user_changes_before").physicalInputBytes())
                    .isEqualTo(5 * allBytes());
            assertThat(athena.execute("<test>", "select * from goal_progress_before").physicalInputBytes())
                    .isEqualTo(6 * allBytes());
        }
    }

    @Nested
    class Partition_pruning {

        @ParameterizedTest
        @ValueSource(strings = {"iam_users", "console_users", "daily_counts", "stale_credentials"})
        void one_day_reads_only_that_days_files(String view) {
            QueryResult result = athena.execute("<test>", "select * from " + view + " where dt = date '2026-01-10'");

            assertThat(result.physicalInputBytes()).isEqualTo(bytesOfDays(day(10), day(10)));
            String plan = (String) athena.execute("<test>",
                    "explain analyze select * from " + view + " where dt = date '2026-01-10'").rows().getFirst().getFirst();
            assertThat(plan).contains(":: [[2026/01/10]]");
        }

        @ParameterizedTest
        @ValueSource(strings = {"iam_users", "console_users", "daily_counts", "stale_credentials"})
        void the_last_days_read_only_their_files(String view) {
            QueryResult result = athena.execute("<test>", "select * from " + view + " where dt >= date '2026-01-15'");

            assertThat(result.physicalInputBytes()).isEqualTo(bytesOfDays(day(15), day(DAYS)));
            assertThat(result.physicalInputBytes()).isLessThan(allBytes() / 2);
        }

        private static LocalDate day(int dayOfMonth) {
            return LocalDate.of(2026, 1, dayOfMonth);
        }
    }

    /** Reports with churn (see the class comment), deterministic. */
    static final class ChurnReports {

        static final String HEADER = "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,"
                + "password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,"
                + "access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,"
                + "access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,"
                + "cert_1_last_rotated,cert_2_active,cert_2_last_rotated";
        private static final String[] KEY_TIMES = {"2025-06-01T00:00:00+00:00", "2025-11-20T10:00:00+00:00",
                "2025-12-24T08:30:00+00:00"};

        static void write(Path folder) {
            write(folder, FIRST_DAY, DAYS);
        }

        /** {@code days} days of reports from {@code firstDay}, the same churn (and the same seed) as {@link #write(Path)}. */
        static void write(Path folder, LocalDate firstDay, int days) {
            SplittableRandom random = new SplittableRandom(20260101L);
            for (int dayIndex = 0; dayIndex < days; dayIndex++) {
                LocalDate day = firstDay.plusDays(dayIndex);
                for (int account = 0; account < 4; account++) {
                    if (dayIndex > 0 && random.nextInt(5) == 0) {
                        continue; // no report of this account today
                    }
                    String name = "acct-" + account;
                    String key = name + "@" + accountId(account) + ".csv";
                    if (random.nextInt(8) == 0) {
                        // renamed within the day: two reports of the account, the later key in key order is used
                        write(folder, day, name + "-old@" + accountId(account) + ".csv", report(random, day, account), 5);
                        write(folder, day, key, report(random, day, account), 7);
                    } else {
                        write(folder, day, key, report(random, day, account), 6);
                    }
                }
            }
        }

        private static String accountId(int account) {
            return String.format("%012d", 900000000000L + account);
        }

        private static String report(SplittableRandom random, LocalDate day, int account) {
            StringBuilder csv = new StringBuilder(HEADER);
            String arn = "arn:aws:iam::" + accountId(account) + ":";
            if (account < 2) {
                csv.append('\n').append("<root_account>,").append(arn).append("root,2018-01-01T00:00:00+00:00,")
                        .append("not_supported,no_information,not_supported,not_supported,true,")
                        .append(account == 0 ? "true,2019-05-05T00:00:00+00:00,N/A,N/A,N/A," : "false,N/A,N/A,N/A,N/A,")
                        .append("false,N/A,N/A,N/A,N/A,false,N/A,false,N/A");
            }
            for (int user = 0; user < 10; user++) {
                if (random.nextInt(4) == 0) {
                    continue; // not in today's report (deleted, or not yet created again)
                }
                String userName = user == 3 ? "ops+bot=x.y@corp_z-1" : "user-" + user;
                boolean console = random.nextInt(3) > 0;
                String passwordUsed = !console ? "N/A" : switch (random.nextInt(3)) {
                    case 0 -> "no_information";
                    case 1 -> "2025-08-01T12:00:00+00:00";
                    default -> day.minusDays(1) + "T09:00:00+00:00";
                };
                csv.append('\n').append(userName).append(',').append(arn).append("user/").append(userName).append(',')
                        .append("2025-01-0").append(1 + user % 9).append("T00:00:00+00:00,")
                        .append(console).append(',').append(passwordUsed).append(',')
                        .append(console ? "2025-03-03T03:03:03+00:00" : "N/A").append(",N/A,")
                        .append(console && random.nextBoolean()).append(',');
                key(csv, random);
                csv.append(',');
                key(csv, random);
                csv.append(",false,N/A,false,N/A");
            }
            return csv.toString();
        }

        private static void key(StringBuilder csv, SplittableRandom random) {
            int pick = random.nextInt(KEY_TIMES.length + 1);
            if (pick == KEY_TIMES.length) {
                csv.append("false,N/A,N/A,N/A,N/A");
            } else if (random.nextBoolean()) {
                csv.append("true,").append(KEY_TIMES[pick]).append(",2025-07-01T00:00:00+00:00,us-east-1,s3");
            } else {
                csv.append(random.nextBoolean()).append(',').append(KEY_TIMES[pick]).append(",N/A,N/A,N/A");
            }
        }

        private static void write(Path folder, LocalDate day, String file, String body, int hour) {
            try {
                Path path = folder.resolve(String.format("%04d/%02d/%02d", day.getYear(), day.getMonthValue(),
                        day.getDayOfMonth())).resolve(file);
                Files.createDirectories(path.getParent());
                Files.writeString(path, body, StandardCharsets.UTF_8);
                Files.setLastModifiedTime(path, FileTime.from(day.atTime(hour, 0).toInstant(ZoneOffset.UTC)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
