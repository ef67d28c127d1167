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
        athena = LocalAthena.start(data);
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
                // every column of the view is offered, so the data set can stand in for it
                assertThat(dataSet.inputColumns()).extracting(Column::name).as(dataSet.name())
                        .containsAll(viewColumns(dataSet.name()).keySet());
            }
        }
    }

    @Test
    void daily_counts_change_columns_compare_with_the_accounts_report_7_and_14_days_before() {
        QueryResult result = athena.execute("daily_counts.sql", "select dt, account_id, console_users, "
                + "console_users_7_days_before, console_users_change_7_days, console_users_14_days_before, "
                + "console_users_change_14_days, latest_day from (" + QS.dataSet("daily_counts").orElseThrow().sql(LocalAthena.SCHEMA)
                + ") where dt = date '2026-03-05' order by account_id");
        Map<String, Long> view = new HashMap<>();
        athena.execute("daily_counts", "select account_id, dt, console_users from daily_counts").rows()
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
        for (String name : List.of("daily_counts", "console_users")) {
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
