package dev.stocktake.sql.engine;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ResultFormatTest {

    private static final QueryResult RESULT = new QueryResult(
            List.of("dt", "account_name", "users", "last_used"),
            List.of("date", "varchar", "bigint", "timestamp(3)"),
            List.of(
                    Arrays.asList(LocalDate.of(2026, 3, 5), "team a/b", 12L, LocalDateTime.of(2026, 2, 18, 17, 30)),
                    Arrays.asList(LocalDate.of(2026, 3, 5), "say \"hi\", all", 3L, null)),
            0, 0, 0);

    @Test
    void table_aligns_columns_and_shows_null() {
        assertThat(print(ResultFormat.TABLE)).isEqualTo("""
                dt         | account_name  | users | last_used
                -----------+---------------+-------+------------------------
                2026-03-05 | team a/b      |    12 | 2026-02-18 17:30:00.000
                2026-03-05 | say "hi", all |     3 | NULL
                (2 rows)
                """);
    }

    @Test
    void csv_quotes_where_needed_and_leaves_null_empty() {
        assertThat(print(ResultFormat.CSV)).isEqualTo(
                "dt,account_name,users,last_used\r\n"
                        + "2026-03-05,team a/b,12,2026-02-18 17:30:00.000\r\n"
                        + "2026-03-05,\"say \"\"hi\"\", all\",3,\r\n");
    }

    @Test
    void json_keeps_numbers_and_nulls() {
        assertThat(print(ResultFormat.JSON).replaceAll("\\s+", "")).isEqualTo(
                "[{\"dt\":\"2026-03-05\",\"account_name\":\"teama/b\",\"users\":12,\"last_used\":\"2026-02-1817:30:00.000\"},"
                        + "{\"dt\":\"2026-03-05\",\"account_name\":\"say\\\"hi\\\",all\",\"users\":3,\"last_used\":null}]");
    }

    private static String print(ResultFormat format) {
        StringWriter text = new StringWriter();
        format.write(RESULT, new PrintWriter(text));
        return text.toString().replace(System.lineSeparator(), "\n").replace("\r\n", "\r\n");
    }
}
