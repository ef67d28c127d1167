package dev.stocktake.allowlist;

import java.util.ArrayList;
import java.util.List;

/** A small RFC 4180 reader that remembers each record's line. */
final class Csv {

    record Record(int line, List<String> fields) {
    }

    static final class CsvSyntaxException extends RuntimeException {
        private final int line;

        CsvSyntaxException(int line, String message) {
            super(message);
            this.line = line;
        }

        int line() {
            return line;
        }
    }

    private Csv() {
    }

    static List<Record> parse(String text) {
        List<Record> records = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int line = 1;
        int recordLine = 1;
        boolean quoted = false;
        boolean fieldStarted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    if (c == '\n') {
                        line++;
                    }
                    field.append(c);
                }
                continue;
            }
            switch (c) {
                case '"' -> {
                    if (fieldStarted && !field.toString().isBlank()) {
                        throw new CsvSyntaxException(line, "a quote in the middle of an unquoted field; quote the whole field and double inner quotes");
                    }
                    field.setLength(0);
                    quoted = true;
                    fieldStarted = true;
                }
                case ',' -> {
                    fields.add(field.toString());
                    field.setLength(0);
                    fieldStarted = false;
                }
                case '\r' -> { }
                case '\n' -> {
                    fields.add(field.toString());
                    records.add(new Record(recordLine, List.copyOf(fields)));
                    fields.clear();
                    field.setLength(0);
                    fieldStarted = false;
                    line++;
                    recordLine = line;
                }
                default -> {
                    field.append(c);
                    fieldStarted = true;
                }
            }
        }
        if (quoted) {
            throw new CsvSyntaxException(recordLine, "a quoted field is never closed");
        }
        if (fieldStarted || !fields.isEmpty() || field.length() > 0) {
            fields.add(field.toString());
            records.add(new Record(recordLine, List.copyOf(fields)));
        }
        return records;
    }
}
