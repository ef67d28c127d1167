package dev.stocktake.notifier.digest;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

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

    /** Quotes a field only when RFC 4180 needs it (it holds {@code , " CR LF}), not whenever it holds a space. */
    private static final ObjectWriter WRITER = CsvMapper.builder().enable(CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING).build()
            .writer(CsvSchema.emptySchema().withLineSeparator("\r\n"));

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
        List<List<String>> lines = new ArrayList<>(table.rows().size() + 1);
        lines.add(table.columns().stream().map(ConsoleUsersCsv::guarded).toList());
        table.rows().forEach(row -> lines.add(row.stream().map(ConsoleUsersCsv::guarded).toList()));
        try {
            return WRITER.writeValueAsString(lines);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the console users cannot be written as CSV: " + e.getOriginalMessage(), e);
        }
    }

    /** The value with a leading {@code '} when a spreadsheet would run it as a formula; NULL as an empty field. */
    static String guarded(String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        return switch (value.charAt(0)) {
            case '=', '+', '-', '@', '\t', '\r' -> "'" + value;
            default -> value;
        };
    }
}
