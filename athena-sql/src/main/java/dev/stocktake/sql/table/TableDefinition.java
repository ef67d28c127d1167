package dev.stocktake.sql.table;

import dev.stocktake.support.env.Environment;

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


/**
 * A Glue/Hive table as Athena sees it, read from its single source of truth
 * ({@code credential_reports.table.json}, {@code accounts.table.json}, {@code allowlist.table.json},
 * {@code report_rows_compacted.table.json}) with the
 * deployment placeholders filled in.
 *
 * <p>The CDK app builds its Glue {@code CfnTable}s from {@link #credentialReports(String, String, LocalDate)},
 * {@link #accounts(String, String, LocalDate)} and {@link #allowlist(String, String)}, {@link #ddl()} renders the Athena
 * DDL shipped in
 * {@code athena-sql/ddl/}, and the embedded Trino writes the same definitions into its metastore.
 *
 * @param summary  one line saying what the table holds (the first line of its DDL)
 * @param resource the classpath resource the definition was read from
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
        Map<String, String> parameters,
        String summary,
        String resource) {

    /** Classpath resource holding the definition, placeholders unresolved. */
    public static final String CREDENTIAL_REPORTS_RESOURCE = "/dev/stocktake/sql/credential_reports.table.json";

    /** Classpath resource of the account directory's table, placeholders unresolved. */
    public static final String ACCOUNTS_RESOURCE = "/dev/stocktake/sql/accounts.table.json";

    /** Classpath resource of the allowlist's table (one CSV, no partitions), placeholders unresolved. */
    public static final String ALLOWLIST_RESOURCE = "/dev/stocktake/sql/allowlist.table.json";

    /** Classpath resource of the compacted (Parquet) copy of the reports, placeholders unresolved. */
    public static final String REPORT_ROWS_COMPACTED_RESOURCE = "/dev/stocktake/sql/report_rows_compacted.table.json";

    /** The key prefix the compaction job writes the Parquet copy under unless configured otherwise. */
    public static final String DEFAULT_COMPACTED_PREFIX = "compacted-reports/";

    /** The key prefix the allowlist file is deployed under; it holds {@value #ALLOWLIST_FILE} only. */
    public static final String DEFAULT_ALLOWLIST_PREFIX = "allowlist/";

    /** The allowlist's file name under its prefix. */
    public static final String ALLOWLIST_FILE = "allowlist.csv";

    /** Classpath resource of the Identity Center export's table (JSON Lines, projected dt), placeholders unresolved. */
    public static final String IDENTITY_CENTER_RESOURCE = "/dev/stocktake/sql/identity_center.table.json";

    /** Classpath resource of the collector's details table (JSON Lines, projected dt), placeholders unresolved. */
    public static final String IAM_DETAILS_RESOURCE = "/dev/stocktake/sql/iam_details.table.json";

    /** Classpath resource of the remediation journal's table (one-line JSON records, projected dt), placeholders unresolved. */
    public static final String REMEDIATION_JOURNAL_RESOURCE = "/dev/stocktake/sql/remediation_journal.table.json";

    /**
     * The key prefix {@code stocktake remediate} writes its journal under:
     * {@code remediation/YYYY/MM/DD/<plan id>/<step id>.<phase>.json}.
     */
    public static final String DEFAULT_REMEDIATION_PREFIX = "remediation/";

    /** Classpath resource of the identity mapping's table (one CSV, no partitions), placeholders unresolved. */
    public static final String IDENTITY_MAPPING_RESOURCE = "/dev/stocktake/sql/identity_mapping.table.json";

    /** Classpath resource of the migration settings' table (one CSV, no partitions), placeholders unresolved. */
    public static final String MIGRATION_SETTINGS_RESOURCE = "/dev/stocktake/sql/migration_settings.table.json";

    /** Classpath resource of the milestones' table (one CSV, no partitions), placeholders unresolved. */
    public static final String MILESTONES_RESOURCE = "/dev/stocktake/sql/milestones.table.json";

    /** The key prefix the Identity Center exporter writes under: {@code identity-center/YYYY/MM/DD/identity-center.json}. */
    public static final String DEFAULT_IDENTITY_CENTER_PREFIX = "identity-center/";

    /** The Identity Center export's file name in its day folder. */
    public static final String IDENTITY_CENTER_FILE = "identity-center.json";

    /** The key prefix the collector writes its details under: {@code iam-details/YYYY/MM/DD/<name>@<id>.json}. */
    public static final String DEFAULT_IAM_DETAILS_PREFIX = "iam-details/";

    /** The key prefix the identity mapping is deployed under; it holds {@value #IDENTITY_MAPPING_FILE} only. */
    public static final String DEFAULT_IDENTITY_MAPPING_PREFIX = "identity-mapping/";

    /** The identity mapping's file name under its prefix. */
    public static final String IDENTITY_MAPPING_FILE = "identity-mapping.csv";

    /** The key prefix the migration settings are deployed under; it holds {@value #MIGRATION_SETTINGS_FILE} only. */
    public static final String DEFAULT_MIGRATION_SETTINGS_PREFIX = "migration-settings/";

    /** The migration settings' file name under its prefix. */
    public static final String MIGRATION_SETTINGS_FILE = "migration-settings.csv";

    /** The key prefix the milestones are deployed under; it holds {@value #MILESTONES_FILE} only. */
    public static final String DEFAULT_MILESTONES_PREFIX = "milestones/";

    /** The milestones' file name under its prefix. */
    public static final String MILESTONES_FILE = "milestones.csv";

    /** The key prefix the collector writes under unless configured otherwise. */
    public static final String DEFAULT_PREFIX = "credential-reports/";

    /** The key prefix the account-directory job writes under unless configured otherwise. */
    public static final String DEFAULT_ACCOUNTS_PREFIX = "accounts/";

    private static final DateTimeFormatter PROJECTION_DAY = DateTimeFormatter.ofPattern("yyyy/MM/dd");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([a-z_]+)}");

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
        return resolved(CREDENTIAL_REPORTS_RESOURCE, "s3://" + checkBucket(bucket) + "/", prefix, projectionStart);
    }

    /**
     * The {@code accounts} table (the account-directory job's exports) for files stored under {@code s3://bucket/prefix}.
     *
     * @param bucket          the central report bucket
     * @param prefix          the directory's key prefix, ending in {@code /} (default {@value #DEFAULT_ACCOUNTS_PREFIX})
     * @param projectionStart the first day of the projected {@code dt} range
     */
    public static TableDefinition accounts(String bucket, String prefix, LocalDate projectionStart) {
        if ("".equals(prefix)) {
            throw new IllegalArgumentException("the accounts table needs its own prefix (e.g. '" + DEFAULT_ACCOUNTS_PREFIX
                    + "'), apart from the credential reports");
        }
        return resolved(ACCOUNTS_RESOURCE, "s3://" + checkBucket(bucket) + "/", prefix, projectionStart);
    }

    /**
     * The {@code allowlist} table: the allowlist file deployed to {@code s3://bucket/prefix}{@value #ALLOWLIST_FILE},
     * the only object under that prefix. No partitions.
     *
     * @param prefix the allowlist's key prefix, ending in {@code /} (default {@value #DEFAULT_ALLOWLIST_PREFIX})
     */
    public static TableDefinition allowlist(String bucket, String prefix) {
        return resolved(ALLOWLIST_RESOURCE, "s3://" + checkBucket(bucket) + "/", checkOwnPrefix("allowlist", prefix), null);
    }

    /** The {@code allowlist} table with its storage root replaced, as {@link #credentialReportsAt} does. */
    public static TableDefinition allowlistAt(String storageRoot, String prefix) {
        return resolved(ALLOWLIST_RESOURCE, checkRoot(storageRoot), prefix, null);
    }

    /**
     * The {@code report_rows_compacted} table: the compaction job's Parquet copy of finished months, one partition per
     * report day under {@code s3://bucket/prefix}, registered in the catalog by the job's {@code INSERT INTO}.
     *
     * @param prefix the compacted copy's key prefix, ending in {@code /} (default {@value #DEFAULT_COMPACTED_PREFIX})
     */
    public static TableDefinition reportRowsCompacted(String bucket, String prefix) {
        return resolved(REPORT_ROWS_COMPACTED_RESOURCE, "s3://" + checkBucket(bucket) + "/",
                checkOwnPrefix("report_rows_compacted", prefix, DEFAULT_COMPACTED_PREFIX), null);
    }

    /** The {@code report_rows_compacted} table with its storage root replaced, as {@link #credentialReportsAt} does. */
    public static TableDefinition reportRowsCompactedAt(String storageRoot, String prefix) {
        return resolved(REPORT_ROWS_COMPACTED_RESOURCE, checkRoot(storageRoot), prefix, null);
    }

    /** The {@code report_rows_compacted} definition as committed: what {@code athena-sql/ddl/report_rows_compacted.sql} renders. */
    public static TableDefinition reportRowsCompactedTemplate() {
        return unresolved(REPORT_ROWS_COMPACTED_RESOURCE);
    }

    /**
     * The {@code identity_center} table: the Identity Center exporter's JSON Lines, one object per day under
     * {@code s3://bucket/prefix}{@code YYYY/MM/DD/}{@value #IDENTITY_CENTER_FILE}, {@code dt} projected like {@code accounts}.
     *
     * @param prefix the export's key prefix, ending in {@code /} (default {@value #DEFAULT_IDENTITY_CENTER_PREFIX})
     */
    public static TableDefinition identityCenter(String bucket, String prefix, LocalDate projectionStart) {
        return resolved(IDENTITY_CENTER_RESOURCE, "s3://" + checkBucket(bucket) + "/",
                checkOwnPrefix("identity_center", prefix, DEFAULT_IDENTITY_CENTER_PREFIX), projectionStart);
    }

    /** The {@code identity_center} table with its storage root replaced, as {@link #credentialReportsAt} does. */
    public static TableDefinition identityCenterAt(String storageRoot, String prefix, LocalDate projectionStart) {
        return resolved(IDENTITY_CENTER_RESOURCE, checkRoot(storageRoot), prefix, projectionStart);
    }

    /** The {@code identity_center} definition as committed: what {@code athena-sql/ddl/identity_center.sql} renders. */
    public static TableDefinition identityCenterTemplate() {
        return unresolved(IDENTITY_CENTER_RESOURCE);
    }

    /**
     * The {@code iam_details} table: the collector's JSON Lines beside each report, under
     * {@code s3://bucket/prefix}{@code YYYY/MM/DD/<name>@<id>.json}, {@code dt} projected like {@code accounts}.
     *
     * @param prefix the details' key prefix, ending in {@code /} (default {@value #DEFAULT_IAM_DETAILS_PREFIX})
     */
    public static TableDefinition iamDetails(String bucket, String prefix, LocalDate projectionStart) {
        return resolved(IAM_DETAILS_RESOURCE, "s3://" + checkBucket(bucket) + "/",
                checkOwnPrefix("iam_details", prefix, DEFAULT_IAM_DETAILS_PREFIX), projectionStart);
    }

    /** The {@code iam_details} table with its storage root replaced, as {@link #credentialReportsAt} does. */
    public static TableDefinition iamDetailsAt(String storageRoot, String prefix, LocalDate projectionStart) {
        return resolved(IAM_DETAILS_RESOURCE, checkRoot(storageRoot), prefix, projectionStart);
    }

    /** The {@code iam_details} definition as committed: what {@code athena-sql/ddl/iam_details.sql} renders. */
    public static TableDefinition iamDetailsTemplate() {
        return unresolved(IAM_DETAILS_RESOURCE);
    }

    /**
     * The {@code remediation_journal} table: the records {@code stocktake remediate} writes under
     * {@code s3://bucket/prefix}{@code YYYY/MM/DD/<plan id>/<step id>.<phase>.json}, one single-line JSON object per
     * file, {@code dt} projected like {@code accounts} (the plan folders below a day are read too, as Athena reads the
     * sub-folders of a partition's location).
     *
     * @param prefix the journal's key prefix, ending in {@code /} (default {@value #DEFAULT_REMEDIATION_PREFIX})
     */
    public static TableDefinition remediationJournal(String bucket, String prefix, LocalDate projectionStart) {
        return resolved(REMEDIATION_JOURNAL_RESOURCE, "s3://" + checkBucket(bucket) + "/",
                checkOwnPrefix("remediation_journal", prefix, DEFAULT_REMEDIATION_PREFIX), projectionStart);
    }

    /** The {@code remediation_journal} table with its storage root replaced, as {@link #credentialReportsAt} does. */
    public static TableDefinition remediationJournalAt(String storageRoot, String prefix, LocalDate projectionStart) {
        return resolved(REMEDIATION_JOURNAL_RESOURCE, checkRoot(storageRoot), prefix, projectionStart);
    }

    /** The {@code remediation_journal} definition as committed: what {@code athena-sql/ddl/remediation_journal.sql} renders. */
    public static TableDefinition remediationJournalTemplate() {
        return unresolved(REMEDIATION_JOURNAL_RESOURCE);
    }

    /**
     * The {@code identity_mapping} table: {@code s3://bucket/prefix}{@value #IDENTITY_MAPPING_FILE}, the only object
     * under that prefix, read as four positional cells {@code c1..c4} (its header may name the columns in any order).
     *
     * @param prefix the mapping's key prefix, ending in {@code /} (default {@value #DEFAULT_IDENTITY_MAPPING_PREFIX})
     */
    public static TableDefinition identityMapping(String bucket, String prefix) {
        return resolved(IDENTITY_MAPPING_RESOURCE, "s3://" + checkBucket(bucket) + "/",
                checkOwnPrefix("identity_mapping", prefix, DEFAULT_IDENTITY_MAPPING_PREFIX), null);
    }

    /** The {@code identity_mapping} table with its storage root replaced, as {@link #credentialReportsAt} does. */
    public static TableDefinition identityMappingAt(String storageRoot, String prefix) {
        return resolved(IDENTITY_MAPPING_RESOURCE, checkRoot(storageRoot), prefix, null);
    }

    /** The {@code identity_mapping} definition as committed: what {@code athena-sql/ddl/identity_mapping.sql} renders. */
    public static TableDefinition identityMappingTemplate() {
        return unresolved(IDENTITY_MAPPING_RESOURCE);
    }

    /**
     * The {@code migration_settings} table: {@code s3://bucket/prefix}{@value #MIGRATION_SETTINGS_FILE}, the only
     * object under that prefix.
     *
     * @param prefix the settings' key prefix, ending in {@code /} (default {@value #DEFAULT_MIGRATION_SETTINGS_PREFIX})
     */
    public static TableDefinition migrationSettings(String bucket, String prefix) {
        return resolved(MIGRATION_SETTINGS_RESOURCE, "s3://" + checkBucket(bucket) + "/",
                checkOwnPrefix("migration_settings", prefix, DEFAULT_MIGRATION_SETTINGS_PREFIX), null);
    }

    /** The {@code migration_settings} table with its storage root replaced, as {@link #credentialReportsAt} does. */
    public static TableDefinition migrationSettingsAt(String storageRoot, String prefix) {
        return resolved(MIGRATION_SETTINGS_RESOURCE, checkRoot(storageRoot), prefix, null);
    }

    /** The {@code migration_settings} definition as committed: what {@code athena-sql/ddl/migration_settings.sql} renders. */
    public static TableDefinition migrationSettingsTemplate() {
        return unresolved(MIGRATION_SETTINGS_RESOURCE);
    }

    /**
     * The {@code milestones} table: {@code s3://bucket/prefix}{@value #MILESTONES_FILE}, the only object under that
     * prefix.
     *
     * @param prefix the milestones' key prefix, ending in {@code /} (default {@value #DEFAULT_MILESTONES_PREFIX})
     */
    public static TableDefinition milestones(String bucket, String prefix) {
        return resolved(MILESTONES_RESOURCE, "s3://" + checkBucket(bucket) + "/",
                checkOwnPrefix("milestones", prefix, DEFAULT_MILESTONES_PREFIX), null);
    }

    /** The {@code milestones} table with its storage root replaced, as {@link #credentialReportsAt} does. */
    public static TableDefinition milestonesAt(String storageRoot, String prefix) {
        return resolved(MILESTONES_RESOURCE, checkRoot(storageRoot), prefix, null);
    }

    /** The {@code milestones} definition as committed: what {@code athena-sql/ddl/milestones.sql} renders. */
    public static TableDefinition milestonesTemplate() {
        return unresolved(MILESTONES_RESOURCE);
    }

    private static String checkOwnPrefix(String table, String prefix) {
        return checkOwnPrefix(table, prefix, DEFAULT_ALLOWLIST_PREFIX);
    }

    private static String checkOwnPrefix(String table, String prefix, String example) {
        if ("".equals(prefix)) {
            throw new IllegalArgumentException("the " + table + " table needs its own prefix (e.g. '" + example
                    + "'), apart from the credential reports");
        }
        return prefix;
    }

    private static String checkBucket(String bucket) {
        if (bucket == null || !Environment.BUCKET.matcher(bucket).matches()) {
            throw new IllegalArgumentException("bucket must be an S3 bucket name, got: " + bucket);
        }
        return bucket;
    }

    /**
     * The definition as committed, placeholders ({@code ${bucket}}, {@code ${prefix}}, {@code ${projection_start}})
     * left in: what {@code athena-sql/ddl/credential_reports.sql} renders.
     */
    public static TableDefinition credentialReportsTemplate() {
        return unresolved(CREDENTIAL_REPORTS_RESOURCE);
    }

    /** The {@code accounts} definition as committed, placeholders left in: what {@code athena-sql/ddl/accounts.sql} renders. */
    public static TableDefinition accountsTemplate() {
        return unresolved(ACCOUNTS_RESOURCE);
    }

    /** The {@code allowlist} definition as committed, placeholders left in: what {@code athena-sql/ddl/allowlist.sql} renders. */
    public static TableDefinition allowlistTemplate() {
        return unresolved(ALLOWLIST_RESOURCE);
    }

    private static TableDefinition unresolved(String resource) {
        Template template = template(resource);
        return new TableDefinition(template.name(), template.comment(), template.columns(), template.partitionKeys(),
                template.serde(), template.inputFormat(), template.outputFormat(), template.location(),
                template.parameters(), template.summary(), resource);
    }

    /**
     * The same table with its storage root (the {@code s3://<bucket>/} part of every location) replaced,
     * e.g. by {@code local:///} for the embedded Trino. Everything else is exactly what Athena gets.
     */
    public static TableDefinition credentialReportsAt(String storageRoot, String prefix, LocalDate projectionStart) {
        return resolved(CREDENTIAL_REPORTS_RESOURCE, checkRoot(storageRoot), prefix, projectionStart);
    }

    /** The {@code accounts} table with its storage root replaced, as {@link #credentialReportsAt} does. */
    public static TableDefinition accountsAt(String storageRoot, String prefix, LocalDate projectionStart) {
        return resolved(ACCOUNTS_RESOURCE, checkRoot(storageRoot), prefix, projectionStart);
    }

    private static String checkRoot(String storageRoot) {
        if (!storageRoot.endsWith("/")) {
            throw new IllegalArgumentException("storage root must end in '/', got: " + storageRoot);
        }
        return storageRoot;
    }

    private static TableDefinition resolved(String resource, String storageRoot, String prefix, LocalDate projectionStart) {
        Template template = template(resource);
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
                resource);
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
        return TableDdl.render(this);
    }

    private record Template(
            String name,
            String summary,
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

    private static Template template(String resource) {
        ObjectMapper mapper = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
        try (InputStream in = TableDefinition.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing classpath resource " + resource);
            }
            return mapper.readValue(in, Template.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }
}
