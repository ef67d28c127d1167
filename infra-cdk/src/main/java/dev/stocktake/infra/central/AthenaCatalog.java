package dev.stocktake.infra.central;

import dev.stocktake.infra.LogRetention;
import dev.stocktake.infra.RepoPaths;
import dev.stocktake.infra.config.AllowlistOptions;
import dev.stocktake.infra.config.StocktakeConfig;
import dev.stocktake.sql.table.TableDefinition;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.athena.CfnNamedQuery;
import software.amazon.awscdk.services.athena.CfnWorkGroup;
import software.amazon.awscdk.services.glue.CfnDatabase;
import software.amazon.awscdk.services.glue.CfnTable;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.s3.IBucket;
import software.constructs.Construct;

/**
 * What Athena queries the reports through: the Glue database and its tables from athena-sql's single source of truth
 * ({@code credential_reports}, {@code accounts}, {@code allowlist}, {@code report_rows_compacted}, the Parquet copy
 * of finished months, and the migration views' sources: {@code identity_center}, {@code iam_details},
 * {@code identity_mapping}, {@code migration_settings}, {@code milestones}, and {@code remediation_journal}, the
 * records of {@code stocktake remediate} under {@code remediation/}), the workgroup (enforced settings, encrypted results, a per-query scan limit), one named query per
 * file of athena-sql's {@code queries/} and its views ({@link AthenaViews}), created after the tables and the workgroup.
 */
public final class AthenaCatalog extends Construct {
    private static final DateTimeFormatter PROJECTION_DATE = DateTimeFormatter.ofPattern("uuuu/MM/dd");

    private final String workGroupArn;
    private final CfnWorkGroup workGroup;
    private final CfnTable table;
    private final CfnTable accountsTable;
    private final CfnTable allowlistTable;
    private final CfnTable compactedTable;
    private final CfnTable remediationJournalTable;
    /** The migration views' sources, by table name. */
    private final java.util.Map<String, CfnTable> migrationTables = new java.util.LinkedHashMap<>();
    private final AthenaViews views;
    private final List<CfnNamedQuery> namedQueries = new ArrayList<>();

    public AthenaCatalog(Construct scope, String id, StocktakeConfig config, RepoPaths paths, ReportStorage storage) {
        super(scope, id);
        Stack stack = Stack.of(this);
        IBucket reportBucket = storage.reportBucket();
        IBucket resultsBucket = storage.resultsBucket();
        IKey key = storage.key();
        String database = config.athena().databaseName();
        String workGroupName = config.athena().workGroupName();

        CfnDatabase glueDatabase = CfnDatabase.Builder.create(this, "Database")
                .catalogId(stack.getAccount())
                .databaseInput(CfnDatabase.DatabaseInputProperty.builder()
                        .name(database)
                        .description("Stocktake: raw IAM credential reports of every account, and views over them")
                        .build())
                .build();

        LocalDate projectionStart = LocalDate.parse(config.athena().projectionStart(), PROJECTION_DATE);
        table = glueTable("CredentialReportsTable", database, glueDatabase, TableDefinition.credentialReports(
                config.reportBucketName(), config.reportPrefix(), projectionStart));
        accountsTable = glueTable("AccountsTable", database, glueDatabase, TableDefinition.accounts(
                config.reportBucketName(), StocktakeConfig.DIRECTORY_PREFIX, projectionStart));
        allowlistTable = glueTable("AllowlistTable", database, glueDatabase, TableDefinition.allowlist(
                config.reportBucketName(), AllowlistOptions.PREFIX));
        // report_rows reads the Parquet copy, so the table exists even when the compaction job is not deployed
        compactedTable = glueTable("ReportRowsCompactedTable", database, glueDatabase, TableDefinition.reportRowsCompacted(
                config.reportBucketName(), StocktakeConfig.COMPACTED_PREFIX));
        // the migration views' sources: the Identity Center export and the collectors' details (JSON Lines, dt projected
        // like accounts), and the three files the central stack deploys (one CSV each)
        String bucket = config.reportBucketName();
        for (TableDefinition def : List.of(
                TableDefinition.identityCenter(bucket, StocktakeConfig.IDENTITY_CENTER_PREFIX, projectionStart),
                TableDefinition.iamDetails(bucket, StocktakeConfig.DETAILS_PREFIX, projectionStart),
                TableDefinition.identityMapping(bucket, StocktakeConfig.IDENTITY_MAPPING_PREFIX),
                TableDefinition.migrationSettings(bucket, StocktakeConfig.MIGRATION_SETTINGS_PREFIX),
                TableDefinition.milestones(bucket, StocktakeConfig.MILESTONES_PREFIX))) {
            migrationTables.put(def.name(), glueTable(logicalName(def.name()) + "Table", database, glueDatabase, def));
        }

        // the remediation journal (one-line JSON records of stocktake remediate, dt projected): remediation_status and
        // the remediation columns of user_changes, migration_status and owner_todo read it; empty until someone remediates
        remediationJournalTable = glueTable("RemediationJournalTable", database, glueDatabase, TableDefinition.remediationJournal(
                bucket, TableDefinition.DEFAULT_REMEDIATION_PREFIX, projectionStart));

        CfnWorkGroup.ResultConfigurationProperty.Builder resultConfig = CfnWorkGroup.ResultConfigurationProperty.builder()
                .outputLocation("s3://" + resultsBucket.getBucketName() + "/")
                .encryptionConfiguration(key != null
                        ? CfnWorkGroup.EncryptionConfigurationProperty.builder()
                                .encryptionOption("SSE_KMS").kmsKey(key.getKeyArn()).build()
                        : CfnWorkGroup.EncryptionConfigurationProperty.builder()
                                .encryptionOption("SSE_S3").build());
        workGroup = CfnWorkGroup.Builder.create(this, "WorkGroup")
                .name(workGroupName)
                .description("Stocktake queries: enforced settings, encrypted results, per-query scan limit")
                .state("ENABLED")
                .recursiveDeleteOption(true)
                .workGroupConfiguration(CfnWorkGroup.WorkGroupConfigurationProperty.builder()
                        .enforceWorkGroupConfiguration(true)
                        .publishCloudWatchMetricsEnabled(true)
                        .bytesScannedCutoffPerQuery(config.athena().bytesScannedCutoffPerQuery())
                        .engineVersion(CfnWorkGroup.EngineVersionProperty.builder()
                                .selectedEngineVersion("Athena engine version 3").build())
                        .resultConfiguration(resultConfig.build())
                        .build())
                .build();
        workGroupArn = "arn:" + stack.getPartition() + ":athena:" + config.centralRegion() + ":" + stack.getAccount()
                + ":workgroup/" + workGroupName;

        for (SqlFiles.SqlFile query : SqlFiles.queries(paths.queriesDir())) {
            CfnNamedQuery named = CfnNamedQuery.Builder.create(this, "Query-" + query.name())
                    .name(query.name())
                    .description(query.description())
                    .database(database)
                    .workGroup(workGroupName)
                    .queryString(query.sql())
                    .build();
            named.addResourceDependency(workGroup);
            namedQueries.add(named);
        }

        views = new AthenaViews(this, "Views", AthenaViewsProps.builder()
                .views(SqlFiles.views(paths.viewsDir()))
                .workGroupName(workGroupName)
                .workGroupArn(workGroupArn)
                .databaseName(database)
                .logRetention(LogRetention.of(config.retention().logRetentionDays()))
                .reportBucket(reportBucket)
                .resultsBucket(resultsBucket)
                .key(key)
                .after(after())
                .build());
    }

