package dev.stocktake.cli.importer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import dev.stocktake.report.ReportKeys;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class SourcePathTest {

    private static final LocalDate DAY = LocalDate.of(2025, 11, 30);

    @Test
    void a_file_of_the_seeds_layout_is_named_after_the_raw_account_name() {
        assertThat(SourcePath.of("2025/11/30/payments-prd.csv")).isEqualTo(new SourcePath.Legacy(DAY, "payments-prd"));
        assertThat(SourcePath.of("2025/11/30/sandbox #3.csv")).isEqualTo(new SourcePath.Legacy(DAY, "sandbox #3"));
        // a % is part of the raw name, not an escape
        assertThat(SourcePath.of("2025/11/30/50%off.csv")).isEqualTo(new SourcePath.Legacy(DAY, "50%off"));
        assertThat(SourcePath.of("2025/11/30/data%20platform.csv")).isEqualTo(new SourcePath.Legacy(DAY, "data%20platform"));
        assertThat(SourcePath.of("2025/11/30/経理.csv")).isEqualTo(new SourcePath.Legacy(DAY, "経理"));
    }

    @Test
    void a_file_already_named_as_stocktake_names_reports_is_recognised() {
        assertThat(SourcePath.of("2025/11/30/data%20platform@111122223333.csv"))
                .isEqualTo(new SourcePath.Current(new ReportKeys.ReportKey(DAY, "data platform", "111122223333")));
    }

    @Test
    void anything_else_is_not_a_report_with_the_reason() {
        assertThat(SourcePath.of("README.md")).isEqualTo(new SourcePath.NotAReport(SourcePath.NOT_A_CSV_UNDER_A_DAY));
        assertThat(SourcePath.of("2025/11/prod.csv")).isEqualTo(new SourcePath.NotAReport(SourcePath.NOT_A_CSV_UNDER_A_DAY));
        assertThat(SourcePath.of("2025/11/30/prod.txt")).isEqualTo(new SourcePath.NotAReport(SourcePath.NOT_A_CSV_UNDER_A_DAY));
        assertThat(SourcePath.of("2025/11/30/.DS_Store")).isEqualTo(new SourcePath.NotAReport(SourcePath.NOT_A_CSV_UNDER_A_DAY));
        assertThat(SourcePath.of("2025/02/30/prod.csv")).isEqualTo(new SourcePath.NotAReport("the folder 2025/02/30 is not a date"));
        assertThat(SourcePath.of("2025/11/30/.csv")).isEqualTo(new SourcePath.NotAReport("a file named .csv has no account name"));
        assertThat(SourcePath.of("2025/11/30/team/prod.csv")).isInstanceOfSatisfying(SourcePath.NotAReport.class,
                notAReport -> assertThat(notAReport.reason()).startsWith("nested below the day folder"));
    }
}
