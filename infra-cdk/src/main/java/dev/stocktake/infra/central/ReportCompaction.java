package dev.stocktake.infra.central;

import dev.stocktake.infra.LogRetention;
import dev.stocktake.infra.config.CompactionOptions;
import dev.stocktake.infra.config.StocktakeConfig;
import dev.stocktake.infra.nag.Nag;
import dev.stocktake.infra.scheduled.ScheduledJavaFunction;
import dev.stocktake.infra.scheduled.ScheduledJavaFunctionProps;
import dev.stocktake.sql.compaction.CompactionSql;
import dev.stocktake.sql.table.TableDefinition;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.s3.IBucket;
import software.amazon.awscdk.services.scheduler.ScheduleTargetInput;
import software.amazon.awscdk.services.sns.ITopic;
import software.constructs.Construct;
import software.constructs.IConstruct;

/**
 * The Parquet compaction job (finished months copied to Parquet, so queries over them scan less):
 * {@code dev.stocktake.compaction.CompactionHandler} in the compaction module's jar, run daily by EventBridge Scheduler. Each run copies every finished month not yet copied from
 * {@code credential_reports} into {@code report_rows_compacted} (Athena {@code INSERT INTO}, which also registers the
 * day partitions in Glue), checks the copy row for row, records the month in {@code compaction/state.json} and
 * re-creates the {@code report_rows} view with the new boundary; most days there is nothing to copy and it only
 * re-creates the view (which also heals a deployment that re-created the view as shipped). The CSVs are never touched.
 *
 * <p>Its role may do exactly that: run queries in the workgroup; read {@code credential_reports} and the Parquet table
 * and register partitions of the latter only; replace the one view {@code report_rows}; read the reports; read, write and
 * delete under {@code compacted-reports/}; read and write the one state object; list those three prefixes only; use
 * the results bucket and the report key. The report bucket's policy reserves {@code compacted-reports/} and
 * {@code compaction/} for this role ({@link ReportBucketPolicy#compactionStatement}).
 *
 * <p>The static helpers give every other principal that queries the views what the compacted table adds for a reader:
 * {@link #readCompactedCopy} and {@link #readCompactedPartitions}.
 */
public final class ReportCompaction extends Construct {
    static final String HANDLER = "dev.stocktake.compaction.CompactionHandler::handleRequest";
    /** The job's Lambda name. */
    public static final String FUNCTION_NAME = "stocktake-report-compaction";
    /** The Parquet table the job writes and every view reads through {@code report_rows}. */
    public static final String COMPACTED_TABLE = TableDefinition.reportRowsCompactedTemplate().name();
    /** The view whose boundary the job sets. */
    public static final String VIEW = CompactionSql.VIEW;

    private static final DateTimeFormatter PROJECTION_DATE = DateTimeFormatter.ofPattern("uuuu/MM/dd");

    private final ScheduledJavaFunction job;

