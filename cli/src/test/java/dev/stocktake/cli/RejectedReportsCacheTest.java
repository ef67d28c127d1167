package dev.stocktake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.stocktake.cli.importer.HistoryFixtures;
import dev.stocktake.report.ReportKeys;
import dev.stocktake.sql.engine.LocalAthena;

/**
 * The warning of {@code report}, {@code todo} and {@code demo} over every day of the folder, with a cache: every
 * day's answer is kept, so a later question over one of those days finds it (the shipped view on real files).
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class RejectedReportsCacheTest {

    @Test
    void every_day_is_checked_and_kept_and_the_warning_is_the_one_without_a_cache(@TempDir Path reports, @TempDir Path cache)
            throws IOException {
        LocalDate first = LocalDate.of(2026, 3, 1);
        LocalDate second = LocalDate.of(2026, 3, 2);
        for (LocalDate day : List.of(first, second)) {
            Path folder = Files.createDirectories(reports.resolve(ReportKeys.datePath(day)));
            Files.write(folder.resolve(ReportKeys.encodeName("prod") + "@111122223333.csv"), HistoryFixtures.awsReport("111122223333"));
        }
        Files.write(reports.resolve(ReportKeys.datePath(second)).resolve("legacy.csv"), HistoryFixtures.awsReport("444455556666"));

        try (LocalAthena athena = LocalAthena.start(reports)) {
            String withCache = RejectedReports.warning(athena, "stocktake report", "/data", cache);

            assertThat(withCache).isEqualTo(RejectedReports.warning(athena, "stocktake report", "/data"))
                    .contains("2026-03-02  2026/03/02/legacy.csv: not a report key");
            try (Stream<Path> kept = Files.list(cache.resolve("rejected"))) {
                assertThat(kept.toList()).as("one answer per day of the folder").hasSize(2);
            }
            // a question over one of those days finds its answer kept: the same warning, from the cache
            assertThat(RejectedReports.warning(athena, "stocktake sql", "/data", new TreeSet<>(List.of(second)), cache))
                    .isEqualTo(withCache.replace("stocktake report", "stocktake sql"));
        }
    }
}
