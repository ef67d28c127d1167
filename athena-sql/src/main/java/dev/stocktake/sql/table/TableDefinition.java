package dev.stocktake.sql.table;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * A Glue/Hive table as Athena sees it, read from its single source of truth (the classpath resource
 * {@code /dev/stocktake/sql/<table>.table.json}, e.g. {@code credential_reports.table.json}) with the deployment
 * placeholders filled in ({@link TableTemplate}).
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

    /** The key prefix the compaction job writes the Parquet copy under unless configured otherwise. */
    public static final String DEFAULT_COMPACTED_PREFIX = "compacted-reports/";

    /** The key prefix the allowlist file is deployed under; it holds {@value #ALLOWLIST_FILE} only. */
    public static final String DEFAULT_ALLOWLIST_PREFIX = "allowlist/";

    /** The allowlist's file name under its prefix. */
    public static final String ALLOWLIST_FILE = "allowlist.csv";

    /**
     * The key prefix {@code stocktake remediate} writes its journal under:
     * {@code remediation/YYYY/MM/DD/<plan id>/<step id>.<phase>.json}.
     */
    public static final String DEFAULT_REMEDIATION_PREFIX = "remediation/";

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

    private static final TableTemplate CREDENTIAL_REPORTS = new TableTemplate("credential_reports", null);
    private static final TableTemplate ACCOUNTS = new TableTemplate("accounts", DEFAULT_ACCOUNTS_PREFIX);
    private static final TableTemplate ALLOWLIST = new TableTemplate("allowlist", DEFAULT_ALLOWLIST_PREFIX);
    private static final TableTemplate REPORT_ROWS_COMPACTED = new TableTemplate("report_rows_compacted", DEFAULT_COMPACTED_PREFIX);
    private static final TableTemplate IDENTITY_CENTER = new TableTemplate("identity_center", DEFAULT_IDENTITY_CENTER_PREFIX);
    private static final TableTemplate IAM_DETAILS = new TableTemplate("iam_details", DEFAULT_IAM_DETAILS_PREFIX);
    private static final TableTemplate REMEDIATION_JOURNAL = new TableTemplate("remediation_journal", DEFAULT_REMEDIATION_PREFIX);
    private static final TableTemplate IDENTITY_MAPPING = new TableTemplate("identity_mapping", DEFAULT_IDENTITY_MAPPING_PREFIX);
    private static final TableTemplate MIGRATION_SETTINGS = new TableTemplate("migration_settings", DEFAULT_MIGRATION_SETTINGS_PREFIX);
    private static final TableTemplate MILESTONES = new TableTemplate("milestones", DEFAULT_MILESTONES_PREFIX);

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
        return CREDENTIAL_REPORTS.in(bucket, prefix, projectionStart);
    }

    /**
     * The {@code accounts} table (the account-directory job's exports) for files stored under {@code s3://bucket/prefix}.
     *
     * @param bucket          the central report bucket
     * @param prefix          the directory's key prefix, ending in {@code /} (default {@value #DEFAULT_ACCOUNTS_PREFIX})
     * @param projectionStart the first day of the projected {@code dt} range
     */
    public static TableDefinition accounts(String bucket, String prefix, LocalDate projectionStart) {
        return ACCOUNTS.in(bucket, prefix, projectionStart);
    }

    /**
     * The {@code allowlist} table: the allowlist file deployed to {@code s3://bucket/prefix}{@value #ALLOWLIST_FILE},
     * the only object under that prefix. No partitions.
     *
     * @param prefix the allowlist's key prefix, ending in {@code /} (default {@value #DEFAULT_ALLOWLIST_PREFIX})
     */
    public static TableDefinition allowlist(String bucket, String prefix) {
        return ALLOWLIST.in(bucket, prefix, null);
    }

    /** The {@code allowlist} table with its storage root replaced, as {@link #credentialReportsAt} does. */
    public static TableDefinition allowlistAt(String storageRoot, String prefix) {
        return ALLOWLIST.at(storageRoot, prefix, null);
    }

    /**
     * The {@code report_rows_compacted} table: the compaction job's Parquet copy of finished months, one partition per
     * report day under {@code s3://bucket/prefix}, registered in the catalog by the job's {@code INSERT INTO}.
     *
     * @param prefix the compacted copy's key prefix, ending in {@code /} (default {@value #DEFAULT_COMPACTED_PREFIX})
     */
    public static TableDefinition reportRowsCompacted(String bucket, String prefix) {
        return REPORT_ROWS_COMPACTED.in(bucket, prefix, null);
    }

    /** The {@code report_rows_compacted} table with its storage root replaced, as {@link #credentialReportsAt} does. */
    public static TableDefinition reportRowsCompactedAt(String storageRoot, String prefix) {
        return REPORT_ROWS_COMPACTED.at(storageRoot, prefix, null);
    }

    /** The {@code report_rows_compacted} definition as committed: what {@code athena-sql/ddl/report_rows_compacted.sql} renders. */
    public static TableDefinition reportRowsCompactedTemplate() {
        return REPORT_ROWS_COMPACTED.committed();
    }

    /**
     * The {@code identity_center} table: the Identity Center exporter's JSON Lines, one object per day under
     * {@code s3://bucket/prefix}{@code YYYY/MM/DD/}{@value #IDENTITY_CENTER_FILE}, {@code dt} projected like {@code accounts}.
     *
     * @param prefix the export's key prefix, ending in {@code /} (default {@value #DEFAULT_IDENTITY_CENTER_PREFIX})
     */
    public static TableDefinition identityCenter(String bucket, String prefix, LocalDate projectionStart) {
        return IDENTITY_CENTER.in(bucket, prefix, projectionStart);
    }

    /** The {@code identity_center} table with its storage root replaced, as {@link #credentialReportsAt} does. */
    public static TableDefinition identityCenterAt(String storageRoot, String prefix, LocalDate projectionStart) {
        return IDENTITY_CENTER.at(storageRoot, prefix, projectionStart);
    }

    /** The {@code identity_center} definition as committed: what {@code athena-sql/ddl/identity_center.sql} renders. */
    public static TableDefinition identityCenterTemplate() {
        return IDENTITY_CENTER.committed();
    }

    /**
     * The {@code iam_details} table: the collector's JSON Lines beside each report, under
     * {@code s3://bucket/prefix}{@code YYYY/MM/DD/<name>@<id>.json}, {@code dt} projected like {@code accounts}.
     *
     * @param prefix the details' key prefix, ending in {@code /} (default {@value #DEFAULT_IAM_DETAILS_PREFIX})
     */
    public static TableDefinition iamDetails(String bucket, String prefix, LocalDate projectionStart) {
        return IAM_DETAILS.in(bucket, prefix, projectionStart);
    }

    /** The {@code iam_details} table with its storage root replaced, as {@link #credentialReportsAt} does. */
    public static TableDefinition iamDetailsAt(String storageRoot, String prefix, LocalDate projectionStart) {
        return IAM_DETAILS.at(storageRoot, prefix, projectionStart);
    }

    /** The {@code iam_details} definition as committed: what {@code athena-sql/ddl/iam_details.sql} renders. */
    public static TableDefinition iamDetailsTemplate() {
        return IAM_DETAILS.committed();
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
        return REMEDIATION_JOURNAL.in(bucket, prefix, projectionStart);
    }

    /** The {@code remediation_journal} table with its storage root replaced, as {@link #credentialReportsAt} does. */
    public static TableDefinition remediationJournalAt(String storageRoot, String prefix, LocalDate projectionStart) {
        return REMEDIATION_JOURNAL.at(storageRoot, prefix, projectionStart);
    }

    /** The {@code remediation_journal} definition as committed: what {@code athena-sql/ddl/remediation_journal.sql} renders. */
    public static TableDefinition remediationJournalTemplate() {
        return REMEDIATION_JOURNAL.committed();
    }

    /**
     * The {@code identity_mapping} table: {@code s3://bucket/prefix}{@value #IDENTITY_MAPPING_FILE}, the only object
     * under that prefix, read as four positional cells {@code c1..c4} (its header may name the columns in any order).
     *
     * @param prefix the mapping's key prefix, ending in {@code /} (default {@value #DEFAULT_IDENTITY_MAPPING_PREFIX})
     */
    public static TableDefinition identityMapping(String bucket, String prefix) {
        return IDENTITY_MAPPING.in(bucket, prefix, null);
    }

    /** The {@code identity_mapping} table with its storage root replaced, as {@link #credentialReportsAt} does. */
    public static TableDefinition identityMappingAt(String storageRoot, String prefix) {
        return IDENTITY_MAPPING.at(storageRoot, prefix, null);
    }

    /** The {@code identity_mapping} definition as committed: what {@code athena-sql/ddl/identity_mapping.sql} renders. */
    public static TableDefinition identityMappingTemplate() {
        return IDENTITY_MAPPING.committed();
    }

    /**
     * The {@code migration_settings} table: {@code s3://bucket/prefix}{@value #MIGRATION_SETTINGS_FILE}, the only
     * object under that prefix.
     *
     * @param prefix the settings' key prefix, ending in {@code /} (default {@value #DEFAULT_MIGRATION_SETTINGS_PREFIX})
     */
    public static TableDefinition migrationSettings(String bucket, String prefix) {
        return MIGRATION_SETTINGS.in(bucket, prefix, null);
    }

    /** The {@code migration_settings} table with its storage root replaced, as {@link #credentialReportsAt} does. */
    public static TableDefinition migrationSettingsAt(String storageRoot, String prefix) {
        return MIGRATION_SETTINGS.at(storageRoot, prefix, null);
    }

    /** The {@code migration_settings} definition as committed: what {@code athena-sql/ddl/migration_settings.sql} renders. */
    public static TableDefinition migrationSettingsTemplate() {
        return MIGRATION_SETTINGS.committed();
    }

    /**
     * The {@code milestones} table: {@code s3://bucket/prefix}{@value #MILESTONES_FILE}, the only object under that
     * prefix.
     *
     * @param prefix the milestones' key prefix, ending in {@code /} (default {@value #DEFAULT_MILESTONES_PREFIX})
     */
    public static TableDefinition milestones(String bucket, String prefix) {
        return MILESTONES.in(bucket, prefix, null);
    }

    /** The {@code milestones} table with its storage root replaced, as {@link #credentialReportsAt} does. */
    public static TableDefinition milestonesAt(String storageRoot, String prefix) {
        return MILESTONES.at(storageRoot, prefix, null);
    }

    /** The {@code milestones} definition as committed: what {@code athena-sql/ddl/milestones.sql} renders. */
    public static TableDefinition milestonesTemplate() {
        return MILESTONES.committed();
    }

    /**
     * The definition as committed, placeholders ({@code ${bucket}}, {@code ${prefix}}, {@code ${projection_start}})
     * left in: what {@code athena-sql/ddl/credential_reports.sql} renders.
     */
    public static TableDefinition credentialReportsTemplate() {
        return CREDENTIAL_REPORTS.committed();
    }

    /** The {@code accounts} definition as committed, placeholders left in: what {@code athena-sql/ddl/accounts.sql} renders. */
    public static TableDefinition accountsTemplate() {
        return ACCOUNTS.committed();
    }

    /** The {@code allowlist} definition as committed, placeholders left in: what {@code athena-sql/ddl/allowlist.sql} renders. */
    public static TableDefinition allowlistTemplate() {
        return ALLOWLIST.committed();
    }

    /**
     * The same table with its storage root (the {@code s3://<bucket>/} part of every location) replaced,
     * e.g. by {@code local:///} for the embedded Trino. Everything else is exactly what Athena gets.
     */
    public static TableDefinition credentialReportsAt(String storageRoot, String prefix, LocalDate projectionStart) {
        return CREDENTIAL_REPORTS.at(storageRoot, prefix, projectionStart);
    }

    /** The {@code accounts} table with its storage root replaced, as {@link #credentialReportsAt} does. */
    public static TableDefinition accountsAt(String storageRoot, String prefix, LocalDate projectionStart) {
        return ACCOUNTS.at(storageRoot, prefix, projectionStart);
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
}
