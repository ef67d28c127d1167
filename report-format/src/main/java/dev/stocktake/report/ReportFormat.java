package dev.stocktake.report;

import java.nio.charset.StandardCharsets;

/**
 * Checks on the report body. Pure functions; they never echo report contents.
 *
 * <p>They look at bytes, not CSV records, on purpose: the collector stores the body unmodified and only needs to
 * know it is a credential report, and this module is in the collector's jar, whose size budget has no room for a
 * CSV library (the project's, jackson-dataformat-csv, brings jackson-databind). Reading rows is the views' job.
 */
public final class ReportFormat {

    /** Every credential report starts with these columns, in this order. */
    public static final String HEADER_PREFIX = "user,arn,";

    private ReportFormat() {
    }

    /**
     * Why {@code content} is not a credential report, or {@code null} when it is one. The reason
     * describes the shape of the body, never its text (it may hold anything).
     */
    public static String problem(byte[] content) {
        if (content.length == 0) {
            return "the body is empty";
        }
        byte[] prefix = HEADER_PREFIX.getBytes(StandardCharsets.US_ASCII);
        if (content.length < prefix.length) {
            return "the body is only " + content.length + " bytes long";
        }
        for (int i = 0; i < prefix.length; i++) {
            if (content[i] != prefix[i]) {
                int lineEnd = firstLineLength(content);
                return "the first line (" + lineEnd + " bytes) does not start with the header '" + HEADER_PREFIX + "'";
            }
        }
        return null;
    }

    /** Lines after the header; a trailing newline does not make an extra row. */
    static int dataRows(byte[] content) {
        int lines = 0;
        for (byte b : content) {
            if (b == '\n') {
                lines++;
            }
        }
        if (content.length > 0 && content[content.length - 1] != '\n') {
            lines++;
        }
        return Math.max(0, lines - 1);
    }

    private static int firstLineLength(byte[] content) {
        for (int i = 0; i < content.length; i++) {
            if (content[i] == '\n' || content[i] == '\r') {
                return i;
            }
        }
        return content.length;
    }
}
