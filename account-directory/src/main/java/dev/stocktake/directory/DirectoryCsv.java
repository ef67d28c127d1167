package dev.stocktake.directory;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

/**
 * The directory's CSV: RFC 4180, UTF-8, one header line, one row per account, sorted by ID.
 * Tags are one JSON object per row (keys sorted), for {@code json_extract_scalar} in Athena. The last column,
 * {@code ou_id_path}, came after {@code tags} (issue 17) so readers by position of the older columns stay right.
 * A field is quoted only when it holds a comma, a quote or a line break (inner quotes doubled).
 * Pure functions.
 */
public final class DirectoryCsv {

    public static final List<String> COLUMNS = List.of("account_id", "account_name", "email", "status", "state",
            "joined_method", "joined_timestamp", "parent_id", "ou_path", "tags", "ou_id_path");

    private static final JsonFactory JSON = JsonFactory.builder().build();
    /** Strict quoting check: Jackson's default would also quote fields holding a space, '#', '/' and the like. */
    private static final ObjectWriter CSV = CsvMapper.builder().enable(CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING).build()
            .writer(CsvSchema.emptySchema().withLineSeparator("\n"));

    private DirectoryCsv() {
    }

    public static byte[] render(List<AccountRecord> accounts) {
        List<List<String>> rows = new ArrayList<>(accounts.size() + 1);
        rows.add(COLUMNS);
        accounts.stream().sorted(Comparator.comparing(AccountRecord::id)).forEach(account -> rows.add(List.of(
                account.id(),
                account.name(),
                nullToEmpty(account.email()),
                nullToEmpty(account.status()),
                nullToEmpty(account.state()),
                nullToEmpty(account.joinedMethod()),
                account.joinedTimestamp() == null ? "" : account.joinedTimestamp().toString(),
                nullToEmpty(account.parentId()),
                nullToEmpty(account.ouPath()),
                tagsJson(account.tags()),
                nullToEmpty(account.ouIdPath()))));
        try {
            return CSV.writeValueAsBytes(rows);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the directory as CSV", e);
        }
    }

    static String tagsJson(Map<String, String> tags) {
        StringWriter buffer = new StringWriter();
        try (JsonGenerator json = JSON.createGenerator(buffer)) {
            json.writeStartObject();
            for (Map.Entry<String, String> tag : new TreeMap<>(tags).entrySet()) {
                json.writeStringField(tag.getKey(), tag.getValue());
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot write tags as JSON", e);
        }
        return buffer.toString();
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
