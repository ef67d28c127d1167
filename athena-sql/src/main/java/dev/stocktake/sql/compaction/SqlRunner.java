package dev.stocktake.sql.compaction;

import java.util.List;

/** Runs one statement and returns its rows as text ({@code null} for SQL NULL): Athena in the job, Trino in tests. */
@FunctionalInterface
public interface SqlRunner {

    /**
     * @param name what the statement is called in messages (e.g. {@code copy 2026-10})
     * @throws RuntimeException when the engine rejects or fails the statement, with its reason
     */
    List<List<String>> run(String name, String sql);
}
