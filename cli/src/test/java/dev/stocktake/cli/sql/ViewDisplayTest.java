package dev.stocktake.cli.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.stocktake.cli.importer.HistoryFixtures;
import dev.stocktake.report.ReportKeys;
import dev.stocktake.sql.engine.LocalAthena;

/** Every shipped view's display, checked against the view's columns on the engine. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ViewDisplayTest {

    @Test
    void every_view_has_a_display_whose_columns_and_day_exist_in_the_view(@TempDir Path dir) throws IOException {
        Path day = Files.createDirectories(dir.resolve(ReportKeys.datePath(LocalDate.now(ZoneOffset.UTC).minusDays(1))));
        Files.write(day.resolve("prod@111122223333.csv"), HistoryFixtures.awsReport("111122223333"));
        Names names = Names.shipped();
        Map<String, Map<String, String>> columns = new HashMap<>();
        try (LocalAthena athena = LocalAthena.start(dir)) {
            for (List<Object> row : athena.execute("test", "select table_name, column_name, data_type"
                    + " from information_schema.columns where table_schema = 'stocktake'").rows()) {
                columns.computeIfAbsent((String) row.get(0), name -> new HashMap<>()).put((String) row.get(1), (String) row.get(2));
            }
        }

        assertThat(ViewDisplay.SHIPPED.keySet()).containsExactlyInAnyOrderElementsOf(names.views());
        for (ViewDisplay display : ViewDisplay.SHIPPED.values()) {
            Map<String, String> viewColumns = columns.get(display.name());
            assertThat(viewColumns.keySet()).as(display.name()).containsAll(display.shortColumns());
            assertThat(display.shortColumns()).as(display.name()).isNotEmpty().hasSizeLessThanOrEqualTo(8);
            assertThat(display.hasDay()).as(display.name() + " has a date dt").isEqualTo("date".equals(viewColumns.get("dt")));
            assertThat(!display.latestDay() || display.hasDay()).as(display.name()).isTrue();
        }
        assertThat(ViewDisplay.of("console_users").latestDay()).isTrue();
        assertThat(ViewDisplay.of("rejected_reports").latestDay()).as("a list to fix: every day").isFalse();
    }

    @Test
    void the_statement_filters_the_day_and_orders_by_the_shown_columns() {
        assertThat(ViewDisplay.of("console_users").statement(LocalDate.of(2026, 11, 30)))
                .isEqualTo("select * from console_users where dt = date '2026-11-30' order by dt, account_name, user_name");
        assertThat(ViewDisplay.of("coverage").statement(null)).isEqualTo("select * from coverage order by dt, expected_accounts, reported_accounts");
    }
}
