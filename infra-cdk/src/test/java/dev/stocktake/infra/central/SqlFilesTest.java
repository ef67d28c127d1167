package dev.stocktake.infra.central;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stocktake.infra.RepoPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class SqlFilesTest {
    @TempDir
    Path dir;

    @Test
    void views_follow_views_txt_and_plain_selects_are_wrapped_in_create_or_replace_view() throws IOException {
        Files.writeString(dir.resolve("a.sql"), "-- Reads b.\nselect * from b\n");
        Files.writeString(dir.resolve("b.sql"), "-- The base.\n-- Second line.\nCREATE VIEW b AS SELECT 1 AS x;\n");
        Files.writeString(dir.resolve("views.txt"), "# b first\nb\na\n");
        List<SqlFiles.SqlFile> views = SqlFiles.views(dir);
        assertThat(views).extracting(SqlFiles.SqlFile::name).containsExactly("b", "a");
        assertThat(views.get(0).sql()).isEqualTo("CREATE OR REPLACE VIEW b AS SELECT 1 AS x");
        assertThat(views.get(0).description()).isEqualTo("The base. Second line.");
        assertThat(views.get(1).sql()).isEqualTo("CREATE OR REPLACE VIEW a AS\nselect * from b");
    }

    @Test
    void without_an_order_file_views_follow_file_names() throws IOException {
        Files.writeString(dir.resolve("02_late.sql"), "select 2");
        Files.writeString(dir.resolve("01_early.sql"), "select 1");
        assertThat(SqlFiles.views(dir)).extracting(SqlFiles.SqlFile::name).containsExactly("01_early", "02_late");
    }

    @Test
    void a_view_missing_from_views_txt_fails_synth() throws IOException {
        Files.writeString(dir.resolve("a.sql"), "select 1");
        Files.writeString(dir.resolve("b.sql"), "select 2");
        Files.writeString(dir.resolve("views.txt"), "a\n");
        assertThatThrownBy(() -> SqlFiles.views(dir)).hasMessageContaining("does not list [b.sql]");
    }

    @Test
    void a_name_in_views_txt_without_its_file_fails_synth() throws IOException {
        Files.writeString(dir.resolve("a.sql"), "select 1");
        Files.writeString(dir.resolve("views.txt"), "a\nghost\n");
        assertThatThrownBy(() -> SqlFiles.views(dir)).hasMessageContaining("lists ghost");
    }

    @Test
    void an_absent_directory_has_no_views_or_queries() {
        assertThat(SqlFiles.views(dir.resolve("nope"))).isEmpty();
        assertThat(SqlFiles.queries(dir.resolve("nope"))).isEmpty();
    }

    @Test
    void athena_sqls_real_files_give_one_view_and_one_query_per_file_in_their_documented_order() throws IOException {
        RepoPaths paths = RepoPaths.locate();
        List<SqlFiles.SqlFile> views = SqlFiles.views(paths.viewsDir());
        assertThat(views).hasSize(countSql(paths.viewsDir()));
        assertThat(views).allSatisfy(v -> assertThat(v.sql()).startsWithIgnoringCase("create or replace view " + v.name()));
        if (Files.isRegularFile(paths.viewsDir().resolve("views.txt"))) {
            assertThat(views).extracting(SqlFiles.SqlFile::name).containsExactlyElementsOf(listed(paths.viewsDir().resolve("views.txt")));
        }
        List<SqlFiles.SqlFile> queries = SqlFiles.queries(paths.queriesDir());
        assertThat(queries).hasSize(countSql(paths.queriesDir()));
        assertThat(queries).allSatisfy(q -> assertThat(q.description()).isNotBlank());
    }

    private static int countSql(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(dir)) {
            return (int) files.filter(p -> p.toString().endsWith(".sql")).count();
        }
    }

    private static List<String> listed(Path file) throws IOException {
        return Files.readAllLines(file).stream().map(l -> l.replaceFirst("#.*", "").strip())
                .filter(l -> !l.isEmpty()).map(l -> l.endsWith(".sql") ? l.substring(0, l.length() - 4) : l).toList();
    }
}
