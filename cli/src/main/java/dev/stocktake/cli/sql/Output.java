package dev.stocktake.cli.sql;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.stocktake.sql.engine.QueryResult;
import dev.stocktake.sql.engine.ResultFormat;

/**
 * How results are printed: {@code table} (a view's short column set, the first {@value #DEFAULT_LIMIT} rows),
 * {@code wide} (every column, the same rows), {@code csv} and {@code json} (every column and row, for programs).
 *
 * @param format the printer
 * @param wide   every column, also of a view with a short set
 * @param limit  the most rows printed, or -1 for all
 */
public record Output(ResultFormat format, boolean wide, int limit) {

    /** Rows a table shows unless told otherwise: a terminal's worth and some. */
    public static final int DEFAULT_LIMIT = 100;

    /**
     * @param name     {@code table}, {@code wide}, {@code csv} or {@code json}
     * @param limit    {@code --limit}, or {@code null} for the format's default
     * @param all      {@code --all}: every row
     * @throws IllegalArgumentException naming the flag
     */
    public static Output of(String name, Integer limit, boolean all) {
        String lower = name.toLowerCase(Locale.ROOT);
        ResultFormat format;
        boolean wide = false;
        switch (lower) {
            case "table" -> format = ResultFormat.TABLE;
            case "wide" -> {
                format = ResultFormat.TABLE;
                wide = true;
            }
            case "csv" -> format = ResultFormat.CSV;
            case "json" -> format = ResultFormat.JSON;
            default -> throw new IllegalArgumentException("-o/--format must be table, wide, csv or json, got: " + name);
        }
        if (limit != null && limit < 1) {
            throw new IllegalArgumentException("--limit must be 1 or more, got: " + limit);
        }
        if (limit != null && all) {
            throw new IllegalArgumentException("--limit and --all contradict each other: give one");
        }
        int rows = all ? -1 : limit != null ? limit : format == ResultFormat.TABLE ? DEFAULT_LIMIT : -1;
        return new Output(format, wide || format != ResultFormat.TABLE, rows);
    }

    /**
     * Prints {@code result} on {@code out}: only {@code shortColumns} (those the result has) unless wide, at most
     * {@link #limit} rows; then, on {@code err}, how many rows were left out and {@code more}, the way to see them.
     *
     * @param shortColumns the columns a narrow table shows, or empty for all
     * @param more         what to do for every row, e.g. {@code --limit N or --all}
     */
    public void print(QueryResult result, List<String> shortColumns, PrintWriter out, PrintWriter err, String more) {
        QueryResult shown = wide || shortColumns.isEmpty() ? result : project(result, shortColumns);
        int hidden = limit < 0 ? 0 : Math.max(0, result.rows().size() - limit);
        if (hidden > 0) {
            shown = new QueryResult(shown.columns(), shown.types(), shown.rows().subList(0, limit),
                    shown.physicalInputBytes(), shown.scanSplits(), shown.elapsedMillis());
        }
        format.write(shown, out);
        out.flush();
        if (hidden > 0) {
            err.printf(Locale.ROOT, "%,d more row%s not shown (%s)%n", hidden, hidden == 1 ? "" : "s", more);
        }
        if (shown.columns().size() < result.columns().size()) {
            err.printf(Locale.ROOT, "%d of %d columns shown (-o wide for all)%n", shown.columns().size(), result.columns().size());
        }
        err.flush();
    }

    /** The result with only {@code columns}, in that order; a name the result lacks is skipped. */
    static QueryResult project(QueryResult result, List<String> columns) {
        List<Integer> indexes = new ArrayList<>();
        for (String column : columns) {
            int index = result.columns().indexOf(column);
            if (index >= 0) {
                indexes.add(index);
            }
        }
        if (indexes.isEmpty()) {
            return result;
        }
        List<List<Object>> rows = new ArrayList<>(result.rows().size());
        for (List<Object> row : result.rows()) {
            List<Object> projected = new ArrayList<>(indexes.size());
            for (int index : indexes) {
                projected.add(row.get(index));
            }
            rows.add(java.util.Collections.unmodifiableList(projected));
        }
        return new QueryResult(indexes.stream().map(result.columns()::get).toList(),
                indexes.stream().map(result.types()::get).toList(), rows,
                result.physicalInputBytes(), result.scanSplits(), result.elapsedMillis());
    }
}
