package dev.stocktake.infra.central;

import dev.stocktake.infra.RepoPaths;
import dev.stocktake.infra.config.AllowlistOptions;
import dev.stocktake.infra.config.MigrationFiles;
import dev.stocktake.infra.config.Encryption;
import dev.stocktake.infra.config.StocktakeConfig;
import java.util.List;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.athena.CfnNamedQuery;
import software.amazon.awscdk.services.athena.CfnWorkGroup;
import software.amazon.awscdk.services.glue.CfnTable;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.deployment.BucketDeployment;
import software.constructs.Construct;

/**
 * The central reporting account: the report bucket every collector writes to ({@link ReportStorage}), the files the
 * views read besides the collected data ({@link DeployedFiles}): the allowlist (validated at synth with
 * {@code Allowlist.parse}, deployed to {@code s3://<bucket>/allowlist/allowlist.csv}), the identity mapping (validated
 * with {@code IdentityMapping.parse}, to {@code identity-mapping/identity-mapping.csv}) and the migration settings and
 * milestones generated from the config's {@code migration} section ({@code migration-settings/migration-settings.csv},
 * {@code milestones/milestones.csv}), the Glue database and tables over it with the Athena workgroup, views and named queries
 * ({@link AthenaCatalog}), the daily coverage check ({@link CoverageAlarm}) and the Parquet compaction (the daily job that
 * fills {@code report_rows_compacted}, {@link ReportCompaction}).
 */
public final class CentralStack extends Stack {
    private final ReportStorage storage;
    private final DeployedFiles files;
    private final AthenaCatalog catalog;
    private final CoverageAlarm coverageAlarm;
    private final ReportCompaction compaction;

    public CentralStack(Construct scope, String id, StackProps props, StocktakeConfig config, RepoPaths paths) {
        super(scope, id, props);
        // first: an invalid allowlist or identity mapping stops the synth with its own line-and-field messages (a
        // ConfigException)
        byte[] allowlistFile = config.allowlist().load(paths.root());
        MigrationFiles migration = MigrationFiles.load(config.migration(), paths.root());

        storage = new ReportStorage(this, "Storage", config);
        // "Allowlist": the allowlist's deployment keeps the construct path (and logical IDs) it had on its own
        files = new DeployedFiles(this, "Allowlist", List.of(
                new DeployedFiles.File(AllowlistOptions.PREFIX, AllowlistOptions.OBJECT_NAME, allowlistFile),
                new DeployedFiles.File(StocktakeConfig.IDENTITY_MAPPING_PREFIX, StocktakeConfig.IDENTITY_MAPPING_FILE,
                        migration.identityMapping()),
                new DeployedFiles.File(StocktakeConfig.MIGRATION_SETTINGS_PREFIX, StocktakeConfig.MIGRATION_SETTINGS_FILE,
                        migration.migrationSettings()),
                new DeployedFiles.File(StocktakeConfig.MILESTONES_PREFIX, StocktakeConfig.MILESTONES_FILE,
                        migration.milestones())), storage.reportBucket(), storage.key());
        catalog = new AthenaCatalog(this, "Athena", config, paths, storage);
        coverageAlarm = new CoverageAlarm(this, "Coverage", config, paths.directoryJar(), catalog.workGroupArn(),
                storage.reportBucket(), storage.resultsBucket(), storage.key());
        compaction = config.compaction().enabled()
                ? new ReportCompaction(this, "Compaction", config, paths.compactionJar(), catalog.workGroupArn(),
                        storage.reportBucket(), storage.resultsBucket(), storage.key(), coverageAlarm.topic())
                : null;
        storage.reserveCompactionPrefixes(compaction != null ? compaction.role() : null);
        outputs(config);
    }

    /** What an operator reads after the deploy; docs/deploy.md names these outputs. */
    private void outputs(StocktakeConfig config) {
        CfnOutput.Builder.create(this, "ReportBucketName").value(storage.reportBucket().getBucketName())
                .description("The central report bucket (REPORT_BUCKET of the collectors)").build();
        if (storage.key() != null) {
            CfnOutput.Builder.create(this, "ReportKeyArn").value(storage.key().getKeyArn())
                    .exportName(Encryption.REPORT_KEY_EXPORT)
                    .description("The report key; the central account's other stacks import it (" + Encryption.REPORT_KEY_EXPORT
                            + "), the other accounts' stacks name it by its alias " + Encryption.REPORT_KEY_ALIAS)
                    .build();
        }
        CfnOutput.Builder.create(this, "WorkGroupName").value(config.athena().workGroupName()).build();
        CfnOutput.Builder.create(this, "DatabaseName").value(config.athena().databaseName()).build();
        if (compaction != null) {
            CfnOutput.Builder.create(this, "CompactionFunctionName").value(compaction.job().function().getFunctionName())
                    .description("Invoke with {} to run the compaction now, or {\"recompact\":\"yyyy-MM\"} to copy a month again")
                    .build();
        }
        CfnOutput.Builder.create(this, "CoverageTopicArn").value(coverageAlarm.topic().getTopicArn())
                .description("Subscribe to this SNS topic to hear when coverage drops below the threshold").build();
    }

    public ReportStorage storage() {
        return storage;
    }

    public AthenaCatalog catalog() {
        return catalog;
    }

    public Bucket reportBucket() {
        return storage.reportBucket();
    }

    public Bucket resultsBucket() {
        return storage.resultsBucket();
    }

    /** The report key, or null with S3-managed encryption. */
    public Key key() {
        return storage.key();
    }

    public CfnWorkGroup workGroup() {
        return catalog.workGroup();
    }

    public CfnTable table() {
        return catalog.table();
    }

    /** The account directory's table ({@code accounts}). */
    public CfnTable accountsTable() {
        return catalog.accountsTable();
    }

    /** The allowlist's table ({@code allowlist}, the deployed {@code allowlist/allowlist.csv}). */
    public CfnTable allowlistTable() {
        return catalog.allowlistTable();
    }

    /** Deploys the validated allowlist file to {@code s3://<bucket>/allowlist/allowlist.csv}. */
    public BucketDeployment allowlistDeployment() {
        return files.deployment(AllowlistOptions.PREFIX);
    }

    /** The deployed files: the allowlist, the identity mapping, the migration settings and the milestones. */
    public DeployedFiles deployedFiles() {
        return files;
    }

    public CoverageAlarm coverageAlarm() {
        return coverageAlarm;
    }

    /** The Parquet copy's table ({@code report_rows_compacted}). */
    public CfnTable compactedTable() {
        return catalog.compactedTable();
    }

    /** The compaction job, or null with {@code compaction.enabled} false. */
    public ReportCompaction compaction() {
        return compaction;
    }

    /** The migration views' sources by table name ({@code identity_center}, {@code iam_details}, ...). */
    public java.util.Map<String, CfnTable> migrationTables() {
        return catalog.migrationTables();
    }

    public AthenaViews views() {
        return catalog.views();
    }

    public List<CfnNamedQuery> namedQueries() {
        return catalog.namedQueries();
    }
}