    /**
     * A table from athena-sql's single source of truth ({@code credential_reports.table.json},
     * {@code accounts.table.json}, via its {@code TableDefinition}).
     */
    private CfnTable glueTable(String id, String database, CfnDatabase glueDatabase, TableDefinition def) {
        CfnTable t = CfnTable.Builder.create(this, id)
                .catalogId(Stack.of(this).getAccount())
                .databaseName(database)
                .tableInput(CfnTable.TableInputProperty.builder()
                        .name(def.name())
                        .description(def.comment())
                        .tableType("EXTERNAL_TABLE")
                        .parameters(def.parameters())
                        .partitionKeys(columns(def.partitionKeys()))
                        .storageDescriptor(CfnTable.StorageDescriptorProperty.builder()
                                .columns(columns(def.columns()))
                                .location(def.location())
                                .inputFormat(def.inputFormat())
                                .outputFormat(def.outputFormat())
                                .serdeInfo(CfnTable.SerdeInfoProperty.builder()
                                        .serializationLibrary(def.serde().library())
                                        .parameters(def.serde().parameters())
                                        .build())
                                .build())
                        .build())
                .build();
        t.addResourceDependency(glueDatabase);
        return t;
    }

    /** What the views wait for: every table and the workgroup. */
    private List<software.constructs.IDependable> after() {
        List<software.constructs.IDependable> out = new ArrayList<>(List.of(table, accountsTable, allowlistTable, compactedTable));
        out.addAll(migrationTables.values());
        out.add(remediationJournalTable);
        out.add(workGroup);
        return out;
    }

    /** {@code identity_center} -> {@code IdentityCenter}. */
    private static String logicalName(String table) {
        StringBuilder out = new StringBuilder();
        for (String part : table.split("_")) {
            out.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        }
        return out.toString();
    }

    private static List<CfnTable.ColumnProperty> columns(List<TableDefinition.Column> columns) {
        return columns.stream()
                .map(c -> CfnTable.ColumnProperty.builder().name(c.name()).type(c.type()).build())
                .toList();
    }

    /** The Stocktake workgroup's ARN (text: the workgroup's name is fixed). */
    public String workGroupArn() {
        return workGroupArn;
    }

    public CfnWorkGroup workGroup() {
        return workGroup;
    }

    /** {@code credential_reports}. */
    public CfnTable table() {
        return table;
    }

    /** The account directory's table ({@code accounts}). */
    public CfnTable accountsTable() {
        return accountsTable;
    }

    /** The allowlist's table ({@code allowlist}, the deployed {@code allowlist/allowlist.csv}). */
    public CfnTable allowlistTable() {
        return allowlistTable;
    }

    /** The Parquet copy's table ({@code report_rows_compacted}). */
    public CfnTable compactedTable() {
        return compactedTable;
    }

    /**
     * The migration views' sources by table name: {@code identity_center}, {@code iam_details}, {@code identity_mapping},
     * {@code migration_settings}, {@code milestones}.
     */
    public java.util.Map<String, CfnTable> migrationTables() {
        return java.util.Collections.unmodifiableMap(migrationTables);
    }

    /** The remediation journal's table ({@code remediation_journal}, {@code remediation/YYYY/MM/DD/<plan id>/*.json}). */
    public CfnTable remediationJournalTable() {
        return remediationJournalTable;
    }

    public AthenaViews views() {
        return views;
    }

    public List<CfnNamedQuery> namedQueries() {
        return List.copyOf(namedQueries);
    }
}
