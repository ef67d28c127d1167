package dev.stocktake.directory;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

/**
 * The directory's CSV: RFC 4180, UTF-8, one header line, one row per account, sorted by ID.
 * Tags are one JSON object per row (keys sorted), for {@code json_extract_scalar} in Athena.
 * Pure functions.
 */
public final class DirectoryCsv {

    public static final List<String> COLUMNS = List.of("account_id", "account_name", "email", "status", "state",
            "joined_method", "joined_timestamp", "parent_id", "ou_path", "tags");

    private static final JsonFactory JSON = JsonFactory.builder().build();

    private DirectoryCsv() {
    }

    public static byte[] render(List<AccountRecord> accounts) {
        StringBuilder out = new StringBuilder(128 + accounts.size() * 160);
        out.append(String.join(",", COLUMNS)).append('\n');
        accounts.stream().sorted(java.util.Comparator.comparing(AccountRecord::id)).forEach(account -> {
            appendRow(out, List.of(
                    account.id(),
                    account.name(),
                    nullToEmpty(account.email()),
                    nullToEmpty(account.status()),
                    nullToEmpty(account.state()),
                    nullToEmpty(account.joinedMethod()),
                    account.joinedTimestamp() == null ? "" : account.joinedTimestamp().toString(),
                    nullToEmpty(account.parentId()),
                    nullToEmpty(account.ouPath()),
                    tagsJson(account.tags())));
        });
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    static String tagsJson(Map<String, String> tags) {
        StringWriter buffer = new StringWriter();
        try (JsonGenerator json = JSON.createGenerator(buffer)) {
            json.writeStartObject();
            for (Map.Entry<String, String> tag : new java.util.TreeMap<>(tags).entrySet()) {
                json.writeStringField(tag.getKey(), tag.getValue());
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot write tags as JSON", e);
        }
        return buffer.toString();
    }

    private static void appendRow(StringBuilder out, List<String> fields) {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(quote(fields.get(i)));
        }
        out.append('\n');
    }

    /** Quotes a field when it holds a comma, a quote or a line break; inner quotes are doubled. */
    static String quote(String field) {
        if (field.indexOf(',') < 0 && field.indexOf('"') < 0 && field.indexOf('\n') < 0 && field.indexOf('\r') < 0) {
            return field;
        }
        return '"' + field.replace("\"", "\"\"") + '"';
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
