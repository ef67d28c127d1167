package dev.stocktake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import dev.stocktake.cli.importer.HistoryFixtures;
import dev.stocktake.report.ReportKeys;
import dev.stocktake.sql.engine.LocalAthena;

/**
 * Each day's rejected files are checked once by the shipped view and then read from the cache while the day's files
 * stay the same (one engine over two days of reports; the tests run in order, each on what the ones before left).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class RejectedFilesTest {

    private static final LocalDate FIRST = LocalDate.of(2026, 3, 1);
    private static final LocalDate SECOND = LocalDate.of(2026, 3, 2);
    private static final String NOT_A_KEY = "not a report key: expected YYYY/MM/DD/<percent-encoded name>@<12-digit account id>.csv";

    private LocalAthena athena;
    private Path reports;
    private Path cache;

    @BeforeAll
    void start(@TempDir Path dir) throws IOException {
        reports = dir.resolve("reports");
        cache = dir.resolve("cache");
        for (LocalDate day : List.of(FIRST, SECOND)) {
            Path folder = Files.createDirectories(reports.resolve(ReportKeys.datePath(day)));
            Files.write(folder.resolve(ReportKeys.encodeName("prod") + "@111122223333.csv"), HistoryFixtures.awsReport("111122223333"));
        }
        Files.write(reports.resolve(ReportKeys.datePath(FIRST)).resolve("legacy.csv"), HistoryFixtures.awsReport("444455556666"));
        athena = LocalAthena.start(reports);
    }

    @AfterAll
    void stop() {
        athena.close();
    }

    private List<RejectedFiles.Rejected> both() {
        return RejectedFiles.on(athena, new TreeSet<>(List.of(FIRST, SECOND)), cache);
    }

    private List<Path> entries() throws IOException {
        try (Stream<Path> files = Files.list(cache.resolve("rejected"))) {
            return files.sorted().toList();
        }
    }

    private Path entryOf(LocalDate day) {
        return cache.resolve("rejected").resolve(RejectedFiles.key(athena.definitionsKey(), athena.folder().root(), day) + ".json");
    }

    @Test
    @Order(1)
    void each_day_is_checked_by_the_view_and_its_answer_kept_without_a_line_of_any_report() throws IOException {
        assertThat(both()).containsExactly(new RejectedFiles.Rejected(FIRST, "2026/03/01/legacy.csv", NOT_A_KEY));

        assertThat(entries()).containsExactlyInAnyOrder(entryOf(FIRST), entryOf(SECOND));
        assertThat(Files.readString(entryOf(FIRST)))
                .isEqualTo("[{\"file\":\"2026/03/01/legacy.csv\",\"reason\":\"" + NOT_A_KEY + "\"}]");
        assertThat(Files.readString(entryOf(SECOND))).isEqualTo("[]");
    }

    @Test
    @Order(2)
    void a_kept_answer_is_what_is_said_while_the_day_s_files_stay_the_same() throws IOException {
        // an answer the view could never give: seeing it proves the engine was not asked again
        Files.writeString(entryOf(FIRST), "[{\"file\":\"2026/03/01/legacy.csv\",\"reason\":\"as kept\"}]");

        assertThat(both()).containsExactly(new RejectedFiles.Rejected(FIRST, "2026/03/01/legacy.csv", "as kept"));
    }

    @Test
    @Order(3)
    void a_damaged_answer_is_checked_again_and_rewritten() throws IOException {
        Files.writeString(entryOf(FIRST), "{not json");

        assertThat(both()).containsExactly(new RejectedFiles.Rejected(FIRST, "2026/03/01/legacy.csv", NOT_A_KEY));
        assertThat(Files.readString(entryOf(FIRST))).contains(NOT_A_KEY);
    }

    @Test
    @Order(4)
    void a_file_added_to_a_day_makes_the_day_checked_again_and_the_other_day_stays_kept() throws IOException {
        Files.writeString(entryOf(SECOND), "[{\"file\":\"2026/03/02/x.csv\",\"reason\":\"as kept\"}]");
        Path first = entryOf(FIRST);
        Files.write(reports.resolve(ReportKeys.datePath(FIRST)).resolve("notes.csv"), HistoryFixtures.awsReport("444455556666"));

        assertThat(entryOf(FIRST)).isNotEqualTo(first);
        assertThat(both()).containsExactly(
                new RejectedFiles.Rejected(SECOND, "2026/03/02/x.csv", "as kept"),
                new RejectedFiles.Rejected(FIRST, "2026/03/01/legacy.csv", NOT_A_KEY),
                new RejectedFiles.Rejected(FIRST, "2026/03/01/notes.csv", NOT_A_KEY));
    }

    @Test
    @Order(5)
    void after_a_statement_that_may_change_a_view_answers_are_neither_used_nor_kept() throws IOException {
        int kept = entries().size();
        athena.execute("<test>", "create or replace view rejected_reports as select * from (values (date '2026-03-02', "
                + "'local:///elsewhere/x.csv', cast(null as varchar), cast(null as varchar), 'replaced', bigint '0', "
                + "cast(null as varchar))) as t(dt, source_file, account_id, account_name, reason, bad_rows, example_bad_user)");

        assertThat(both()).containsExactly(new RejectedFiles.Rejected(SECOND, "local:///elsewhere/x.csv", "replaced"));
        assertThat(entries()).hasSize(kept);
    }
}
