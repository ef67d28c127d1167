package dev.stocktake.sql.athena;

/**
 * An Athena query (the digest's, the compaction's or the coverage check's) that did not produce results: it failed or
 * was cancelled on Athena, could not be started, or was still running when the time ran out. The message names the query (its file), the execution ID and Athena's reason.
 */
public final class AthenaQueryException extends RuntimeException {

    private final String query;

    public AthenaQueryException(String query, String message, Throwable cause) {
        super("Athena query '" + query + "': " + message, cause);
        this.query = query;
    }

    /** The name of the digest query (its file name without {@code .sql}). */
    public String query() {
        return query;
    }
}
