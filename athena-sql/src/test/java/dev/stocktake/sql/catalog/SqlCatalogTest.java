package dev.stocktake.sql.catalog;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The shipped SQL files keep the house rules the CDK app and the CLI rely on. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class SqlCatalogTest {

    private static final SqlCatalog CATALOG = SqlCatalog.shipped();
    private static final Pattern UPPER_CASE_KEYWORD = Pattern.compile(
            "\\b(SELECT|FROM|WHERE|GROUP|ORDER|BY|JOIN|LEFT|UNION|ALL|WITH|AS|CASE|WHEN|THEN|ELSE|END|AND|OR|NOT|"
                    + "IN|IS|NULL|CREATE|REPLACE|VIEW|DISTINCT|OVER|PARTITION|LIMIT|CAST|ON|CROSS|FULL|BETWEEN|DESC)\\b");

    @Test
    void views_are_listed_in_creation_order() {
        assertThat(CATALOG.views()).extracting(SqlFile::name).containsExactly(
                "allowlist_entries", "report_rows", "iam_users", "console_users", "daily_counts", "user_changes", "stale_credentials",
                "goal_progress", "accounts_by_day", "coverage", "missing_reports", "iam_users_by_org", "allowlist_findings",
                "allowlist_review");
    }

    @Test
    void every_view_comes_after_the_views_it_reads() {
        List<SqlFile> views = CATALOG.views();
        for (int i = 0; i < views.size(); i++) {
            for (int later = i + 1; later < views.size(); later++) {
                assertThat(views.get(i).statement())
                        .as("%s reads %s, which is created after it", views.get(i).name(), views.get(later).name())
                        .doesNotContainPattern("\\b" + views.get(later).name() + "\\b");
            }
        }
    }

    @Test
    void every_sql_file_in_the_folders_is_listed_and_every_listed_name_has_a_file() throws IOException {
        assertThat(sqlFileNames(Path.of("views"))).containsExactlyInAnyOrderElementsOf(
                CATALOG.views().stream().map(SqlFile::name).toList());
        assertThat(sqlFileNames(Path.of("queries"))).containsExactlyInAnyOrderElementsOf(
                CATALOG.queries().stream().map(SqlFile::name).toList());
    }

    @Test
    void the_queries_the_issue_asks_for_are_shipped() {
        assertThat(CATALOG.queries()).extracting(SqlFile::name).containsExactly(
                "console_users_unused_90_days", "accounts_with_most_console_users", "access_keys_older_than_90_days",
                "users_created_last_7_days", "today_vs_7_and_14_days_ago");
    }

    @Test
    void every_file_starts_with_a_comment_asking_its_question() {
        for (SqlFile file : all()) {
            assertThat(file.sql()).as(file.path()).startsWith("-- ");
            assertThat(file.description()).as(file.path()).contains("?");
        }
    }

    @Test
    void every_view_file_creates_the_view_it_is_named_after() {
        for (SqlFile view : CATALOG.views()) {
            assertThat(view.viewQuery()).as(view.path()).containsPattern("\\A(with|select)\\s");
        }
        assertThat(CATALOG.view("daily_counts").orElseThrow().viewQuery()).startsWith("select\n    dt,");
    }

    @Test
    void keywords_are_lower_case_throughout() {
        for (SqlFile file : all()) {
            String code = withoutCommentsAndStrings(file.sql());
            Matcher matcher = UPPER_CASE_KEYWORD.matcher(code);
            assertThat(matcher.find()).as("%s has an upper-case keyword: %s", file.path(),
                    matcher.hitEnd() ? "" : matcher.group()).isFalse();
        }
    }

    @Test
    void no_file_names_a_catalog_or_schema() {
        for (SqlFile file : all()) {
            assertThat(withoutCommentsAndStrings(file.sql())).as(file.path())
                    .doesNotContainPattern("(?i)\\b(awsdatacatalog|stocktake)\\s*\\.")
                    .doesNotContainPattern("(?i)\\b(from|join)\\s+[a-z_]+\\.(credential_reports|iam_users|console_users|"
                            + "daily_counts|user_changes|stale_credentials|goal_progress|accounts|accounts_by_day|coverage|"
                            + "missing_reports|iam_users_by_org|allowlist|allowlist_entries|allowlist_findings|allowlist_review)\\b");
        }
    }

    /**
     * Functions the files call, all in Athena engine v3's function list
     * (https://docs.aws.amazon.com/athena/latest/ug/functions-env3.html); extend it only after checking there.
     */
    private static final java.util.Set<String> ATHENA_V3_FUNCTIONS = java.util.Set.of(
            "cast", "coalesce", "count", "count_if", "date_add", "date_diff", "date_parse", "dense_rank", "floor",
            "ceil", "from_iso8601_timestamp", "greatest", "if", "json_extract_scalar", "lag", "lead", "max", "max_by", "min", "nullif",
            "regexp_extract", "round", "sum", "url_decode",
            // the allowlist (allowlist_entries, iam_users): string, array and lambda functions, and the ROW constructor
            "trim", "replace", "chr", "lower", "strpos", "array_agg", "element_at", "array_sort", "transform", "filter", "row",
            // user_changes: cross join unnest (Athena v3 documents it for flattening arrays)
            "unnest");
    private static final java.util.Set<String> NOT_FUNCTIONS = java.util.Set.of(
            "in", "as", "and", "or", "not", "over", "from", "join", "on", "exists", "with", "select", "where", "by",
            "when", "then", "else", "view", "is");

    @Test
    void every_function_called_is_an_athena_v3_function() {
        for (SqlFile file : all()) {
            // "as name (" is an alias with a column list (unnest(...) as c (kind)) or a type (cast(x as row(...)))
            Matcher call = Pattern.compile("(\\bas\\s+)?\\b([a-z_0-9]+)\\s*\\(").matcher(withoutCommentsAndStrings(file.sql()));
            while (call.find()) {
                String name = call.group(2);
                if (call.group(1) == null && !NOT_FUNCTIONS.contains(name) && !isCteName(file, name)) {
                    assertThat(ATHENA_V3_FUNCTIONS).as("%s calls %s()", file.path(), name).contains(name);
                }
            }
        }
    }

    private static boolean isCteName(SqlFile file, String name) {
        return Pattern.compile("\\b" + name + "\\s+as\\s*\\(").matcher(file.sql()).find();
    }

    private static List<SqlFile> all() {
        return Stream.concat(CATALOG.views().stream(), CATALOG.queries().stream()).toList();
    }

    private static List<String> sqlFileNames(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(path -> path.getFileName().toString())
                    .filter(name -> name.endsWith(".sql"))
                    .map(name -> name.substring(0, name.length() - ".sql".length()))
                    .toList();
        }
    }

    private static String withoutCommentsAndStrings(String sql) {
        return sql.replaceAll("--[^\\n]*", "").replaceAll("'[^']*'", "''").replaceAll("\"[^\"]*\"", "\"\"");
    }
}
