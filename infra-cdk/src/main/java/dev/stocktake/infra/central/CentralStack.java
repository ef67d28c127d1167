package dev.stocktake.infra.central;

import dev.stocktake.infra.LogRetention;
import dev.stocktake.infra.Names;
import dev.stocktake.infra.RepoPaths;
import dev.stocktake.infra.config.AllowlistOptions;
import dev.stocktake.infra.config.StocktakeConfig;
import dev.stocktake.infra.nag.Nag;
import dev.stocktake.sql.table.TableDefinition;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.athena.CfnNamedQuery;
import software.amazon.awscdk.services.athena.CfnWorkGroup;
import software.amazon.awscdk.services.glue.CfnDatabase;
import software.amazon.awscdk.services.glue.CfnTable;
import software.amazon.awscdk.services.iam.AnyPrincipal;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.amazon.awscdk.services.s3.deployment.BucketDeployment;
import software.amazon.awscdk.services.s3.deployment.Source;
import software.constructs.Construct;
import software.constructs.IConstruct;
import software.constructs.IDependable;

/**
 * The central reporting account: the report bucket every collector writes to, the Glue database
 * and table over it, the Athena workgroup, views and named queries, and the allowlist (validated at
 * synth with {@code Allowlist.parse}, deployed to {@code s3://<bucket>/allowlist/allowlist.csv}), and the Parquet
 * compaction (the {@code report_rows_compacted} table and the daily job that fills it, {@link ReportCompaction}).
 */
public final class CentralStack extends Stack {
    private final Bucket reportBucket;
    private final Bucket resultsBucket;
    private final Key key;
    private final CfnWorkGroup workGroup;
    private final CfnTable table;
    private final CfnTable accountsTable;
    private final CfnTable allowlistTable;
    private final CfnTable compactedTable;
    private final BucketDeployment allowlistDeployment;
    private final CoverageAlarm coverageAlarm;
    private final ReportCompaction compaction;
    private final AthenaViews views;
    private final List<CfnNamedQuery> namedQueries = new ArrayList<>();

