package dev.stocktake.dashboard;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One result the dashboard is built from: what it answers, the SQL that produced it (over the shipped views),
 * and its rows with values as JSON-friendly Java values (dates and timestamps as ISO strings).
 *
 * @param name     file and key name, e.g. {@code daily_totals}
 * @param question the question the rows answer
 * @param sql      the statement that produced them
 */
public record Dataset(String name, String question, String sql, List<String> columns, List<List<Object>> rows) {

    public Dataset {
        columns = List.copyOf(columns);
        List<List<Object>> copy = new ArrayList<>(rows.size());
        for (List<Object> row : rows) {
            copy.add(Collections.unmodifiableList(new ArrayList<>(row)));
        }
        rows = Collections.unmodifiableList(copy);
    }

    /** The index of {@code column}. */
    public int column(String column) {
        int index = columns.indexOf(column);
        if (index < 0) {
            throw new IllegalArgumentException(name + " has no column " + column + "; it has " + columns);
        }
        return index;
    }

    /** The values of {@code column}, in row order. */
    public List<Object> values(String column) {
        int index = column(column);
        return rows.stream().map(row -> row.get(index)).toList();
    }

    /** The value of {@code column} in the first row, or {@code null} when there is no row. */
    public Object first(String column) {
        return rows.isEmpty() ? null : rows.getFirst().get(column(column));
    }
}
