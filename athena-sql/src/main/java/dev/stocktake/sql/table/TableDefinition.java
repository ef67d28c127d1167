package dev.stocktake.sql.table;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static java.util.stream.Collectors.joining;

/**
 * A Glue/Hive table as Athena sees it, read from the single source of truth
 * {@code credential_reports.table.json} with the deployment placeholders filled in.
 *
 * <p>The CDK app builds its Glue {@code CfnTable} from {@link #credentialReports(String, String, LocalDate)},
 * {@link #ddl()} renders the Athena DDL shipped in {@code athena-sql/ddl/}, and the embedded Trino
 * writes the same definition into its metastore.
 */
public record TableDefinition(
        String name,
        String comment,
        List<Column> columns,
        List<Column> partitionKeys,
        Serde serde,
        String inputFormat,
        String outputFormat,
        String location,
        Map<String, String> parameters) {

    /** Classpath resource holding the definition, placeholders unresolved. */
    public static final String CREDENTIAL_REPORTS_RESOURCE = "/dev/stocktake/sql/credential_reports.table.json";

    /** The key prefix the collector writes under unless configured otherwise. */
    public static final String DEFAULT_PREFIX = "credential-reports/";

    private static final DateTimeFormatter PROJECTION_DAY = DateTimeFormatter.ofPattern("yyyy/MM/dd");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([a-z_]+)}");
    private static final Pattern BUCKET_NAME = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

    public TableDefinition {
        columns = List.copyOf(columns);
        partitionKeys = List.copyOf(partitionKeys);
        parameters = Map.copyOf(parameters);
    }

    public record Column(String name, String type) {
    }

    public record Serde(String library, Map<String, String> parameters) {
        public Serde {
            parameters = Map.copyOf(parameters);
        }
    }

    /**
     * The {@code credential_reports} table for reports stored under {@code s3://bucket/prefix}.
     *
     * @param bucket          the central report bucket
     * @param prefix          the key prefix, empty or ending in {@code /} (default {@value #DEFAULT_PREFIX})
     * @param projectionStart the first day of the projected {@code dt} range
     */
    public static TableDefinition credentialReports(String bucket, String prefix, LocalDate projectionStart) {
        if (bucket == null || !BUCKET_NAME.matcher(bucket).matches()) {
            throw new IllegalArgumentException("bucket must be an S3 bucket name, got: " + bucket);
        }
        return credentialReports(template(), "s3://" + bucket + "/", prefix, projectionStart);
    }

    /**
     * The definition as committed, placeholders ({@code ${bucket}}, {@code ${prefix}}, {@code ${projection_start}})
     * left in: what {@code athena-sql/ddl/credential_reports.sql} renders.
     */
    public static TableDefinition credentialReportsTemplate() {
        Template template = template();
        return new TableDefinition(template.name(), template.comment(), template.columns(), template.partitionKeys(),
                template.serde(), template.inputFormat(), template.outputFormat(), template.location(),
                template.parameters());
    }

    /**
     * Writes the Athena DDL of the template to the file given as the only argument
     * (used to regenerate {@code athena-sql/ddl/credential_reports.sql}, see athena-sql/README.md).
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: TableDefinition <ddl file to write>");
        }
        java.nio.file.Files.writeString(java.nio.file.Path.of(args[0]), credentialReportsTemplate().ddl());
    }

    /**
     * The same table with its storage root (the {@code s3://<bucket>/} part of every location) replaced,
     * e.g. by {@code local:///} for the embedded Trino. Everything else is exactly what Athena gets.
     */
    public static TableDefinition credentialReportsAt(String storageRoot, String prefix, LocalDate projectionStart) {
        if (!storageRoot.endsWith("/")) {
            throw new IllegalArgumentException("storage root must end in '/', got: " + storageRoot);
        }
        return credentialReports(template(), storageRoot, prefix, projectionStart);
    }

    private static TableDefinition credentialReports(Template template, String storageRoot, String prefix,
                                                     LocalDate projectionStart) {
        Objects.requireNonNull(projectionStart, "projectionStart");
        if (prefix == null || !(prefix.isEmpty() || prefix.endsWith("/")) || prefix.startsWith("/")) {
            throw new IllegalArgumentException("prefix must be empty or end in '/' (and not start with it), got: " + prefix);
        }
        Map<String, String> values = Map.of(
                "prefix", prefix,
                "projection_start", PROJECTION_DAY.format(projectionStart));
        Map<String, String> parameters = new LinkedHashMap<>();
        template.parameters().forEach((key, value) -> parameters.put(key, resolve(value, storageRoot, values)));
        return new TableDefinition(
                template.name(),
                template.comment(),
                template.columns(),
                template.partitionKeys(),
                template.serde(),
                template.inputFormat(),
                template.outputFormat(),
                resolve(template.location(), storageRoot, values),
                parameters);
    }

    /** Substitutes our placeholders; {@code ${dt}} belongs to Athena's partition projection and stays. */
    private static String resolve(String text, String storageRoot, Map<String, String> values) {
        String rooted = text.replace("s3://${bucket}/", storageRoot);
        if (rooted.contains("${bucket}")) {
            throw new IllegalStateException("${bucket} is only supported as s3://${bucket}/ in: " + text);
        }
        Matcher matcher = PLACEHOLDER.matcher(rooted);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String key = matcher.group(1);
            String replacement = key.equals("dt") ? matcher.group() : values.get(key);
            if (replacement == null) {
                throw new IllegalStateException("unknown placeholder ${" + key + "} in: " + text);
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    /** Column names in report order, then partition keys. */
    public List<String> columnNames() {
        return columns.stream().map(Column::name).toList();
    }

    /**
     * Athena DDL for this table ({@code CREATE EXTERNAL TABLE}, Hive dialect, backquoted names),
     * parameters in a stable (sorted) order.
     */
    public String ddl() {
        String columnList = columns.stream()
                .map(column -> "  `" + column.name() + "` " + column.type())
                .collect(joining(",\n"));
        String partitionList = partitionKeys.stream()
                .map(column -> "`" + column.name() + "` " + column.type())
                .collect(joining(", "));
        String serdeProperties = sortedProperties(serde.parameters());
        String tableProperties = sortedProperties(parameters);
        return "-- Raw IAM credential reports, one CSV per account per day, as GetCredentialReport returned them.\n"
                + "-- GENERATED from athena-sql/src/main/resources" + CREDENTIAL_REPORTS_RESOURCE
                + " by TableDefinition.ddl(); regenerate, do not edit (see athena-sql/README.md).\n"
                + "CREATE EXTERNAL TABLE `" + name + "` (\n"
                + columnList + "\n"
                + ")\n"
                + "COMMENT '" + comment.replace("'", "\\'") + "'\n"
                + "PARTITIONED BY (" + partitionList + ")\n"
                + "ROW FORMAT SERDE '" + serde.library() + "'\n"
                + "WITH SERDEPROPERTIES (\n" + serdeProperties + "\n)\n"
                + "STORED AS INPUTFORMAT '" + inputFormat + "'\n"
                + "OUTPUTFORMAT '" + outputFormat + "'\n"
                + "LOCATION '" + location + "'\n"
                + "TBLPROPERTIES (\n" + tableProperties + "\n);\n";
    }

    private static String sortedProperties(Map<String, String> properties) {
        return properties.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(entry -> "  '" + entry.getKey() + "' = '" + entry.getValue().replace("\\", "\\\\").replace("'", "\\'") + "'")
                .collect(joining(",\n"));
    }

    private record Template(
            String name,
            String comment,
            Map<String, String> placeholders,
            List<Column> columns,
            List<Column> partitionKeys,
            Serde serde,
            String inputFormat,
            String outputFormat,
            String location,
            Map<String, String> parameters) {
    }

    private static Template template() {
        ObjectMapper mapper = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
        try (InputStream in = TableDefinition.class.getResourceAsStream(CREDENTIAL_REPORTS_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing classpath resource " + CREDENTIAL_REPORTS_RESOURCE);
            }
            return mapper.readValue(in, Template.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + CREDENTIAL_REPORTS_RESOURCE, e);
        }
    }
}