    public CentralStack(Construct scope, String id, StackProps props, StocktakeConfig config, RepoPaths paths) {
        super(scope, id, props);
        String region = config.centralRegion();
        // first: an invalid allowlist stops the synth with its own line-and-field messages (a ConfigException)
        byte[] allowlist = config.allowlist().load(paths.root());

        key = config.encryption().usesKms() ? reportKey(config) : null;

        Bucket accessLogs = Bucket.Builder.create(this, "AccessLogs")
                .encryption(BucketEncryption.S3_MANAGED)
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
                .enforceSsl(true)
                .minimumTlsVersion(1.2)
                .versioned(true)
                .lifecycleRules(List.of(LifecycleRule.builder()
                        .id("expire-access-logs")
                        .expiration(Duration.days(365))
                        .noncurrentVersionExpiration(Duration.days(30))
                        .build()))
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();

        List<LifecycleRule> reportRules = new ArrayList<>();
        reportRules.add(LifecycleRule.builder()
                .id("expire-noncurrent-versions")
                .noncurrentVersionExpiration(Duration.days(config.retention().noncurrentVersionDays()))
                .abortIncompleteMultipartUploadAfter(Duration.days(7))
                .build());
        if (config.retention().reportExpirationDays() > 0) {
            reportRules.add(LifecycleRule.builder()
                    .id("expire-reports")
                    .prefix(config.reportPrefix())
                    .expiration(Duration.days(config.retention().reportExpirationDays()))
                    .build());
        }
        Bucket.Builder reports = Bucket.Builder.create(this, "Reports")
                .bucketName(config.reportBucketName())
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
                .versioned(true)
                .enforceSsl(true)
                .minimumTlsVersion(1.2)
                .serverAccessLogsBucket(accessLogs)
                .serverAccessLogsPrefix("reports/")
                .lifecycleRules(reportRules)
                .removalPolicy(RemovalPolicy.RETAIN);
        encrypt(reports);
        reportBucket = reports.build();
        ReportBucketPolicy.statements(reportBucket.getBucketArn(), config.reportPrefix(), config.organizationId())
                .forEach(reportBucket::addToResourcePolicy);
        reportBucket.addToResourcePolicy(ReportBucketPolicy.directoryStatement(reportBucket.getBucketArn(),
                StocktakeConfig.DIRECTORY_PREFIX, Names.directoryRoleArn(config)));

        // The allowlist, exactly the bytes validated above; prune keeps allowlist/ to this one file (the table reads
        // every object there). The bucket policy confines CDK's deployment handler to allowlist/ and keeps collectors out.
        allowlistDeployment = BucketDeployment.Builder.create(this, "Allowlist")
                .sources(List.of(Source.data(AllowlistOptions.OBJECT_NAME, new String(allowlist, StandardCharsets.UTF_8))))
                .destinationBucket(reportBucket)
                .destinationKeyPrefix(AllowlistOptions.PREFIX)
                .prune(true)
                .contentType("text/csv; charset=utf-8")
                .build();
        ReportBucketPolicy.allowlistStatements(reportBucket.getBucketArn(), AllowlistOptions.PREFIX,
                allowlistDeployment.getHandlerRole().getRoleArn()).forEach(reportBucket::addToResourcePolicy);
        acknowledgeAllowlistDeployment(reportBucket, key);

        Bucket.Builder results = Bucket.Builder.create(this, "AthenaResults")
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
                .enforceSsl(true)
                .minimumTlsVersion(1.2)
                .serverAccessLogsBucket(accessLogs)
                .serverAccessLogsPrefix("athena-results/")
                .lifecycleRules(List.of(LifecycleRule.builder()
                        .id("expire-results")
                        .expiration(Duration.days(config.retention().athenaResultsDays()))
                        .abortIncompleteMultipartUploadAfter(Duration.days(1))
                        .build()))
                // Retained like the other buckets: CloudFormation cannot delete a bucket that still has objects.
                .removalPolicy(RemovalPolicy.RETAIN);
        encrypt(results);
        resultsBucket = results.build();

        String database = config.athena().databaseName();
        CfnDatabase glueDatabase = CfnDatabase.Builder.create(this, "Database")
                .catalogId(getAccount())
                .databaseInput(CfnDatabase.DatabaseInputProperty.builder()
                        .name(database)
                        .description("Stocktake: raw IAM credential reports of every account, and views over them")
                        .build())
                .build();

        LocalDate projectionStart = LocalDate.parse(config.athena().projectionStart(), DateTimeFormatter.ofPattern("uuuu/MM/dd"));
        table = glueTable("CredentialReportsTable", config, glueDatabase, TableDefinition.credentialReports(
                config.reportBucketName(), config.reportPrefix(), projectionStart));
        accountsTable = glueTable("AccountsTable", config, glueDatabase, TableDefinition.accounts(
                config.reportBucketName(), StocktakeConfig.DIRECTORY_PREFIX, projectionStart));
        allowlistTable = glueTable("AllowlistTable", config, glueDatabase, TableDefinition.allowlist(
                config.reportBucketName(), AllowlistOptions.PREFIX));
        // (issue 9) the Parquet copy of finished months; report_rows reads it, so it exists even without the job
        compactedTable = glueTable("ReportRowsCompactedTable", config, glueDatabase, TableDefinition.reportRowsCompacted(
                config.reportBucketName(), StocktakeConfig.COMPACTED_PREFIX));

        CfnWorkGroup.ResultConfigurationProperty.Builder resultConfig = CfnWorkGroup.ResultConfigurationProperty.builder()
                .outputLocation("s3://" + resultsBucket.getBucketName() + "/")
                .encryptionConfiguration(key != null
                        ? CfnWorkGroup.EncryptionConfigurationProperty.builder()
                                .encryptionOption("SSE_KMS").kmsKey(key.getKeyArn()).build()
                        : CfnWorkGroup.EncryptionConfigurationProperty.builder()
                                .encryptionOption("SSE_S3").build());
        workGroup = CfnWorkGroup.Builder.create(this, "WorkGroup")
                .name(config.athena().workGroupName())
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
        String workGroupArn = "arn:" + getPartition() + ":athena:" + region + ":" + getAccount()
                + ":workgroup/" + config.athena().workGroupName();

        for (SqlFiles.SqlFile query : SqlFiles.queries(paths.queriesDir())) {
            CfnNamedQuery named = CfnNamedQuery.Builder.create(this, "Query-" + query.name())
                    .name(query.name())
                    .description(query.description())
                    .database(database)
                    .workGroup(config.athena().workGroupName())
                    .queryString(query.sql())
                    .build();
            named.addResourceDependency(workGroup);
            namedQueries.add(named);
        }

        List<PolicyStatement> viewGrants = new ArrayList<>();
        viewGrants.add(PolicyStatement.Builder.create()
                .actions(List.of("s3:GetBucketLocation", "s3:ListBucket", "s3:GetObject", "s3:PutObject",
                        "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"))
                .resources(List.of(resultsBucket.getBucketArn(), resultsBucket.arnForObjects("*")))
                .build());
        viewGrants.add(PolicyStatement.Builder.create()
                .actions(List.of("s3:GetBucketLocation", "s3:ListBucket"))
                .resources(List.of(reportBucket.getBucketArn()))
                .build());
        if (key != null) {
            viewGrants.add(PolicyStatement.Builder.create()
                    .actions(List.of("kms:Decrypt", "kms:GenerateDataKey"))
                    .resources(List.of(key.getKeyArn()))
                    .build());
        }
        views = new AthenaViews(this, "Views", SqlFiles.views(paths.viewsDir()), config.athena().workGroupName(),
                database, workGroupArn, LogRetention.of(config.retention().logRetentionDays()),
                viewGrants, List.<IDependable>of(table, accountsTable, allowlistTable, compactedTable, workGroup));
        if (!views.views().isEmpty()) {
            Nag.acknowledge(views, "AwsSolutions-IAM5[Resource::<" + Nag.logicalId(resultsBucket) + ".Arn>/*]",
                    "Athena writes query results under generated keys of the dedicated results bucket.");
        }

        coverageAlarm = new CoverageAlarm(this, "Coverage", config, paths.directoryJar(), workGroupArn, reportBucket,
                resultsBucket, key);

        // (issue 9) the daily compaction job; the bucket policy reserves its prefixes for it (for nobody without it)
        compaction = config.compaction().enabled()
                ? new ReportCompaction(this, "Compaction", config, paths.compactionJar(), workGroupArn, reportBucket,
                        resultsBucket, key, coverageAlarm.topic())
                : null;
        reportBucket.addToResourcePolicy(ReportBucketPolicy.compactionStatement(reportBucket.getBucketArn(),
                StocktakeConfig.COMPACTED_PREFIX, StocktakeConfig.COMPACTION_STATE_PREFIX,
                compaction != null ? compaction.role().getRoleArn() : null));

        CfnOutput.Builder.create(this, "ReportBucketName").value(reportBucket.getBucketName())
                .description("The central report bucket (REPORT_BUCKET of the collectors)").build();
        if (key != null) {
            CfnOutput.Builder.create(this, "ReportKeyArn").value(key.getKeyArn())
                    .description("Put this into encryption.kmsKeyArn of stocktake.config.json before deploying the collector stacks")
                    .build();
        }
        CfnOutput.Builder.create(this, "WorkGroupName").value(config.athena().workGroupName()).build();
        CfnOutput.Builder.create(this, "DatabaseName").value(database).build();
        if (compaction != null) {
            CfnOutput.Builder.create(this, "CompactionFunctionName").value(compaction.job().function().getFunctionName())
                    .description("Invoke with {} to run the compaction now, or {\"recompact\":\"yyyy-MM\"} to copy a month again")
                    .build();
        }
        CfnOutput.Builder.create(this, "CoverageTopicArn").value(coverageAlarm.topic().getTopicArn())
                .description("Subscribe to this SNS topic to hear when coverage drops below the threshold").build();
    }

