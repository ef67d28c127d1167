package dev.stocktake.compaction;

import java.util.List;

import dev.stocktake.support.retry.Deadline;
import dev.stocktake.sql.athena.AthenaQueries;
import dev.stocktake.sql.compaction.SqlRunner;

/**
 * Runs the compaction's statements on Athena one at a time (each depends on the one before), polling until each
 * finishes; a statement still running at the {@link Deadline} is stopped and fails the run. Rows come back as text,
 * SQL NULL as {@code null}.
 */
public final class AthenaSqlRunner implements SqlRunner {

    private final AthenaQueries athena;
    private final Deadline deadline;

    /** @param deadline when the invocation must stop waiting (the Lambda's remaining time less a reserve) */
    public AthenaSqlRunner(AthenaQueries athena, Deadline deadline) {
        this.athena = athena;
        this.deadline = deadline;
    }

    /** @throws dev.stocktake.sql.athena.AthenaQueryException when Athena rejects, fails or runs out of time */
    @Override
    public List<List<String>> run(String name, String sql) {
        return athena.runAll(List.of(new AthenaQueries.Statement(name, sql, List.of())), deadline).get(name).rows();
    }
}
