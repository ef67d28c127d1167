package dev.stocktake.directory.coverage;

/** The coverage check could not tell the day's coverage; the message says which day, which step and why. */
public final class CoverageCheckException extends RuntimeException {

    public CoverageCheckException(String message) {
        super(message);
    }

    public CoverageCheckException(String message, Throwable cause) {
        super(message, cause);
    }
}
