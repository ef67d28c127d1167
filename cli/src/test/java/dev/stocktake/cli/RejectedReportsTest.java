package dev.stocktake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.TreeSet;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import dev.stocktake.cli.importer.HistoryFixtures;
import dev.stocktake.report.ReportKeys;
import dev.stocktake.sql.engine.LocalAthena;

/**
 * The warning's text from the rows of {@code rejected_reports}, whatever their number; here the view is replaced by
 * one with the contract's columns and chosen rows (the command tests run the shipped view on rejected files).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class RejectedReportsTest {

    private LocalAthena athena;
    private String root;

    @BeforeAll
    void start(@TempDir Path dir) throws IOException {
        Path day = Files.createDirectories(dir.resolve("2026/03/01"));
        Files.write(day.resolve(ReportKeys.encodeName("prod") + "@111122223333.csv"), HistoryFixtures.awsReport("111122223333"));
        athena = LocalAthena.start(dir);
        root = "local://" + dir.toAbsolutePath().normalize() + "/";
    }

    @AfterAll
    void stop() {
        athena.close();
    }

    private void rejected(String values) {
        athena.execute("test", "create or replace view rejected_reports as select * from (values " + values + ") "
                + "as t(dt, source_file, account_id, account_name, reason, bad_rows, example_bad_user)");
    }

    private String row(String day, String file, String reason) {
        return "(date '" + day + "', '" + root + file + "', cast(null as varchar), cast(null as varchar), '" + reason
                + "', bigint '0', cast(null as varchar))";
    }

    @Test
    void names_each_rejected_file_with_its_day_and_reason_and_how_to_see_them() {
        rejected(row("2026-03-01", "2026/03/01/prod.csv", "not a report key: expected YYYY/MM/DD/<percent-encoded name>@<12-digit account id>.csv"));

        String warning = RejectedReports.warning(athena, "stocktake sql", "my data");

        assertThat(warning).isEqualTo(String.join(System.lineSeparator(),
                "stocktake sql: warning: 1 report file is kept out of every number (rejected_reports):",
                "  2026-03-01  2026/03/01/prod.csv: not a report key: expected YYYY/MM/DD/<percent-encoded name>@<12-digit account id>.csv",
                "  See them: ./stocktake sql --data 'my data' --view rejected_reports", ""));
    }

    @Test
    void many_are_counted_and_the_latest_named() {
        StringBuilder rows = new StringBuilder();
        for (int i = 1; i <= 7; i++) {
            rows.append(i == 1 ? "" : ", ").append(row("2026-03-0" + i, "2026/03/0" + i + "/a%20b@111122223333.csv", "no rows after the header"));
        }
        rejected(rows.toString());

        String warning = RejectedReports.warning(athena, "stocktake report", "/data");

        assertThat(warning.lines().toList()).containsExactly(
                "stocktake report: warning: 7 report files are kept out of every number (rejected_reports); the latest 5:",
                "  2026-03-07  2026/03/07/a%20b@111122223333.csv: no rows after the header",
                "  2026-03-06  2026/03/06/a%20b@111122223333.csv: no rows after the header",
                "  2026-03-05  2026/03/05/a%20b@111122223333.csv: no rows after the header",
                "  2026-03-04  2026/03/04/a%20b@111122223333.csv: no rows after the header",
                "  2026-03-03  2026/03/03/a%20b@111122223333.csv: no rows after the header",
                "  See all of them: ./stocktake sql --data /data --view rejected_reports");
    }

    @Test
    void for_sql_only_the_days_the_statement_read_are_checked_and_none_when_it_read_no_report() {
        StringBuilder rows = new StringBuilder();
        for (int i = 1; i <= 7; i++) {
            rows.append(i == 1 ? "" : ", ").append(row("2026-03-0" + i, "2026/03/0" + i + "/a%20b@111122223333.csv", "no rows after the header"));
        }
        rejected(rows.toString());

        String warning = RejectedReports.warning(athena, "stocktake sql", "/data",
                new TreeSet<>(List.of(LocalDate.of(2026, 3, 2), LocalDate.of(2026, 3, 6), LocalDate.of(2026, 3, 9))));

        assertThat(warning.lines().toList()).containsExactly(
                "stocktake sql: warning: 2 report files are kept out of every number (rejected_reports):",
                "  2026-03-06  2026/03/06/a%20b@111122223333.csv: no rows after the header",
                "  2026-03-02  2026/03/02/a%20b@111122223333.csv: no rows after the header",
                "  See them: ./stocktake sql --data /data --view rejected_reports");
        assertThat(RejectedReports.warning(athena, "stocktake sql", "/data", new TreeSet<>())).isEmpty();
        assertThat(RejectedReports.warning(athena, "stocktake sql", "/data", new TreeSet<>(List.of(LocalDate.of(2026, 3, 9)))))
                .isEmpty();
    }

    @Test
    void nothing_is_said_when_no_file_is_rejected_or_the_view_does_not_exist_or_fails() {
        athena.execute("test", "create or replace view rejected_reports as select * from (values "
                + row("2026-03-01", "x.csv", "r") + ") as t(dt, source_file, account_id, account_name, reason, bad_rows, "
                + "example_bad_user) where false");
        assertThat(RejectedReports.warning(athena, "stocktake sql", "/data")).isEmpty();

        athena.execute("test", "create or replace view rejected_reports as select cast(1 / 0 as bigint) as dt");
        assertThat(RejectedReports.warning(athena, "stocktake sql", "/data")).isEmpty();

        athena.execute("test", "drop view rejected_reports");
        assertThat(RejectedReports.warning(athena, "stocktake sql", "/data")).isEmpty();
    }
}
