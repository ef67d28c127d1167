package dev.stocktake.sql.engine;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/** How {@code stocktake sql} prints a {@link QueryResult}. */
public enum ResultFormat {

    /** Aligned columns with a header, NULL written as {@code NULL}, then a row count. */
    TABLE {
        @Override
        void print(QueryResult result, PrintWriter out) {
            List<List<String>> cells = new ArrayList<>();
            cells.add(result.columns());
            for (List<Object> row : result.rows()) {
                cells.add(row.stream().map(value -> value == null ? "NULL" : text(value)).toList());
            }
            int[] widths = new int[result.columns().size()];
            for (List<String> line : cells) {
                for (int i = 0; i < widths.length; i++) {
                    widths[i] = Math.max(widths[i], line.get(i).length());
                }
            }
            for (int index = 0; index < cells.size(); index++) {
                List<String> line = cells.get(index);
                StringBuilder text = new StringBuilder();
                for (int i = 0; i < widths.length; i++) {
                    text.append(i == 0 ? "" : " | ").append(pad(line.get(i), widths[i], isNumber(result, index, i)));
                }
                out.println(text.toString().stripTrailing());
                if (index == 0) {
                    StringBuilder rule = new StringBuilder();
                    for (int i = 0; i < widths.length; i++) {
                        rule.append(i == 0 ? "" : "-+-").append("-".repeat(widths[i]));
                    }
                    out.println(rule);
                }
            }
            out.println("(" + result.rows().size() + (result.rows().size() == 1 ? " row)" : " rows)"));
        }
    },

    /** RFC 4180 CSV with a header line, NULL as an empty field. */
    CSV {
        @Override
        void print(QueryResult result, PrintWriter out) {
            List<List<String>> lines = new ArrayList<>(result.rows().size() + 1);
            lines.add(result.columns());
            for (List<Object> row : result.rows()) {
                lines.add(row.stream().map(value -> value == null ? "" : text(value)).toList());
            }
            try {
                out.print(CSV_WRITER.writeValueAsString(lines));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the result as CSV", e);
            }
        }
    },

    /** A JSON array of objects, one per row: numbers and booleans as such, dates and timestamps as text. */
    JSON {
        @Override
        void print(QueryResult result, PrintWriter out) {
            try {
                JsonGenerator json = new ObjectMapper().createGenerator(out).useDefaultPrettyPrinter();
                json.writeStartArray();
                for (List<Object> row : result.rows()) {
                    json.writeStartObject();
                    for (int i = 0; i < row.size(); i++) {
                        json.writeFieldName(result.columns().get(i));
                        Object value = row.get(i);
                        switch (value) {
                            case null -> json.writeNull();
                            case Boolean bool -> json.writeBoolean(bool);
                            case Long number -> json.writeNumber(number);
                            case Integer number -> json.writeNumber(number);
                            case Double number -> json.writeNumber(number);
                            case BigDecimal number -> json.writeNumber(number);
                            default -> json.writeString(text(value));
                        }
                    }
                    json.writeEndObject();
                }
                json.writeEndArray();
                json.flush();
                out.println();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    };

    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

    /** Prints the result and flushes. */
    public void write(QueryResult result, PrintWriter out) {
        print(result, out);
        out.flush();
    }

    abstract void print(QueryResult result, PrintWriter out);

    /** A value as Athena's console shows it: timestamps as {@code 2026-03-05 06:00:00.000}. */
    static String text(Object value) {
        return switch (value) {
            case LocalDateTime timestamp -> TIMESTAMP.format(timestamp);
            case BigDecimal decimal -> decimal.toPlainString();
            default -> String.valueOf(value);
        };
    }

    private static boolean isNumber(QueryResult result, int line, int column) {
        if (line == 0) {
            return false;
        }
        Object value = result.rows().get(line - 1).get(column);
        return value instanceof Number;
    }

    /** RFC 4180: a field is quoted only when it holds {@code , " CR LF} (by default the library also quotes spaces). */
    private static final ObjectWriter CSV_WRITER = CsvMapper.builder()
            .enable(CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING).build()
            .writer(CsvSchema.emptySchema().withLineSeparator("\r\n"));

    private static String pad(String text, int width, boolean right) {
        String padding = " ".repeat(width - text.length());
        return right ? padding + text : text + padding;
    }
}
