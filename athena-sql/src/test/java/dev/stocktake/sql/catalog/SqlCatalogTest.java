package dev.stocktake.sql.catalog;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The shipped SQL files keep the house rules the CDK app and the CLI rely on. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class SqlCatalogTest {

    private static final SqlCatalog CATALOG = SqlCatalog.shipped();
    /** Athena engine v3's functions, from athena-sql/src/test/resources/athena-engine-v3-functions.txt. */
    private static final AthenaFunctions ATHENA = AthenaFunctions.shipped();
    private static final Pattern UPPER_CASE_KEYWORD = Pattern.compile(
            "\\b(SELECT|FROM|WHERE|GROUP|ORDER|BY|JOIN|LEFT|UNION|ALL|WITH|AS|CASE|WHEN|THEN|ELSE|END|AND|OR|NOT|"
                    + "IN|IS|NULL|CREATE|REPLACE|VIEW|DISTINCT|OVER|PARTITION|LIMIT|CAST|ON|CROSS|FULL|BETWEEN|DESC)\\b");

    @Test
    void views_are_listed_in_creation_order() {
        assertThat(CATALOG.views()).extracting(SqlFile::name).containsExactly(
                "allowlist_entries", "report_rows", "checked_rows", "rejected_reports", "iam_users", "remediation_timeline", "remediation_status", "console_users", "daily_counts",
                "daily_counts_filled", "user_changes", "stale_credentials", "goal_progress", "accounts_by_day", "coverage", "missing_reports", "iam_users_by_org", "allowlist_findings",
                "allowlist_review", "migration_status", "owner_todo", "milestone_progress", "milestone_blockers");
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
                            + "missing_reports|iam_users_by_org|allowlist|allowlist_entries|allowlist_findings|allowlist_review|"
                            + "identity_center|iam_details|identity_mapping|migration_settings|milestones|migration_status|"
                            + "owner_todo|milestone_progress|milestone_blockers)\\b");
        }
    }

    @Test
    void every_function_called_is_an_athena_v3_function() {
        assertThat(all().stream().flatMap(file -> ATHENA.callsOutside(file).stream()).toList()).isEmpty();
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
        return SqlCalls.withoutCommentsAndStrings(sql);
    }

    private static List<String> names(String sql) {
        return SqlCalls.calls(sql).stream().map(SqlCalls.Call::name).toList();
    }

    private static SqlFile view(String name, String body) {
        return new SqlFile(name, "athena-sql/views/" + name + ".sql",
                "-- Which test?\ncreate or replace view " + name + " as\n" + body + "\n");
    }

    @Nested
    class The_athena_function_check {

        @Test
        void fails_a_view_that_calls_a_function_athena_does_not_have_naming_the_file_line_and_function() {
            SqlFile view = view("made_up", "select lower(a),\n    FROBNICATE(b)\nfrom t");

            assertThat(ATHENA.callsOutside(view)).containsExactly("athena-sql/views/made_up.sql line 4 calls frobnicate(), "
                    + "which athena-sql/src/test/resources/athena-engine-v3-functions.txt does not list as an Athena engine v3 "
                    + "function (see that file's header before adding it)");
        }

        @Test
        void fails_a_trino_function_not_shown_to_exist_in_athena() {
            // array_first is in Trino's current function list, commented out in ours: nothing shows Athena has it
            assertThat(ATHENA.callsOutside(view("trino_only", "select array_first(a) from t")))
                    .singleElement().asString().contains("calls array_first()");
        }

        @Test
        void fails_a_connector_function_athena_does_not_support() {
            assertThat(ATHENA.callsOutside(view("connector", "select random_string(5) from t")))
                    .singleElement().asString().contains("calls random_string()");
        }

        @Test
        void passes_a_view_of_athena_functions_in_any_case_and_layout() {
            SqlFile view = view("fine", """
                    select TRY(from_iso8601_timestamp(a)) as at,
                           Max_By(b, c) over (partition by d order by e range between interval '3' day preceding and current row),
                           listagg(f, ',') within group (order by f),
                           count(*) filter (where regexp_like(g, '^x')),
                           cast(row(1, 'a') as row(n integer, s varchar(3))),
                           transform(sequence(1, 3), x -> x + 1)
                    from t cross join unnest(split(h, ',')) as u (part)""");

            assertThat(ATHENA.callsOutside(view)).isEmpty();
        }

        @Test
        void has_every_function_the_reworked_views_are_to_use() {
            assertThat(ATHENA.names()).contains("try", "any_match", "all_match", "array_position", "cardinality", "contains",
                    "regexp_like", "regexp_extract", "url_decode", "from_iso8601_timestamp", "to_iso8601", "max_by", "min_by",
                    "count_if", "bool_and", "lead", "lag", "dense_rank", "row_number", "sequence", "date_add", "date_diff",
                    "least", "greatest", "array_join", "split_part", "lower", "strpos", "sum", "min", "max", "array_agg",
                    "element_at", "transform", "filter", "zip_with", "reduce", "if", "coalesce", "nullif", "cast");
        }
    }

    @Nested
    class The_athena_function_list {

        @Test
        void is_read_one_lower_case_name_a_line_skipping_comments_and_blank_lines() {
            AthenaFunctions list = AthenaFunctions.parse("# header\n\nlower\n  upper  \n#   array_first\n", "list.txt");

            assertThat(list.names()).containsExactlyInAnyOrder("lower", "upper");
        }

        @Test
        void rejects_a_name_that_is_not_lower_case_or_is_listed_twice_naming_file_and_line() {
            assertThatThrownBy(() -> AthenaFunctions.parse("lower\nST_Area\n", "list.txt"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("list.txt line 2: 'ST_Area' is not a function name");
            assertThatThrownBy(() -> AthenaFunctions.parse("lower\nupper\nlower\n", "list.txt"))
                    .hasMessage("list.txt line 3: lower is listed twice");
            assertThatThrownBy(() -> AthenaFunctions.parse("# only comments\n", "list.txt"))
                    .hasMessage("list.txt lists no function");
        }

        @Test
        void leaves_out_what_the_athena_documentation_does_not_show() {
            assertThat(ATHENA.names()).contains("listagg", "invoker_principal", "match_number", "st_area", "row", "unnest")
                    .doesNotContain("array_first", "ends_with", "json_query", "random_string", "objectid", "exclude_columns");
        }
    }

    @Nested
    class Reading_function_calls {

        @Test
        void finds_calls_in_any_case_and_with_the_parenthesis_after_spaces_or_a_newline() {
            assertThat(names("select LOWER(a), Upper (b), try\n(c), \"Strpos\"(d, 'x')"))
                    .containsExactly("lower", "upper", "try", "strpos");
        }

        @Test
        void finds_nested_calls_and_calls_inside_lambdas_and_filter_clauses() {
            assertThat(names("select count(*) filter (where any_match(a, x -> regexp_like(x, 'b')))"))
                    .containsExactly("count", "any_match", "regexp_like");
        }

        @Test
        void ignores_calls_written_in_comments_and_strings() {
            assertThat(names("""
                    -- frobnicate(a)
                    select /* frobnicate(b)
                       still a comment: frobnicate(c) */ 'frobnicate(d)', 'it''s frobnicate(e)', "frobnicate(f)" from t"""))
                    .isEmpty();
        }

        @Test
        void is_not_fooled_by_a_comment_marker_inside_a_string() {
            assertThat(names("select '--' || frobnicate(a), '/*' || frobnicate(b) from t -- */ ignored(c)"))
                    .containsExactly("frobnicate", "frobnicate");
        }

        @Test
        void reports_the_line_of_each_call_counting_lines_inside_comments_and_strings() {
            List<SqlCalls.Call> calls = SqlCalls.calls("select /* one\ntwo */ 'three\nfour',\n  frobnicate(a)");

            assertThat(calls).containsExactly(new SqlCalls.Call("frobnicate", 4));
        }

        @Test
        void does_not_take_keywords_aliases_types_or_cte_column_lists_for_calls() {
            assertThat(names("""
                    with t (a, b) as (select 1, 2)
                    select cast(x as row(a varchar(3), b array(decimal(10, 2)))),
                           y in (1, 2) and exists (select 1) and not (z),
                           rank() over (partition by a),
                           listagg(b, ',') within group (order by b)
                    from (values (1)) v (n) cross join unnest(c) as u (kind)
                    group by rollup (a, b)"""))
                    .containsExactly("cast", "rank", "listagg", "unnest");
        }

        @Test
        void fails_naming_the_line_when_a_string_or_comment_never_ends() {
            assertThatThrownBy(() -> SqlCalls.calls("select 1,\n'open"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("string literal opened on line 2 never ends");
            assertThatThrownBy(() -> SqlCalls.calls("select /* open"))
                    .hasMessage("block comment opened on line 1 never ends");
            assertThatThrownBy(() -> SqlCalls.calls("select \"open"))
                    .hasMessage("quoted identifier opened on line 1 never ends");
        }

        @Test
        void blanks_comments_and_strings_keeping_the_lines() {
            assertThat(SqlCalls.withoutCommentsAndStrings("select 'a--b', \"SELECT\" /* x\ny */ -- z\nfrom t"))
                    .isEqualTo("select '', \"\"" + " ".repeat(5) + "\n" + " ".repeat(9) + "\nfrom t");
        }
    }
}
