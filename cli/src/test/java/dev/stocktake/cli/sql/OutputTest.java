package dev.stocktake.cli.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import dev.stocktake.sql.engine.QueryResult;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class OutputTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private static QueryResult rows(int count) {
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            rows.add(List.<Object>of((long) i, "name" + i, "wide" + i));
        }
        return new QueryResult(List.of("n", "name", "extra"), List.of("bigint", "varchar", "varchar"), rows, 0, 0, 0);
    }

    private void print(Output output, QueryResult result, List<String> shortColumns) {
        output.print(result, shortColumns, new PrintWriter(out), new PrintWriter(err), "--limit N or --all");
    }

    @Test
    void a_table_shows_100_rows_and_says_how_many_more() {
        print(Output.of("table", null, false), rows(250), List.of());

        assertThat(out.toString().lines()).hasSize(2 + 100 + 1).last().isEqualTo("(100 rows)");
        assertThat(err.toString()).isEqualTo("150 more rows not shown (--limit N or --all)" + System.lineSeparator());
    }

    @Test
    void csv_and_json_print_every_row_and_column_unless_limited() {
        print(Output.of("csv", null, false), rows(250), List.of("n"));
        assertThat(out.toString().split("\r\n")).hasSize(251);
        assertThat(out.toString()).startsWith("n,name,extra\r\n");
        assertThat(err.toString()).isEmpty();

        out.getBuffer().setLength(0);
        print(Output.of("json", 2, false), rows(3), List.of());
        assertThat(out.toString()).contains("\"name\" : \"name1\"").doesNotContain("name2");
        assertThat(err.toString()).isEqualTo("1 more row not shown (--limit N or --all)" + System.lineSeparator());
    }

    @Test
    void a_narrow_table_shows_the_short_columns_and_wide_all_of_them() {
        print(Output.of("table", null, true), rows(2), List.of("name", "n"));
        assertThat(out.toString().lines().findFirst()).contains("name  | n");
        assertThat(err.toString()).isEqualTo("2 of 3 columns shown (-o wide for all)" + System.lineSeparator());

        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        print(Output.of("wide", null, false), rows(2), List.of("name", "n"));
        assertThat(out.toString().lines().findFirst()).contains("n | name  | extra");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void bad_flags_are_named() {
        assertThatThrownBy(() -> Output.of("xml", null, false)).hasMessage("-o/--format must be table, wide, csv or json, got: xml");
        assertThatThrownBy(() -> Output.of("table", 0, false)).hasMessage("--limit must be 1 or more, got: 0");
        assertThatThrownBy(() -> Output.of("table", 5, true)).hasMessage("--limit and --all contradict each other: give one");
        assertThat(Output.of("TABLE", null, true).limit()).isEqualTo(-1);
    }
}
