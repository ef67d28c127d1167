package dev.stocktake.sql.table;

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

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.stocktake.support.env.Environment;

/**
 * One committed table definition (a {@code <table>.table.json} classpath resource, placeholders {@code ${bucket}},
 * {@code ${prefix}} and {@code ${projection_start}} unresolved) and the three ways it is used: resolved for a bucket,
 * resolved for another storage root (the embedded Trino's {@code local:///}), or as committed (what the DDL renders).
 *
 * @param table         the table's name; its definition is the resource {@code /dev/stocktake/sql/<table>.table.json}
 * @param ownPrefixHint the default of its own prefix, named when it is given none; null when it may share the bucket's
 *                      root (the credential reports)
 */
record TableTemplate(String table, String ownPrefixHint) {

    private static final DateTimeFormatter PROJECTION_DAY = DateTimeFormatter.ofPattern("yyyy/MM/dd");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([a-z_]+)}");

    /** The classpath resource of the definition, placeholders unresolved. */
    String resource() {
        return "/dev/stocktake/sql/" + table + ".table.json";
    }

    /** The table for files under {@code s3://bucket/prefix}; {@code projectionStart} null when it has no projected dt. */
    TableDefinition in(String bucket, String prefix, LocalDate projectionStart) {
        if (bucket == null || !Environment.BUCKET.matcher(bucket).matches()) {
            throw new IllegalArgumentException("bucket must be an S3 bucket name, got: " + bucket);
        }
        if (ownPrefixHint != null && "".equals(prefix)) {
            throw new IllegalArgumentException("the " + table + " table needs its own prefix (e.g. '" + ownPrefixHint
                    + "'), apart from the credential reports");
        }
        return resolved("s3://" + bucket + "/", prefix, projectionStart);
    }

    /** The same table with its storage root (the {@code s3://<bucket>/} part of every location) replaced. */
    TableDefinition at(String storageRoot, String prefix, LocalDate projectionStart) {
        if (!storageRoot.endsWith("/")) {
            throw new IllegalArgumentException("storage root must end in '/', got: " + storageRoot);
        }
        return resolved(storageRoot, prefix, projectionStart);
    }

    /** The definition as committed, placeholders left in. */
    TableDefinition committed() {
        Definition template = read();
        return new TableDefinition(template.name(), template.comment(), template.columns(), template.partitionKeys(),
                template.serde(), template.inputFormat(), template.outputFormat(), template.location(),
                template.parameters(), template.summary(), resource());
    }

    private TableDefinition resolved(String storageRoot, String prefix, LocalDate projectionStart) {
        Definition template = read();
        if (template.parameters().values().stream().anyMatch(value -> value.contains("${projection_start}"))) {
            Objects.requireNonNull(projectionStart, "projectionStart");
        }
        if (prefix == null || !(prefix.isEmpty() || prefix.endsWith("/")) || prefix.startsWith("/")) {
            throw new IllegalArgumentException("prefix must be empty or end in '/' (and not start with it), got: " + prefix);
        }
        Map<String, String> values = new LinkedHashMap<>();
        values.put("prefix", prefix);
        if (projectionStart != null) {
            values.put("projection_start", PROJECTION_DAY.format(projectionStart));
        }
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
                parameters,
                template.summary(),
                resource());
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

    /** The resource's content. */
    private record Definition(
            String name,
            String summary,
            String comment,
            Map<String, String> placeholders,
            List<TableDefinition.Column> columns,
            List<TableDefinition.Column> partitionKeys,
            TableDefinition.Serde serde,
            String inputFormat,
            String outputFormat,
            String location,
            Map<String, String> parameters) {
    }

    private Definition read() {
        ObjectMapper mapper = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
        try (InputStream in = TableDefinition.class.getResourceAsStream(resource())) {
            if (in == null) {
                throw new IllegalStateException("missing classpath resource " + resource());
            }
            return mapper.readValue(in, Definition.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource(), e);
        }
    }
}