    private Key reportKey(StocktakeConfig config) {
        Key k = Key.Builder.create(this, "ReportKey")
                .alias("alias/stocktake-reports")
                .description("Stocktake: encrypts the IAM credential reports and Athena query results")
                .enableKeyRotation(true)
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        // The collectors encrypt their report through S3 only: GenerateDataKey, via S3 in this region,
        // by collector roles of this organization.
        k.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("CollectorsEncryptReportsThroughS3")
                .principals(List.of(new AnyPrincipal()))
                .actions(List.of("kms:GenerateDataKey"))
                .resources(List.of("*"))
                .conditions(Map.of(
                        "StringEquals", Map.of(
                                "aws:PrincipalOrgID", config.organizationId(),
                                "kms:ViaService", "s3." + config.centralRegion() + ".amazonaws.com"),
                        "ArnLike", Map.of("aws:PrincipalArn", Names.COLLECTOR_ROLE_ARN_PATTERN)))
                .build());
        // The account-directory job (management account) encrypts its export the same way.
        k.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("DirectoryJobEncryptsThroughS3")
                .principals(List.of(new AnyPrincipal()))
                .actions(List.of("kms:GenerateDataKey"))
                .resources(List.of("*"))
                .conditions(Map.of("StringEquals", Map.of(
                        "aws:PrincipalArn", Names.directoryRoleArn(config),
                        "kms:ViaService", "s3." + config.centralRegion() + ".amazonaws.com")))
                .build());
        return k;
    }

    /**
     * The BucketDeployment's Lambda and role are CDK's (a singleton per stack); their findings are acknowledged with
     * reasons. Its identity policy is CDK's standard grant on the whole destination bucket, but the bucket policy
     * ({@link ReportBucketPolicy#allowlistStatements}) denies it everything outside {@code allowlist/}.
     */
    private void acknowledgeAllowlistDeployment(Bucket destination, Key reportKey) {
        String cdkAssets = "cdk-hnb659fds-assets-" + Nag.account(this) + "-" + Nag.region(this);
        for (IConstruct child : getNode().getChildren()) {
            if (!child.getNode().getId().startsWith("Custom::CDKBucketDeployment")) {
                continue;
            }
            Nag.acknowledge(child, "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]",
                    "CDK's BucketDeployment handler (a CDK-managed singleton) uses the AWS basic execution policy for its own logs.");
            Nag.acknowledge(child, "AwsSolutions-IAM5[Action::s3:GetObject*]",
                    "CDK's BucketDeployment handler reads the allowlist asset; the report bucket's policy denies it every key outside allowlist/.");
            Nag.acknowledge(child, "AwsSolutions-IAM5[Action::s3:GetBucket*]",
                    "CDK's BucketDeployment handler grants itself read on the CDK asset bucket to copy the allowlist.");
            Nag.acknowledge(child, "AwsSolutions-IAM5[Action::s3:List*]",
                    "CDK's BucketDeployment handler lists the source and allowlist/ (the bucket policy denies listing other prefixes).");
            Nag.acknowledge(child, "AwsSolutions-IAM5[Action::s3:DeleteObject*]",
                    "CDK's BucketDeployment handler prunes allowlist/ to the one file; the bucket policy denies it every other key.");
            Nag.acknowledge(child, "AwsSolutions-IAM5[Action::s3:Abort*]",
                    "CDK's BucketDeployment handler's standard grant for multipart uploads, confined to allowlist/ by the bucket policy.");
            Nag.acknowledge(child, "AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::" + cdkAssets + "/*]",
                    "CDK's BucketDeployment handler reads the allowlist from the CDK bootstrap asset bucket, whose keys are content hashes.");
            Nag.acknowledge(child, "AwsSolutions-IAM5[Resource::<" + Nag.logicalId(destination) + ".Arn>/*]",
                    "CDK's standard grant on the destination; the report bucket's policy denies the handler every key outside allowlist/.");
            if (reportKey != null) {
                Nag.acknowledge(child, "AwsSolutions-IAM5[Action::kms:GenerateDataKey*]",
                        "CDK's BucketDeployment grant on the report key, to write the allowlist encrypted like the reports.");
                Nag.acknowledge(child, "AwsSolutions-IAM5[Action::kms:ReEncrypt*]",
                        "CDK's BucketDeployment grant on the report key (aws-cdk-lib's standard read-write key grant).");
            }
            Nag.acknowledge(child, "AwsSolutions-L1",
                    "CDK's BucketDeployment handler runtime is chosen by aws-cdk-lib and moves with it.");
        }
    }

    private void encrypt(Bucket.Builder bucket) {
        if (key != null) {
            bucket.encryption(BucketEncryption.KMS).encryptionKey(key).bucketKeyEnabled(true);
        } else {
            bucket.encryption(BucketEncryption.S3_MANAGED);
        }
    }

    /**
     * A table from athena-sql's single source of truth ({@code credential_reports.table.json},
     * {@code accounts.table.json}, via its {@code TableDefinition}).
     */
    private CfnTable glueTable(String id, StocktakeConfig config, CfnDatabase database, TableDefinition def) {
        CfnTable t = CfnTable.Builder.create(this, id)
                .catalogId(getAccount())
                .databaseName(config.athena().databaseName())
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
        t.addResourceDependency(database);
        return t;
    }

    private static List<CfnTable.ColumnProperty> columns(List<TableDefinition.Column> columns) {
        return columns.stream()
                .map(c -> CfnTable.ColumnProperty.builder().name(c.name()).type(c.type()).build())
                .toList();
    }

    public Bucket reportBucket() {
        return reportBucket;
    }

    public Bucket resultsBucket() {
        return resultsBucket;
    }

    /** The report key, or null with S3-managed encryption. */
    public Key key() {
        return key;
    }

    public CfnWorkGroup workGroup() {
        return workGroup;
    }

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

    /** Deploys the validated allowlist file to {@code s3://<bucket>/allowlist/allowlist.csv}. */
    public BucketDeployment allowlistDeployment() {
        return allowlistDeployment;
    }

    public CoverageAlarm coverageAlarm() {
        return coverageAlarm;
    }

    /** The Parquet copy's table ({@code report_rows_compacted}). */
    public CfnTable compactedTable() {
        return compactedTable;
    }

    /** The compaction job, or null with {@code compaction.enabled} false. */
    public ReportCompaction compaction() {
        return compaction;
    }

    public AthenaViews views() {
        return views;
    }

    public List<CfnNamedQuery> namedQueries() {
        return List.copyOf(namedQueries);
    }
}
