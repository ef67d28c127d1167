package dev.stocktake.sql.engine;

/** The report folder cannot be read as a bucket of credential reports: missing, empty or badly laid out. */
public final class ReportFolderException extends RuntimeException {

    public ReportFolderException(String message) {
        super(message);
    }
}
