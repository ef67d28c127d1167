package dev.stocktake.report;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Checks on the report body. Pure functions; they never echo report contents (a header's column names are not
 * contents, and even those are shown only in a bounded, printable-ASCII form).
 *
 * <p>They look at bytes, not CSV records, on purpose: the collector stores the body unmodified and only needs to
 * know it is a credential report and which layout its header has, and this module is in the collector's jar, whose
 * size budget has no room for a CSV library (the project's, jackson-dataformat-csv, brings jackson-databind).
 * Reading rows is the views' job.
 */
public final class ReportFormat {

    /** The columns of today's credential report, in AWS's order (IAM User Guide, "Understanding the report format"). */
    public static final List<String> STANDARD_COLUMNS = List.of(
            "user", "arn", "user_creation_time", "password_enabled", "password_last_used", "password_last_changed",
            "password_next_rotation", "mfa_active",
            "access_key_1_active", "access_key_1_last_rotated", "access_key_1_last_used_date",
            "access_key_1_last_used_region", "access_key_1_last_used_service",
            "access_key_2_active", "access_key_2_last_rotated", "access_key_2_last_used_date",
            "access_key_2_last_used_region", "access_key_2_last_used_service",
            "cert_1_active", "cert_1_last_rotated", "cert_2_active", "cert_2_last_rotated");

    /** The longest {@link HeaderCheck#difference()}: it goes into S3 user metadata (2 KB in all). */
    public static final int MAX_DIFFERENCE_LENGTH = 300;

    /** The layout of a report's header. */
    public enum Layout {
        /** Exactly {@link #STANDARD_COLUMNS}, in that order. */
        STANDARD("standard"),
        /** Anything else: columns missing, reordered, added or repeated, or quoted header cells. */
        UNKNOWN("unknown");

        private final String label;

        Layout(String label) {
            this.label = label;
        }

        /** The value of the {@code report-layout} object metadata. */
        public String label() {
            return label;
        }
    }

    /**
     * The header's layout and, for {@link Layout#UNKNOWN}, how it differs from the standard one.
     *
     * @param difference printable ASCII naming column names only, at most {@value #MAX_DIFFERENCE_LENGTH}
     *     characters; {@code null} for {@link Layout#STANDARD}
     */
    public record HeaderCheck(Layout layout, String difference) {

        public boolean isStandard() {
            return layout == Layout.STANDARD;
        }
    }

    private ReportFormat() {
    }

    /**
     * Why {@code content} is not a credential report, or {@code null} when it is one: its first line must name the
     * columns {@code user} and {@code arn} (anywhere, quoted or not, after a UTF-8 byte order mark if there is one). The reason describes the shape of the body,
     * never its text (it may hold anything). A report with another column layout is still a report: see
     * {@link #checkHeader}.
     */
    public static String problem(byte[] content) {
        if (content.length == 0) {
            return "the body is empty";
        }
        List<String> cells = headerCells(content);
        List<String> names = new ArrayList<>(cells.size());
        for (String cell : cells) {
            names.add(unquoted(cell));
        }
        if (hasByteOrderMark(content)) {
            names.set(0, unquoted(names.getFirst().substring(BOM.length())));
        }
        if (!names.contains("user") || !names.contains("arn")) {
            return "the first line (" + firstLineLength(content) + " bytes) does not name the columns 'user' and 'arn'"
                    + " of a credential report header";
        }
        return null;
    }

    /**
     * The layout of the header (the first line) of a body that {@link #problem} accepts. Byte-level: the cells are
     * split at commas; a cell holding a double quote makes the layout {@link Layout#UNKNOWN} (AWS never quotes
     * header cells, and a quoted cell may hide a comma). A trailing {@code \r} of the line is ignored.
     */
    public static HeaderCheck checkHeader(byte[] content) {
        List<String> cells = headerCells(content);
        if (cells.equals(STANDARD_COLUMNS)) {
            return new HeaderCheck(Layout.STANDARD, null);
        }
        if (hasByteOrderMark(content)) {
            return new HeaderCheck(Layout.UNKNOWN, "a byte order mark precedes the header");
        }
        for (String cell : cells) {
            if (cell.indexOf('"') >= 0) {
                return new HeaderCheck(Layout.UNKNOWN, "header cells are quoted");
            }
        }
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String cell : cells) {
            counts.merge(cell, 1, Integer::sum);
        }
        List<String> missing = new ArrayList<>();
        for (String column : STANDARD_COLUMNS) {
            if (!counts.containsKey(column)) {
                missing.add(column);
            }
        }
        List<String> extra = new ArrayList<>();
        List<String> duplicated = new ArrayList<>();
        for (Map.Entry<String, Integer> count : counts.entrySet()) {
            if (!STANDARD_COLUMNS.contains(count.getKey())) {
                extra.add(count.getKey());
            }
            if (count.getValue() > 1) {
                duplicated.add(count.getKey());
            }
        }
        StringJoiner difference = new StringJoiner("; ");
        if (!missing.isEmpty()) {
            difference.add("missing " + names(missing));
        }
        if (!extra.isEmpty()) {
            difference.add("extra " + names(extra));
        }
        if (!duplicated.isEmpty()) {
            difference.add("repeated " + names(duplicated));
        }
        if (missing.isEmpty() && extra.isEmpty() && duplicated.isEmpty()) {
            // The same 22 columns once each, in another order: name the first one out of place.
            for (int i = 0; i < cells.size(); i++) {
                if (!cells.get(i).equals(STANDARD_COLUMNS.get(i))) {
                    difference.add("reordered: column " + (i + 1) + " is " + printable(cells.get(i)) + ", expected "
                            + STANDARD_COLUMNS.get(i));
                    break;
                }
            }
        }
        return new HeaderCheck(Layout.UNKNOWN, bounded(difference.toString()));
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

    /** The first line split at every comma, as ISO-8859-1 text (one char per byte, so nothing is lost or merged). */
    private static List<String> headerCells(byte[] content) {
        int end = firstLineLength(content);
        if (end > 0 && content[end - 1] == '\r') {
            end--;
        }
        List<String> cells = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= end; i++) {
            if (i == end || content[i] == ',') {
                cells.add(new String(content, start, i - start, StandardCharsets.ISO_8859_1));
                start = i + 1;
            }
        }
        return cells;
    }

    /** The UTF-8 byte order mark as ISO-8859-1 text, as {@link #headerCells} reads it. */
    private static final String BOM = "\u00EF\u00BB\u00BF";

    private static boolean hasByteOrderMark(byte[] content) {
        return content.length >= 3 && content[0] == (byte) 0xEF && content[1] == (byte) 0xBB && content[2] == (byte) 0xBF;
    }

    private static String unquoted(String cell) {
        return cell.length() >= 2 && cell.startsWith("\"") && cell.endsWith("\"") ? cell.substring(1, cell.length() - 1) : cell;
    }

    private static String names(List<String> columns) {
        StringJoiner names = new StringJoiner(", ");
        for (String column : columns) {
            names.add(printable(column));
        }
        return names.toString();
    }

    /** A column name as printable ASCII: other bytes become {@code ?}; an empty name is shown as {@code (empty)}. */
    private static String printable(String column) {
        if (column.isEmpty()) {
            return "(empty)";
        }
        StringBuilder out = new StringBuilder(column.length());
        for (int i = 0; i < column.length(); i++) {
            char c = column.charAt(i);
            out.append(c >= 0x20 && c < 0x7F ? c : '?');
        }
        return out.toString();
    }

    private static String bounded(String text) {
        return text.length() <= MAX_DIFFERENCE_LENGTH ? text : text.substring(0, MAX_DIFFERENCE_LENGTH - 3) + "...";
    }

    private static int firstLineLength(byte[] content) {
        for (int i = 0; i < content.length; i++) {
            if (content[i] == '\n') {
                return i;
            }
        }
        return content.length;
    }
}