    /**
     * @param compactionJar the compaction job's shaded jar, which holds the handler
     * @param workGroupArn  the Stocktake workgroup
     * @param reportBucket  the report bucket (reports in, Parquet copy and state out)
     * @param resultsBucket the Athena results bucket
     * @param reportKey     the key of both buckets (also the environment's), or null with S3-managed encryption
     * @param alarmTopic    where the job's alarms go, or null
     */
    public ReportCompaction(Construct scope, String id, StocktakeConfig config, Path compactionJar, String workGroupArn,
                            IBucket reportBucket, IBucket resultsBucket, IKey reportKey, ITopic alarmTopic) {
        super(scope, id);
        CompactionOptions options = config.compaction();
        if (!options.enabled()) {
            throw new IllegalArgumentException("the compaction job is not deployed with compaction.enabled false");
        }
        Stack stack = Stack.of(this);
        String database = config.athena().databaseName();

        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("ATHENA_WORKGROUP", config.athena().workGroupName());
        environment.put("ATHENA_DATABASE", database);
        environment.put("REPORT_BUCKET", config.reportBucketName());
        environment.put("REPORT_PREFIX", config.reportPrefix());
        environment.put("COMPACTED_PREFIX", StocktakeConfig.COMPACTED_PREFIX);
        environment.put("COMPACTION_STATE_KEY", StocktakeConfig.COMPACTION_STATE_KEY);
        environment.put("FIRST_REPORT_DAY", firstReportDay(config));
        environment.put("SETTLE_DAYS", Integer.toString(options.settleDays()));
        environment.put("JAVA_TOOL_OPTIONS", "-XX:+TieredCompilation -XX:TieredStopAtLevel=1");

        // No SnapStart: a daily batch job whose run is minutes of Athena queries; a cold start does not matter.
        job = new ScheduledJavaFunction(this, "Job", ScheduledJavaFunctionProps.builder()
                .functionName(FUNCTION_NAME)
                .description("Stocktake compaction: finished months of reports to Parquet, and the report_rows view's boundary")
                .handler(HANDLER)
                .jar(compactionJar)
                .memorySize(1024)
                .timeout(Duration.minutes(15))
                .environment(environment)
                .environmentKey(reportKey)
                .logRetention(LogRetention.of(config.retention().logRetentionDays()))
                // One run at a time: two runs on the same month (the schedule and a manual recompact) would delete
                // each other's Parquet files. A second invocation is throttled; the scheduler's and Lambda's retries
                // bring it back.
                .reservedConcurrency(1)
                .scheduleName("stocktake-report-compaction-daily")
                .scheduleDescription("Copies finished months of credential reports to Parquet (idempotent: most days it only re-creates report_rows)")
                .scheduleExpression(options.schedule())
                .timeZone(CompactionOptions.SCHEDULE_TIME_ZONE)
                // an explicit {}: the handler reads an empty event as "the scheduled run" (and {"recompact":...} as a
                // manual one), and the scheduler's own default payload is not documented
                .scheduleInput(ScheduleTargetInput.fromObject(Map.of()))
                .retryAttempts(2)
                .maxEventAge(Duration.hours(2))
                .deadLetterQueueName("stocktake-report-compaction-schedule-dlq")
                .errorsAlarmName("stocktake-report-compaction-errors")
                .errorsAlarmDescription("The Stocktake compaction job failed: no data is lost (a month not copied and checked "
                        + "is read from the CSVs), but queries over it scan more; its log says which month and why")
                .deadLetterAlarmName("stocktake-report-compaction-dead-letters")
                .build());
        grant(job.role(), stack, config, workGroupArn, reportBucket, resultsBucket, reportKey);
        if (alarmTopic != null) {
            job.alarms().forEach(alarm -> alarm.addAlarmAction(new SnsAction(alarmTopic)));
        }
    }

    /** {@code athena.projectionStart} ({@code yyyy/MM/dd}) as the job's {@code FIRST_REPORT_DAY} ({@code yyyy-MM-dd}). */
    static String firstReportDay(StocktakeConfig config) {
        return LocalDate.parse(config.athena().projectionStart(), PROJECTION_DATE).toString();
    }

