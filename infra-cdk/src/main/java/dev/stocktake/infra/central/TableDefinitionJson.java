package dev.stocktake.infra.central;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code credential_reports} table as athena-sql defines it
 * ({@code dev/stocktake/sql/credential_reports.table.json} on the classpath, the single source of
 * truth), with our placeholders filled in. {@code ${dt}} is Athena's own and stays.
 */
record TableDefinitionJson(String name, String comment, List<Column> columns, List<Column> partitionKeys,
                           String serdeLibrary, Map<String, String> serdeParameters, String inputFormat,
                           String outputFormat, String location, Map<String, String> parameters) {

    static final String RESOURCE = "dev/stocktake/sql/credential_reports.table.json";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([a-z_]+)}");

    record Column(String name, String type) {
    }

    /** Loads the definition and fills {@code ${bucket}}, {@code ${prefix}} and {@code ${projection_start}}. */
    static TableDefinitionJson load(String bucket, String prefix, String projectionStart) {
        JsonNode root;
        try (InputStream in = TableDefinitionJson.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the classpath: build athena-sql first "
                        + "(./mvnw -q -pl infra-cdk -am install -DskipTests)");
            }
            root = new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
        Map<String, String> values = Map.of("bucket", bucket, "prefix", prefix, "projection_start", projectionStart);
        JsonNode serde = root.path("serde");
        return new TableDefinitionJson(
                root.path("name").asText(),
                root.path("comment").asText(null),
                columns(root.path("columns")),
                columns(root.path("partitionKeys")),
                serde.path("library").asText(),
                strings(serde.path("parameters"), values),
                root.path("inputFormat").asText(),
                root.path("outputFormat").asText(),
                fill(root.path("location").asText(), values),
                strings(root.path("parameters"), values));
    }

    private static List<Column> columns(JsonNode array) {
        List<Column> out = new ArrayList<>();
        array.forEach(c -> out.add(new Column(c.path("name").asText(), c.path("type").asText())));
        return List.copyOf(out);
    }

    private static Map<String, String> strings(JsonNode object, Map<String, String> values) {
        Map<String, String> out = new LinkedHashMap<>();
        object.properties().forEach(e -> out.put(e.getKey(), fill(e.getValue().asText(), values)));
        return out;
    }

    /** Replaces our placeholders; unknown ones (Athena's {@code ${dt}}) are left as they are. */
    static String fill(String text, Map<String, String> values) {
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = values.get(m.group(1));
            m.appendReplacement(out, Matcher.quoteReplacement(value != null ? value : m.group()));
        }
        m.appendTail(out);
        return out.toString();
    }
}
