package dev.stocktake.sql.engine;

import java.util.OptionalInt;

/**
 * A statement failed on the engine. The message starts with {@code <source>:<line>:<column>: } when Trino
 * reported a position, {@code <source>: } otherwise, where source is the file the statement came from
 * (e.g. {@code athena-sql/views/iam_users.sql}) or {@code <command line>}.
 */
public final class SqlException extends RuntimeException {

    private final String source;
    private final OptionalInt line;

    SqlException(String source, OptionalInt line, OptionalInt column, String reason, Throwable cause) {
        super(source + (line.isPresent() ? ":" + line.getAsInt() + ":" + column.orElse(1) : "") + ": " + reason, cause);
        this.source = source;
        this.line = line;
    }

    public String source() {
        return source;
    }

    public OptionalInt line() {
        return line;
    }
}
