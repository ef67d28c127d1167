package dev.stocktake.sql.compaction;

/** A compaction that did not complete; the message says what happened, what was left as it was, and what to do. */
public final class CompactionException extends RuntimeException {

    public CompactionException(String message) {
        super(message);
    }

    public CompactionException(String message, Throwable cause) {
        super(message, cause);
    }
}
