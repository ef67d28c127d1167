package dev.stocktake.sql.engine;

import dev.stocktake.sql.catalog.SqlCatalog;
import dev.stocktake.sql.catalog.SqlFile;
import dev.stocktake.sql.table.TableDefinition;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The shipped views' definitions kept between runs: a later engine copies them instead of creating them. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ViewCacheTest {

    private static final String QUESTION = "select dt, account_id, user_name from console_users where dt = date '2026-03-02' order by 2, 3";

    @Test
    void a_later_engine_copies_the_views_an_earlier_one_created_and_answers_the_same(@TempDir Path reports, @TempDir Path cache)
            throws IOException {
        ReportFolder folder = ReportFolder.scan(ReportFixtures.copyTo(reports));
        List<List<Object>> first;
        try (LocalAthena athena = LocalAthena.start(folder, cache)) {
            assertThat(athena.createdViews()).as("an empty cache gives nothing").isEmpty();
            first = athena.execute("<test>", QUESTION).rows();
        }
        assertThat(first).isNotEmpty();
        List<Path> kept = kept(cache);
        assertThat(kept).extracting(path -> path.getParent().getFileName().toString())
                .contains("console_users", "iam_users", "checked_rows", "report_rows")
                .doesNotContain("owner_todo", "coverage");
        for (Path view : kept) {
            // a view's SQL, columns and grants, never a report's line or the folder it was read from
            assertThat(Files.readString(view)).contains("\"tableType\" : \"VIRTUAL_VIEW\"")
                    .doesNotContain(reports.toString());
        }

        try (LocalAthena athena = LocalAthena.start(folder, cache)) {
            assertThat(athena.createdViews()).as("copied before any statement")
                    .contains("console_users", "iam_users", "checked_rows", "report_rows");
            assertThat(athena.hasView("console_users")).isTrue();
            assertThat(athena.execute("<test>", QUESTION).rows()).isEqualTo(first);
            // a view not kept yet is created when read, and kept for the next run
            assertThat(athena.execute("<test>", "select count(*) from coverage").rows()).hasSize(1);
        }
        assertThat(kept(cache)).extracting(path -> path.getParent().getFileName().toString()).contains("coverage");
    }

    @Test
    void a_cache_that_cannot_be_written_changes_nothing_but_the_time(@TempDir Path reports, @TempDir Path dir) throws IOException {
        Path notAFolder = Files.writeString(dir.resolve("cache"), "a file where the cache folder would be");
        ReportFolder folder = ReportFolder.scan(ReportFixtures.copyTo(reports));
        try (LocalAthena athena = LocalAthena.start(folder, notAFolder)) {
            assertThat(athena.execute("<test>", QUESTION).rows()).isNotEmpty();
            assertThat(athena.createdViews()).contains("console_users");
        }
        assertThat(Files.readString(notAFolder)).isEqualTo("a file where the cache folder would be");
    }

    @Test
    void the_key_changes_with_any_view_s_sql_the_tables_the_access_rules_or_the_user() {
        List<SqlFile> views = SqlCatalog.shipped().views();
        List<TableDefinition> tables = List.of(TableDefinition.credentialReportsAt("local:///data/", "", LocalDate.of(2026, 1, 1)));
        String key = ViewCache.key(views, tables, LocalAthena.ACCESS_RULES, "user");

        assertThat(ViewCache.key(views, tables, LocalAthena.ACCESS_RULES, "user")).isEqualTo(key).hasSize(64);
        // where the data is does not matter: a stored view names no folder
        assertThat(ViewCache.key(views, List.of(TableDefinition.credentialReportsAt("local:///elsewhere/", "", LocalDate.of(2025, 6, 1))),
                LocalAthena.ACCESS_RULES, "user")).isEqualTo(key);
        List<SqlFile> changed = new ArrayList<>(views);
        SqlFile last = changed.removeLast();
        changed.add(new SqlFile(last.name(), last.path(), last.sql() + "\n-- changed"));
        assertThat(ViewCache.key(changed, tables, LocalAthena.ACCESS_RULES, "user")).isNotEqualTo(key);
        assertThat(ViewCache.key(views, List.of(tables.getFirst(), TableDefinition.allowlistAt("local:///data/", "")),
                LocalAthena.ACCESS_RULES, "user")).isNotEqualTo(key);
        assertThat(ViewCache.key(views, tables, LocalAthena.ACCESS_RULES.replace("OWNERSHIP", ""), "user")).isNotEqualTo(key);
        assertThat(ViewCache.key(views, tables, LocalAthena.ACCESS_RULES, "someone")).isNotEqualTo(key);
    }

    /** The views' stored definitions in the cache. */
    private static List<Path> kept(Path cache) throws IOException {
        try (Stream<Path> files = Files.walk(cache)) {
            return files.filter(path -> path.getFileName().toString().equals(".trinoSchema")).toList();
        }
    }
}
