package dev.stocktake.sql.engine;

import dev.stocktake.sql.catalog.SqlCatalog;
import dev.stocktake.sql.catalog.SqlFile;
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

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The engine creates a shipped view when a statement first reads it, and records the report days statements read
 * (one engine over the fixture reports; the tests run in order, each on what the ones before left).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class LazyViewsTest {

    static final List<String> ALL = SqlCatalog.shipped().views().stream().map(SqlFile::name).toList();

    LocalAthena athena;
    LocalAthena.Ahead ahead;
    ReportFolder folder;

    /** Started as {@code stocktake sql} starts it: the server ahead, while the folder is scanned. */
    @BeforeAll
    void start(@TempDir Path reports) {
        ahead = LocalAthena.startAhead();
        folder = ReportFolder.scan(ReportFixtures.copyTo(reports));
        athena = ahead.start(folder);
    }

    @AfterAll
    void stop() {
        if (athena != null) {
            athena.close();
        }
        ahead.close();
    }

    @Test
    @Order(1)
    void a_statement_that_reads_no_view_creates_none_and_reads_no_report_day() {
        assertThat(athena.execute("<test>", "select 1").rows()).containsExactly(List.of(1));

        assertThat(athena.createdViews()).isEmpty();
        assertThat(athena.reportDaysRead()).isEmpty();
        assertThat(athena.hasView("console_users")).as("created on first use").isTrue();
        assertThat(athena.hasView("no_such_view")).isFalse();
    }

    @Test
    @Order(2)
    void a_statement_creates_the_views_it_names_and_those_they_read_only_and_reads_the_days_it_asks_for() {
        assertThat(athena.execute("<test>", "select count(*) from CONSOLE_USERS where dt = date '2026-03-02'").rows())
                .hasSize(1);

        assertThat(athena.createdViews())
                .contains("console_users", "iam_users", "checked_rows", "report_rows")
                .doesNotContain("milestone_blockers", "owner_todo", "coverage", "goal_progress");
        assertThat(athena.reportDaysRead()).containsExactly(LocalDate.of(2026, 3, 2));
        assertThat(athena.hasView("console_users")).isTrue();
    }

    @Test
    @Order(3)
    void a_statement_without_a_day_filter_reads_every_projected_day() {
        athena.execute("<test>", "select count(*) from iam_users");

        assertThat(athena.reportDaysRead()).contains(LocalDate.of(2026, 2, 19), LocalDate.of(2026, 3, 4),
                LocalDate.of(2026, 3, 5));
    }

    @Test
    @Order(4)
    void a_quoted_name_in_capitals_finds_its_view() {
        assertThat(athena.execute("<test>", "select count(*) from \"OWNER_TODO\"").rows()).hasSize(1);
        assertThat(athena.createdViews()).contains("owner_todo").doesNotContain("milestone_blockers");
    }

    @Test
    @Order(5)
    void listing_the_tables_shows_every_view_as_athena_does() {
        List<Object> tables = athena.execute("<test>", "show tables").rows().stream().map(row -> row.getFirst()).toList();

        assertThat(tables).containsAll(ALL);
        assertThat(athena.createdViews()).containsExactlyInAnyOrderElementsOf(ALL);
    }

    @Test
    @Order(6)
    void a_dropped_view_is_gone_and_not_created_again() {
        athena.execute("<test>", "drop view milestone_blockers");

        assertThat(athena.hasView("milestone_blockers")).isFalse();
        assertThat(athena.execute("<test>", "show tables").rows().stream().map(row -> row.getFirst()))
                .doesNotContain("milestone_blockers");
    }

    @Test
    @Order(7)
    void the_server_started_ahead_goes_to_one_engine_only() {
        assertThatThrownBy(() -> ahead.start(folder)).isInstanceOf(IllegalStateException.class)
                .hasMessage("the engine started ahead was already taken");
    }

    @Test
    @Order(8)
    void a_server_started_ahead_and_closed_unused_serves_no_engine() {
        LocalAthena.Ahead unused = LocalAthena.startAhead();
        unused.close();

        assertThatThrownBy(() -> unused.start(folder)).isInstanceOf(IllegalStateException.class)
                .hasMessage("the engine started ahead was closed");
    }
}
