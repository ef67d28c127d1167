package dev.stocktake.cli.importer;

/** The import cannot run at all (a location cannot be listed, the locations overlap); the message says what to do. */
public final class ImportException extends RuntimeException {

    public ImportException(String message) {
        super(message);
    }
}
