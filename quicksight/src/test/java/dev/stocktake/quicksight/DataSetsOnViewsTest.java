package dev.stocktake.quicksight;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stocktake.sql.engine.LocalAthena;
import dev.stocktake.sql.engine.QueryResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every data set column exists in its view with the matching type, checked against the view's schema
 * ({@code information_schema.columns}) on the embedded Trino over sql-engine's fixtures (reports of 2026-02-19 to
 * 03-05, account directory exports, the allowlist); the custom-SQL data sets run there and return exactly their declared columns.
 * Added to the fixtures ({@link #addTrustCases}): an account whose last report is 2 days old on the latest day
 * (carried), one whose last report is 7 days old (missing), and one whose report of the latest day lists another
 * account's ARN (rejected, its report of 2 days before carried).
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class DataSetsOnViewsTest {
    static final QuickSightDefinitions QS = QuickSightDefinitions.shipped();

    @TempDir
    static Path data;
    static LocalAthena athena;

    @BeforeAll
    static void start() {
        Path fixtures = Path.of(System.getProperty("stocktake.fixtures"));
        copy(fixtures.resolve("reports"), data.resolve("credential-reports"));
        copy(fixtures.resolve("accounts"), data.resolve("accounts"));
        copy(fixtures.resolve("allowlist"), data.resolve("allowlist"));
        addTrustCases(data);
        addMilestones(data);
        addRemediation(data);
        athena = LocalAthena.start(data);
    }

    static final String CARRIED = "888888888888";
    static final String GONE = "999999999999";
    static final String FORGED = "777777777777";
    static final String FORGED_REASON = "ARN of account 111111111111 in the report of account " + FORGED;
    static final LocalDate LATEST = LocalDate.of(2026, 3, 5);

    /**
     * View columns a data set leaves out on purpose: {@code rejected_reports.example_bad_user} is a user cell of a
     * rejected file, and the dashboard never shows a rejected file's contents.
     */
    static final Map<String, java.util.Set<String>> LEFT_OUT = Map.of("rejected_reports", java.util.Set.of("example_bad_user"));

    static final String HEADER = "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,"
            + "password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,"
            + "access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,"
            + "access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,"
            + "cert_1_last_rotated,cert_2_active,cert_2_last_rotated\n";

    /** A console user of {@code account} (the ARN's account) in AWS's credential report format. */
    static String consoleUser(String account, String name) {
        return name + ",arn:aws:iam::" + account + ":user/" + name + ",2025-06-01T09:00:00+00:00,true,2026-03-01T09:30:00+00:00,"
                + "2025-06-01T09:00:00+00:00,N/A,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A\n";
    }

    static void addTrustCases(Path data) {
        try {
            write(data, "2026/03/03/carried@" + CARRIED + ".csv", HEADER + consoleUser(CARRIED, "carol"));
            write(data, "2026/02/26/gone@" + GONE + ".csv", HEADER + consoleUser(GONE, "gus"));
            write(data, "2026/03/03/forged@" + FORGED + ".csv", HEADER + consoleUser(FORGED, "fay"));
            write(data, "2026/03/05/forged@" + FORGED + ".csv", HEADER + consoleUser(FORGED, "fay") + consoleUser("111111111111", "mallory"));
            // the three accounts are in every export of the account directory (they joined long before)
            try (Stream<Path> exports = Files.walk(data.resolve("accounts"))) {
                for (Path directory : exports.filter(p -> p.getFileName().toString().equals("accounts.csv")).toList()) {
                    Files.writeString(directory, (Files.readString(directory).endsWith("\n") ? "" : "\n")
                            + CARRIED + ",carried,carried@example.com,ACTIVE,ACTIVE,CREATED,2024-01-10T00:00:00Z,ou-dev,Root/Dev,{}\n"
                            + GONE + ",gone,gone@example.com,ACTIVE,ACTIVE,CREATED,2024-01-10T00:00:00Z,ou-dev,Root/Dev,{}\n"
                            + FORGED + ",forged,forged@example.com,ACTIVE,ACTIVE,CREATED,2024-01-10T00:00:00Z,ou-dev,Root/Dev,{}\n",
                            java.nio.file.StandardOpenOption.APPEND);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The organization's milestones "under 5" (by 2026-04-30) and "zero" (by 2026-12-31), as the deployment writes them. */
    static void addMilestones(Path data) {
        try {
            Files.createDirectories(data.resolve("milestones"));
            Files.writeString(data.resolve("milestones/milestones.csv"),
                    "day,max_console_users,scope,name\n2026-04-30,5,,under 5\n2026-12-31,0,,zero\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A remediation journal (records as remediation's Journal writes them): the IAM user quarantine.me of 111111111111
     * quarantined on 2026-03-04 (password, then the deny-all policy).
     */
    static void addRemediation(Path data) {
        try {
            Path plan = Files.createDirectories(data.resolve("remediation/2026/03/04/q-20260304-00aa00"));
            String[][] records = {{"001-delete-password", "started", "delete_login_profile", "2026-03-04T10:00:00Z"},
                    {"001-delete-password", "done", "delete_login_profile", "2026-03-04T10:00:01Z"},
                    {"002-deny-all", "started", "attach_deny_policy", "2026-03-04T10:00:02Z"},
                    {"002-deny-all", "done", "attach_deny_policy", "2026-03-04T10:00:03Z"}};
            for (String[] r : records) {
                Files.writeString(plan.resolve(r[0] + "." + r[1] + ".json"), "{\"plan_id\":\"q-20260304-00aa00\",\"step_id\":\""
                        + r[0] + "\",\"phase\":\"" + r[1] + "\",\"action\":\"" + r[2] + "\",\"account_id\":\"111111111111\","
                        + "\"user_name\":\"quarantine.me\",\"at\":\"" + r[3] + "\",\"operator\":\"arn:aws:iam::123456789012:user/op\","
                        + "\"role_arn\":\"arn:aws:iam::111111111111:role/stocktake-remediation\"}");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path data, String key, String body) throws IOException {
        Path file = data.resolve("credential-reports").resolve(key);
        Files.createDirectories(file.getParent());
        Files.writeString(file, body);
    }

    @AfterAll
    static void stop() {
        if (athena != null) {
            athena.close();
        }
    }

    /** QuickSight's input type for an Athena (Trino) type. */
    static String quickSightType(String trinoType) {
        String base = trinoType.replaceFirst("\\(.*", "");
        return switch (base) {
            case "varchar", "char" -> "STRING";
            case "bigint", "integer", "smallint", "tinyint" -> "INTEGER";
            case "double", "real", "decimal" -> "DECIMAL";
            case "date", "timestamp" -> "DATETIME";
            case "boolean" -> "BOOLEAN";
            default -> "unsupported by QuickSight: " + trinoType;
        };
    }

    /** The view's columns and their QuickSight types, from information_schema. */
    static Map<String, String> viewColumns(String view) {
        QueryResult result = athena.execute("information_schema", "select column_name, data_type from information_schema.columns"
                + " where table_schema = '" + LocalAthena.SCHEMA + "' and table_name = '" + view + "' order by ordinal_position");
        Map<String, String> out = new LinkedHashMap<>();
        result.rows().forEach(row -> out.put((String) row.get(0), quickSightType((String) row.get(1))));
        assertThat(out).as("view " + view + " exists").isNotEmpty();
        return out;
    }

    @Test
    void every_data_set_column_exists_in_its_view_with_the_matching_type() {
        List<String> problems = new ArrayList<>();
        for (DataSetDefinition dataSet : QS.dataSets()) {
            Map<String, String> view = viewColumns(dataSet.name());
            for (Column column : dataSet.inputColumns()) {
                if (view.containsKey(column.name())) {
                    if (!view.get(column.name()).equals(column.type())) {
                        problems.add(dataSet.name() + "." + column.name() + ": the data set says " + column.type()
                                + ", the view has " + view.get(column.name()));
                    }
                } else if (!dataSet.isCustomSql()) {
                    problems.add(dataSet.name() + "." + column.name() + ": not a column of the view");
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void a_table_data_set_declares_every_column_of_its_view() {
        for (DataSetDefinition dataSet : QS.dataSets()) {
            if (!dataSet.isCustomSql()) {
                assertThat(dataSet.inputColumns()).extracting(Column::name).as(dataSet.name())
                        .containsExactlyElementsOf(viewColumns(dataSet.name()).keySet());
            }
        }
    }

    @Test
    void each_custom_query_runs_on_the_views_and_returns_exactly_its_declared_columns() {
        for (DataSetDefinition dataSet : QS.dataSets()) {
            if (dataSet.isCustomSql()) {
                QueryResult result = athena.execute(dataSet.name() + ".sql", dataSet.sql(LocalAthena.SCHEMA));
                List<Column> actual = new ArrayList<>();
                for (int i = 0; i < result.columns().size(); i++) {
                    actual.add(new Column(result.columns().get(i), quickSightType(result.types().get(i))));
                }
                assertThat(actual).as(dataSet.name()).containsExactlyElementsOf(dataSet.inputColumns());
                // every column of the view is offered, so the data set can stand in for it, but those left out on purpose
                java.util.Set<String> leftOut = LEFT_OUT.getOrDefault(dataSet.name(), java.util.Set.of());
                assertThat(viewColumns(dataSet.name()).keySet()).as(dataSet.name() + " leaves out only columns of its view")
                        .containsAll(leftOut);
                assertThat(dataSet.inputColumns()).extracting(Column::name).as(dataSet.name())
                        .containsAll(viewColumns(dataSet.name()).keySet().stream().filter(c -> !leftOut.contains(c)).toList())
                        .noneMatch(leftOut::contains);
            }
        }
    }

    @Test
    void daily_counts_filled_change_columns_compare_with_what_the_account_counts_7_and_14_days_before() {
        QueryResult result = athena.execute("daily_counts_filled.sql", "select dt, account_id, console_users, "
                + "console_users_7_days_before, console_users_change_7_days, console_users_14_days_before, "
                + "console_users_change_14_days, latest_day from (" + QS.dataSet("daily_counts_filled").orElseThrow().sql(LocalAthena.SCHEMA)
                + ") where dt = date '2026-03-05' order by account_id");
        Map<String, Long> view = new HashMap<>();
        athena.execute("daily_counts_filled", "select account_id, dt, console_users from daily_counts_filled").rows()
                .forEach(r -> view.put(r.get(0) + "@" + r.get(1), (Long) r.get(2)));
        assertThat(result.rows()).isNotEmpty();
        boolean someChange = false;
        for (List<Object> row : result.rows()) {
            String account = (String) row.get(1);
            Long now = (Long) row.get(2);
            Long weekAgo = view.get(account + "@" + LocalDate.of(2026, 2, 26));
            Long twoWeeksAgo = view.get(account + "@" + LocalDate.of(2026, 2, 19));
            assertThat(row.get(3)).as(account).isEqualTo(weekAgo);
            assertThat(row.get(4)).as(account).isEqualTo(weekAgo == null ? null : now - weekAgo);
            assertThat(row.get(5)).as(account).isEqualTo(twoWeeksAgo);
            assertThat(row.get(6)).as(account).isEqualTo(twoWeeksAgo == null ? null : now - twoWeeksAgo);
            assertThat(row.get(7)).isEqualTo("yes");
            someChange |= weekAgo != null;
        }
        assertThat(someChange).as("the fixtures have an account with a report 7 days before").isTrue();
    }

    @Test
    void latest_day_is_yes_exactly_on_the_latest_report_day() {
        for (String name : List.of("daily_counts_filled", "console_users")) {
            QueryResult result = athena.execute(name + ".sql", "select latest_day, min(dt), max(dt), count(*) from ("
                    + QS.dataSet(name).orElseThrow().sql(LocalAthena.SCHEMA) + ") group by latest_day order by latest_day");
            assertThat(result.rows()).as(name).hasSize(2);
            List<Object> no = result.rows().get(0);
            List<Object> yes = result.rows().get(1);
            assertThat(yes.get(0)).isEqualTo("yes");
            assertThat(yes.get(1)).isEqualTo(LocalDate.of(2026, 3, 5)).isEqualTo(yes.get(2));
            assertThat((LocalDate) no.get(2)).isBefore(LocalDate.of(2026, 3, 5));
        }
    }

    @Test
    void missing_reports_latest_day_is_the_latest_day_of_the_coverage_view() {
        LocalDate latest = (LocalDate) athena.execute("coverage", "select max(dt) from coverage").rows().getFirst().getFirst();
        QueryResult result = athena.execute("missing_reports.sql", "select dt, latest_day from ("
                + QS.dataSet("missing_reports").orElseThrow().sql(LocalAthena.SCHEMA) + ")");
        assertThat(result.rows()).isNotEmpty()
                .allSatisfy(row -> assertThat(row.get(1)).isEqualTo(row.get(0).equals(latest) ? "yes" : "no"));
    }

    @Test
    void allowlist_findings_latest_day_is_the_latest_report_day_and_the_fixtures_have_findings_then() {
        QueryResult result = athena.execute("allowlist_findings.sql", "select dt, latest_day, allowlist_status from ("
                + QS.dataSet("allowlist_findings").orElseThrow().sql(LocalAthena.SCHEMA) + ")");
        assertThat(result.rows()).isNotEmpty()
                .allSatisfy(row -> assertThat(row.get(1)).isEqualTo(row.get(0).equals(LocalDate.of(2026, 3, 5)) ? "yes" : "no"))
                .allSatisfy(row -> assertThat(row.get(2)).isIn("expired", "violation"))
                .anySatisfy(row -> assertThat(row.get(1)).isEqualTo("yes"));
    }

    @Test
    void console_users_carry_the_allowlist_status_for_the_accepted_and_to_remove_split() {
        QueryResult result = athena.execute("console_users.sql", "select allowlist_status, count(*) from ("
                + QS.dataSet("console_users").orElseThrow().sql(LocalAthena.SCHEMA) + ") where latest_day = 'yes' group by 1");
        QueryResult view = athena.execute("console_users", "select allowlist_status, count(*) from console_users"
                + " where dt = date '2026-03-05' group by 1");
        assertThat(result.rows()).isNotEmpty().containsExactlyInAnyOrderElementsOf(view.rows());
        assertThat(result.rows()).extracting(row -> (String) row.get(0))
                .isSubsetOf("allowed", "violation", "expired", "not_listed");
    }

    @Test
    void daily_counts_filled_carries_an_accounts_last_report_up_to_3_days_and_then_leaves_it_out() {
        QueryResult result = athena.execute("daily_counts_filled.sql", "select account_id, carried_forward, report_dt, figures_from "
                + "from (" + QS.dataSet("daily_counts_filled").orElseThrow().sql(LocalAthena.SCHEMA) + ") where dt = date '" + LATEST
                + "' and account_id in ('" + CARRIED + "', '" + GONE + "', '" + FORGED + "') order by account_id");

        // forged's report of the day is rejected: it counts with its report of 2 days before, as carried does; gone's
        // last report is 7 days old: no row, so it is missing, never a zero
        assertThat(result.rows()).containsExactly(
                List.of(FORGED, true, LATEST.minusDays(2), "carried from 2026-03-03"),
                List.of(CARRIED, true, LATEST.minusDays(2), "carried from 2026-03-03"));
        QueryResult total = athena.execute("daily_counts_filled.sql", "select sum(console_users) from ("
                + QS.dataSet("daily_counts_filled").orElseThrow().sql(LocalAthena.SCHEMA) + ") where latest_day = 'yes'");
        assertThat(total.rows().getFirst().getFirst())
                .isEqualTo(athena.execute("goal_progress", "select current_console_users from goal_progress").rows().getFirst().getFirst());
    }

    @Test
    void goal_progress_says_on_how_many_accounts_the_total_rests_and_is_not_reached_while_one_is_missing() {
        QueryResult goal = athena.execute("goal_progress", "select current_day, current_carried_accounts, current_missing_accounts, "
                + "target_reached from goal_progress");
        List<Object> row = goal.rows().getFirst();

        assertThat(row.get(0)).isEqualTo(LATEST);
        assertThat((Long) row.get(1)).as("carried and forged are carried").isGreaterThanOrEqualTo(2);
        assertThat((Long) row.get(2)).as("gone is missing").isGreaterThanOrEqualTo(1);
        assertThat(row.get(3)).isEqualTo(false);
        QueryResult missing = athena.execute("missing_reports.sql", "select account_id, carried_forward, report_rejected from ("
                + QS.dataSet("missing_reports").orElseThrow().sql(LocalAthena.SCHEMA) + ") where latest_day = 'yes' and account_id in ('"
                + CARRIED + "', '" + GONE + "', '" + FORGED + "') order by account_id");
        assertThat(missing.rows()).containsExactly(List.of(FORGED, true, true), List.of(CARRIED, true, false), List.of(GONE, false, false));
    }

    @Test
    void rejected_reports_lists_the_forged_file_on_the_latest_day_with_its_reason_and_never_its_contents() {
        DataSetDefinition rejected = QS.dataSet("rejected_reports").orElseThrow();
        QueryResult result = athena.execute("rejected_reports.sql", "select dt, account_id, account_name, file_name, reason, bad_rows, "
                + "latest_day from (" + rejected.sql(LocalAthena.SCHEMA) + ") where account_id = '" + FORGED + "'");

        assertThat(result.rows()).containsExactly(List.of(LATEST, FORGED, "forged", "forged@" + FORGED + ".csv", FORGED_REASON, 1L, "yes"));
        assertThat(rejected.inputColumns()).extracting(Column::name).doesNotContain("example_bad_user");
        assertThat(athena.execute("rejected_reports.sql", "select * from (" + rejected.sql(LocalAthena.SCHEMA) + ")").rows().toString())
                .doesNotContain("mallory");
        // the KPI counts the latest day's rows
        QueryResult today = athena.execute("rejected_reports.sql", "select count(*) from (" + rejected.sql(LocalAthena.SCHEMA)
                + ") where latest_day = 'yes'");
        assertThat(today.rows().getFirst().getFirst()).isEqualTo(athena.execute("rejected_reports",
                "select count(*) from rejected_reports where dt >= date '" + LATEST + "'").rows().getFirst().getFirst());
    }

    @Test
    void migration_status_and_owner_todo_latest_day_is_yes_exactly_on_the_latest_report_day() {
        for (String name : List.of("migration_status", "owner_todo")) {
            QueryResult result = athena.execute(name + ".sql", "select latest_day, count(*), min(dt), max(dt) from ("
                    + QS.dataSet(name).orElseThrow().sql(LocalAthena.SCHEMA) + ") group by latest_day order by latest_day");
            QueryResult view = athena.execute(name, "select count(*) from " + name + " where dt = date '" + LATEST + "'");
            assertThat(result.rows()).as(name).hasSize(2);
            List<Object> yes = result.rows().get(1);
            assertThat(yes.get(0)).isEqualTo("yes");
            assertThat(yes.get(1)).as(name + ": every row of the latest day").isEqualTo(view.rows().getFirst().getFirst());
            assertThat(yes.get(2)).isEqualTo(LATEST).isEqualTo(yes.get(3));
            assertThat((LocalDate) result.rows().get(0).get(3)).isBefore(LATEST);
        }
    }

    @Test
    void remediation_status_gives_the_latest_days_quarantine_in_words() {
        QueryResult result = athena.execute("remediation_status.sql", "select dt, latest_day, user_name, remediation_state, "
                + "remediation, plan_id, watch_days_to_go from (" + QS.dataSet("remediation_status").orElseThrow().sql(LocalAthena.SCHEMA)
                + ") order by dt");
        // a row per report day of the account from the quarantine on: 111111111111 has no report on 2026-03-04
        assertThat(result.rows()).containsExactly(
                List.of(LATEST, "yes", "quarantine.me", "quarantined", "quarantined since 2026-03-04 (29 days to go)",
                        "q-20260304-00aa00", 29L));
    }

    @Test
    void organization_next_marks_the_milestone_goal_progress_calls_next() {
        QueryResult result = athena.execute("milestone_progress.sql", "select day, max_console_users, name, organization_next from ("
                + QS.dataSet("milestone_progress").orElseThrow().sql(LocalAthena.SCHEMA) + ") order by day");
        List<Object> goal = athena.execute("goal_progress", "select next_milestone_day, next_milestone_max, target_console_users, "
                + "final_milestone_day from goal_progress").rows().getFirst();

        assertThat(result.rows()).containsExactly(
                java.util.Arrays.asList(LocalDate.of(2026, 4, 30), 5L, "under 5", "yes"),
                java.util.Arrays.asList(LocalDate.of(2026, 12, 31), 0L, "zero", "no"));
        assertThat(goal).containsExactly(LocalDate.of(2026, 4, 30), 5L, 5L, LocalDate.of(2026, 12, 31));
    }

    private static void copy(Path from, Path to) {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : paths.filter(Files::isRegularFile).toList()) {
                Path target = to.resolve(from.relativize(path).toString());
                Files.createDirectories(target.getParent());
                Files.copy(path, target);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
