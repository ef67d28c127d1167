package dev.stocktake.cli;

/** Exit codes of {@code ./stocktake}. */
final class ExitCodes {
    static final int OK = 0;
    /** The work failed (a collection, a query); the message says why. */
    static final int FAILED = 1;
    /** Bad usage or configuration: a flag or variable is missing or malformed. */
    static final int USAGE = 2;

    private ExitCodes() {
    }
}