    private static void grant(Role role, Stack stack, StocktakeConfig config, String workGroupArn, IBucket reportBucket,
                              IBucket resultsBucket, IKey reportKey) {
        String database = config.athena().databaseName();
        String glue = "arn:" + stack.getPartition() + ":glue:" + stack.getRegion() + ":" + stack.getAccount();
        String catalog = glue + ":catalog";
        String db = glue + ":database/" + database;
        String tables = glue + ":table/" + database + "/";
        String source = TableDefinition.credentialReportsTemplate().name();

        role.addToPolicy(PolicyStatement.Builder.create()
                .sid("RunCompactionQueries")
                .actions(List.of("athena:StartQueryExecution", "athena:GetQueryExecution", "athena:GetQueryResults",
                        "athena:StopQueryExecution"))
                .resources(List.of(workGroupArn))
                .build());
        // The copy reads credential_reports and writes report_rows_compacted; the view reads both, and replacing it
        // looks up the view itself.
        role.addToPolicy(PolicyStatement.Builder.create()
                .sid("ReadTables")
                .actions(List.of("glue:GetDatabase", "glue:GetTable", "glue:GetPartition", "glue:GetPartitions",
                        "glue:BatchGetPartition"))
                .resources(List.of(catalog, db, tables + source, tables + COMPACTED_TABLE, tables + VIEW))
                .build());
        role.addToPolicy(PolicyStatement.Builder.create()
                .sid("RegisterCompactedPartitions")
                .actions(List.of("glue:CreatePartition", "glue:BatchCreatePartition", "glue:UpdatePartition"))
                .resources(List.of(catalog, db, tables + COMPACTED_TABLE))
                .build());
        role.addToPolicy(PolicyStatement.Builder.create()
                .sid("ReplaceReportRowsView")
                .actions(List.of("glue:CreateTable", "glue:UpdateTable"))
                .resources(List.of(catalog, db, tables + VIEW))
                .build());
        // The bucket statements stay hand-written: Bucket.grantRead/grantReadWrite would add s3:GetObject*, s3:List*
        // and s3:DeleteObject* and, with the key, kms:DescribeKey and kms:ReEncrypt*.
        role.addToPolicy(PolicyStatement.Builder.create()
                .sid("ReadReports")
                .actions(List.of("s3:GetObject"))
                .resources(List.of(reportBucket.arnForObjects(config.reportPrefix() + "*")))
                .build());
        role.addToPolicy(PolicyStatement.Builder.create()
                .sid("WriteCompactedCopy")
                .actions(List.of("s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload",
                        "s3:ListMultipartUploadParts"))
                .resources(List.of(reportBucket.arnForObjects(StocktakeConfig.COMPACTED_PREFIX + "*")))
                .build());
        role.addToPolicy(PolicyStatement.Builder.create()
                .sid("CompactionState")
                .actions(List.of("s3:GetObject", "s3:PutObject"))
                .resources(List.of(reportBucket.arnForObjects(StocktakeConfig.COMPACTION_STATE_KEY)))
                .build());
        // Listing: Athena lists the day folders it reads and writes, the job lists a month's Parquet files to delete
        // them and lists the state's own key to tell "nothing compacted yet" (a GetObject of a missing key would read
        // AccessDenied without a bucket-wide list). Requests naming any other prefix, or none, are refused.
        role.addToPolicy(PolicyStatement.Builder.create()
                .sid("ListOwnPrefixes")
                .actions(List.of("s3:ListBucket"))
                .resources(List.of(reportBucket.getBucketArn()))
                .conditions(Map.of("StringLike", Map.of("s3:prefix", List.of(config.reportPrefix() + "*",
                        StocktakeConfig.COMPACTED_PREFIX + "*", StocktakeConfig.COMPACTION_STATE_PREFIX + "*"))))
                .build());
        role.addToPolicy(PolicyStatement.Builder.create()
                .sid("ReportBucketLocation")
                .actions(List.of("s3:GetBucketLocation"))
                .resources(List.of(reportBucket.getBucketArn()))
                .build());
        role.addToPolicy(AthenaGrants.queryResults(resultsBucket.getBucketArn()));
        if (reportKey != null) {
            reportKey.grant(role, "kms:Decrypt", "kms:GenerateDataKey");
        }
        Nag.acknowledge(role, "AwsSolutions-IAM5[Resource::<" + Nag.logicalId(reportBucket) + ".Arn>/" + config.reportPrefix() + "*]",
                "The copy reads every report of a finished month (keys hold the date and account name); read only.");
        Nag.acknowledge(role, "AwsSolutions-IAM5[Resource::<" + Nag.logicalId(reportBucket) + ".Arn>/"
                        + StocktakeConfig.COMPACTED_PREFIX + "*]",
                "Athena's INSERT INTO writes the Parquet copy under generated keys (dt=<day>/<query id>...); the job deletes a "
                        + "failed or repeated month's files there. The bucket policy keeps everyone else out of this prefix.");
        Nag.acknowledge(role, "AwsSolutions-IAM5[Resource::<" + Nag.logicalId(resultsBucket) + ".Arn>/*]",
                "Athena writes query results under generated keys of the dedicated results bucket.");
    }

    /**
     * What a principal that queries the views needs to read the Parquet copy: {@code s3:GetObject} under
     * {@code compacted-reports/}.
     *
     * @param reportBucketArn the report bucket's ARN (a token or text)
     */
    public static PolicyStatement readCompactedCopy(String reportBucketArn) {
        return PolicyStatement.Builder.create()
                .sid("ReadCompactedReports")
                .actions(List.of("s3:GetObject"))
                .resources(List.of(reportBucketArn + "/" + StocktakeConfig.COMPACTED_PREFIX + "*"))
                .build();
    }

    /**
     * What a principal that queries the views needs to find the Parquet copy's partitions (registered in Glue, no
     * projection): the three partition reads on that one table.
     */
    public static PolicyStatement readCompactedPartitions(Stack stack, String database) {
        String glue = "arn:" + stack.getPartition() + ":glue:" + stack.getRegion() + ":" + stack.getAccount();
        return PolicyStatement.Builder.create()
                .sid("ReadCompactedPartitions")
                .actions(List.of("glue:GetPartition", "glue:GetPartitions", "glue:BatchGetPartition"))
                .resources(List.of(glue + ":catalog", glue + ":database/" + database,
                        glue + ":table/" + database + "/" + COMPACTED_TABLE))
                .build();
    }

    /**
     * Acknowledges the reader's {@code compacted-reports/*} finding.
     *
     * @param bucketInFinding the report bucket's ARN as cdk-nag prints it ({@code <Logical.Arn>} or
     *                        {@code arn:<AWS::Partition>:s3:::name})
     */
    public static void acknowledgeReader(IConstruct role, String bucketInFinding) {
        Nag.acknowledge(role, "AwsSolutions-IAM5[Resource::" + bucketInFinding + "/" + StocktakeConfig.COMPACTED_PREFIX + "*]",
                "The views read the Parquet copy of finished months through report_rows (keys: dt=<day>/<generated>); read only.");
    }

    public ScheduledJavaFunction job() {
        return job;
    }

    public Role role() {
        return job.role();
    }
}
