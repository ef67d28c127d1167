package dev.stocktake.allowlist;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;

/**
 * A CSV file of the repository or the bucket that Athena's OpenCSV SerDe also reads (the identity mapping, the migration
 * settings and milestones): read with {@link Csv} (RFC 4180, UTF-8, a leading BOM dropped, CRLF or LF, {@code #}
 * comment lines and blank lines skipped), its header matched by column name in any order, and every problem reported
 * as {@code (line, field, problem, what to do)}. Values Athena would misread (a line break, a backslash) are problems.
 * Writing goes through Jackson's CSV generator, quoting only the fields RFC 4180 requires.
 */
final class CsvTable {

    /** Receives one problem; {@code line} 0 is the file as a whole, {@code field} null is no single field's. */
    @FunctionalInterface
    interface Problems {
        void add(int line, String field, String problem, String todo);
    }

    /** One data line: its line number and its values by column name, as written (quoted spaces kept). */
    record Row(int line, Map<String, String> values) {
        String get(String column) {
            return values.get(column);
        }
    }

    private static final CsvMapper WRITER = CsvMapper.builder()
            .enable(CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING)
            .build();

    private CsvTable() {
    }

    /** The bytes as UTF-8 text without a leading BOM, or null (with a problem) when they are not UTF-8. */
    static String decode(byte[] content, Problems problems) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(content)).toString();
        } catch (CharacterCodingException e) {
            problems.add(0, null, "is not UTF-8 text", "save the file as UTF-8");
            return null;
        }
    }

    /**
     * The data rows of {@code text}, or null when the file cannot be read as a table (syntax, header): the problems say
     * why. Rows with the wrong number of fields are reported and left out; the caller validates the values.
     *
     * @param columns the header's column names, every one required, in the order the file is written in
     */
    static List<Row> read(String text, List<String> columns, Problems problems) {
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        List<Csv.Record> records;
        try {
            records = Csv.parse(text);
        } catch (Csv.CsvSyntaxException e) {
            if (e.getMessage().equals(Csv.OPEN_QUOTE)) {
                problems.add(e.line(), null, "a quoted field is never closed",
                        "close the quote (and double every quote inside a quoted field)");
            } else {
                problems.add(e.line(), null, "a quote in the middle of an unquoted field",
                        "quote the whole field and double the quotes inside it");
            }
            return null;
        }
        String header = String.join(",", columns);
        List<String> textLines = text.lines().toList();
        List<Csv.Record> lines = new ArrayList<>();
        for (Csv.Record record : records) {
            boolean blank = record.fields().size() == 1 && record.fields().getFirst().isBlank();
            // a comment is a line starting with #, not a quoted first value starting with # (the columns' order is free)
            boolean comment = record.line() <= textLines.size() && textLines.get(record.line() - 1).strip().startsWith("#");
            if (comment && record.fields().stream().anyMatch(CsvTable::hasLineBreak)) {
                problems.add(record.line(), null, "a comment holds a quoted line break, and Athena reads the file line by "
                        + "line", "keep each comment on one line");
            }
            if (!blank && !comment) {
                lines.add(record);
            }
        }
        if (lines.isEmpty()) {
            problems.add(0, null, "has no header", "start the file with the header line " + header);
            return null;
        }
        Csv.Record head = lines.getFirst();
        List<String> names = head.fields().stream().map(String::strip).toList();
        Map<String, Integer> index = new HashMap<>();
        boolean headerOk = true;
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            if (!columns.contains(name)) {
                problems.add(head.line(), name.isEmpty() ? "(empty column name)" : name, "is not a column of this file",
                        "the header names exactly the columns " + header + " (any order)");
                headerOk = false;
            } else if (index.putIfAbsent(name, i) != null) {
                problems.add(head.line(), name, "appears twice in the header", "name each column once");
                headerOk = false;
            }
        }
        for (String column : columns) {
            if (!index.containsKey(column)) {
                problems.add(head.line(), column, "is missing from the header",
                        "the header names exactly the columns " + header + " (any order)");
                headerOk = false;
            }
        }
        if (!headerOk) {
            return null;
        }
        List<Row> rows = new ArrayList<>();
        for (Csv.Record record : lines.subList(1, lines.size())) {
            if (record.fields().size() != names.size()) {
                problems.add(record.line(), null, "has " + record.fields().size() + " field"
                        + (record.fields().size() == 1 ? "" : "s") + ", the header " + names.size(),
                        "give one value per column (empty for none) and quote a value that holds a comma");
                continue;
            }
            Map<String, String> values = new LinkedHashMap<>();
            boolean ok = true;
            for (int i = 0; i < names.size(); i++) {
                String value = record.fields().get(i);
                if (hasLineBreak(value)) {
                    problems.add(record.line(), names.get(i), "holds a line break, and Athena reads one entry per line",
                            "keep each entry on one line");
                    ok = false;
                } else if (value.indexOf('\\') >= 0) {
                    problems.add(record.line(), names.get(i), "holds a backslash (\\), which Athena's CSV reader takes "
                            + "for an escape character", "write it another way (e.g. with /)");
                    ok = false;
                }
                values.put(names.get(i), value);
            }
            if (ok) {
                rows.add(new Row(record.line(), values));
            }
        }
        return rows;
    }

    private static boolean hasLineBreak(String value) {
        return value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0;
    }

    /** RFC 4180 text of the rows (the first being the header), LF line ends, quoting only where needed. */
    static String write(List<List<String>> rows) {
        try {
            return WRITER.writer().writeValueAsString(rows);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("writing strings as CSV cannot fail", e);
        }
    }
}
