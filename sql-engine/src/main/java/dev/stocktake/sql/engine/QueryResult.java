package dev.stocktake.sql.engine;

import java.util.List;

/**
 * The rows of one query, values as Java objects ({@code String}, {@code Long}, {@code Boolean}, {@code Double},
 * {@code BigDecimal}, {@code LocalDate}, {@code LocalDateTime}, {@code List}; SQL NULL as {@code null}), and what it read.
 *
 * @param columns           column names
 * @param types             Trino type names, e.g. {@code varchar}, {@code date}, {@code timestamp(3)}
 * @param rows              rows in result order
 * @param physicalInputBytes bytes read from the report files
 * @param scanSplits        splits read by table scans (one per report file read, for files this small)
 * @param elapsedMillis     wall time on the engine
 */
public record QueryResult(List<String> columns, List<String> types, List<List<Object>> rows,
                          long physicalInputBytes, int scanSplits, long elapsedMillis) {

    public QueryResult {
        columns = List.copyOf(columns);
        types = List.copyOf(types);
        rows = List.copyOf(rows);
    }
}
