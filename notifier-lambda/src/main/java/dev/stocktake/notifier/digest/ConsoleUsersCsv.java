package dev.stocktake.notifier.digest;

import java.time.LocalDate;
import java.util.List;

import dev.stocktake.sql.athena.ResultTable;

/**
 * The digest's attachment: every console-capable IAM user of the day as CSV (RFC 4180: comma-separated, CRLF line
 * ends, fields quoted when they hold {@code , " CR LF}), the columns of the {@code console_users} digest query.
 *
 * <p>A field that a spreadsheet would run as a formula (starting with {@code = + - @}, a tab or a carriage return:
 * IAM user names may start with {@code + = @ -}) is written with a leading {@code '}, the usual guard against CSV
 * injection; every other field is written as the query returned it. NULL is an empty field.
 */
public final class ConsoleUsersCsv {

    private ConsoleUsersCsv() {
    }

    /** {@code console-users-2026-03-05.csv} */
    public static String fileName(LocalDate day) {
        return "console-users-" + day + ".csv";
    }

    public static String render(Digest digest) {
        return render(digest.consoleUsers());
    }

    static String render(ResultTable table) {
        StringBuilder csv = new StringBuilder(256 + table.rows().size() * 160);
        line(csv, table.columns());
        for (List<String> row : table.rows()) {
            line(csv, row);
        }
        return csv.toString();
    }

    private static void line(StringBuilder csv, List<String> fields) {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                csv.append(',');
            }
            csv.append(field(fields.get(i)));
        }
        csv.append("\r\n");
    }

    static String field(String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        String text = switch (value.charAt(0)) {
            case '=', '+', '-', '@', '\t', '\r' -> "'" + value;
            default -> value;
        };
        if (text.indexOf(',') >= 0 || text.indexOf('"') >= 0 || text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0) {
            return '"' + text.replace("\"", "\"\"") + '"';
        }
        return text;
    }
}
