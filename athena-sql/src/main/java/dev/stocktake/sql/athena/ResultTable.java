package dev.stocktake.sql.athena;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The rows of one query as Athena returns them: every value a string ({@code VarCharValue}), SQL NULL as
 * {@code null}. Dates read {@code 2026-03-05}, timestamps {@code 2026-03-05 06:00:00.000}, booleans
 * {@code true}/{@code false}.
 *
 * @param columns column names, in result order
 * @param rows    rows in result order; a row may hold {@code null}s
 */
public record ResultTable(List<String> columns, List<List<String>> rows) {

    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

    public ResultTable {
        columns = List.copyOf(columns);
        List<List<String>> copy = new ArrayList<>(rows.size());
        for (List<String> row : rows) {
            if (row.size() != columns.size()) {
                throw new IllegalArgumentException("a row has " + row.size() + " values for " + columns.size() + " columns " + columns);
            }
            copy.add(Collections.unmodifiableList(new ArrayList<>(row)));
        }
        rows = Collections.unmodifiableList(copy);
    }

    /**
     * A table from Java values as a JDBC-like engine gives them (the embedded Trino's {@code QueryResult}, for
     * previews): each value written the way Athena writes it. {@code String}, {@code Number}, {@code Boolean},
     * {@code LocalDate}, {@code LocalDateTime}, {@code ZonedDateTime} and {@code BigDecimal} are understood;
     * anything else is written with {@code toString()}.
     */
    public static ResultTable fromValues(List<String> columns, List<? extends List<?>> rows) {
        List<List<String>> text = new ArrayList<>(rows.size());
        for (List<?> row : rows) {
            List<String> values = new ArrayList<>(row.size());
            for (Object value : row) {
                values.add(athenaText(value));
            }
            text.add(values);
        }
        return new ResultTable(columns, text);
    }

    static String athenaText(Object value) {
        return switch (value) {
            case null -> null;
            case String s -> s;
            case LocalDate date -> date.toString();
            case LocalDateTime timestamp -> TIMESTAMP.format(timestamp);
            case ZonedDateTime timestamp -> TIMESTAMP.format(timestamp.toLocalDateTime());
            case BigDecimal decimal -> decimal.toPlainString();
            default -> value.toString();
        };
    }

    /** The index of column {@code name}; fails naming the columns there are. */
    public int column(String name) {
        int index = columns.indexOf(name);
        if (index < 0) {
            throw new IllegalArgumentException("no column '" + name + "' in the result; columns: " + columns);
        }
        return index;
    }

    public boolean isEmpty() {
        return rows.isEmpty();
    }
}
