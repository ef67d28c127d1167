package dev.stocktake.allowlist;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.csv.CsvFactory;
import com.fasterxml.jackson.dataformat.csv.CsvParser;

/**
 * Reads the allowlist's RFC 4180 records with Jackson's CSV parser, remembering the line each record starts on.
 * Comment lines are read as records too (not skipped by the parser), so that the allowlist can refuse a comment
 * whose quotes hide a line break. No escape character: a backslash is kept as it is, for the allowlist to refuse.
 */
final class Csv {

    /** Spaces around a separator are skipped, so {@code a, "b"} reads as a quoted {@code b}. */
    private static final CsvFactory CSV = CsvFactory.builder()
            .enable(CsvParser.Feature.WRAP_AS_ARRAY)
            .enable(CsvParser.Feature.TRIM_SPACES)
            .build();

    static final String STRAY_QUOTE = "a quote in the middle of an unquoted field; quote the whole field and double inner quotes";
    static final String OPEN_QUOTE = "a quoted field is never closed";

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
        int recordLine = 1;
        try (JsonParser parser = CSV.createParser(text)) {
            List<String> fields = new ArrayList<>();
            int depth = 0;
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                switch (token) {
                    // depth 1: the array WRAP_AS_ARRAY puts around the file; depth 2: one record
                    case START_ARRAY -> depth++;
                    case VALUE_STRING -> fields.add(field(parser, text));
                    case END_ARRAY -> {
                        if (depth-- == 2) {
                            records.add(new Record(recordLine, List.copyOf(fields)));
                            fields.clear();
                            // the parser has read the record's line break: it stands where the next record starts
                            recordLine = parser.currentLocation().getLineNr();
                        }
                    }
                    default -> throw new IllegalStateException("unexpected " + token + " in CSV");
                }
            }
        } catch (JsonProcessingException e) {
            // Jackson names no error kind but in its message; the two it raises on strings map to the allowlist's words
            throw e.getOriginalMessage().startsWith("Missing closing quote")
                    ? new CsvSyntaxException(recordLine, OPEN_QUOTE)
                    : new CsvSyntaxException(e.getLocation().getLineNr(), STRAY_QUOTE);
        } catch (IOException e) {
            throw new IllegalStateException("reading a string cannot fail", e);
        }
        return records;
    }

    /**
     * The current field's value. Jackson keeps a quote inside an unquoted field (and refuses text after a closing
     * quote); the allowlist refuses both, since Athena's reader would take such a quote for the start of a field.
     */
    private static String field(JsonParser parser, String text) throws IOException {
        String value = parser.getText();
        int start = (int) parser.currentTokenLocation().getCharOffset();
        boolean quoted = start < text.length() && text.charAt(start) == '"';
        if (!quoted && value.indexOf('"') >= 0) {
            throw new CsvSyntaxException(parser.currentTokenLocation().getLineNr(), STRAY_QUOTE);
        }
        return value;
    }
}
