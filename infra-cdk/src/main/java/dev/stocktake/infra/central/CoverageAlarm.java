package dev.stocktake.infra.central;

import dev.stocktake.infra.LogRetention;
import dev.stocktake.infra.Names;
import dev.stocktake.infra.config.StocktakeConfig;
import dev.stocktake.infra.nag.Nag;
import dev.stocktake.infra.scheduled.ScheduledJavaFunction;
import dev.stocktake.infra.scheduled.ScheduledJavaFunctionProps;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.s3.IBucket;
import software.amazon.awscdk.services.scheduler.Schedule;
import software.amazon.awscdk.services.sns.Topic;
import software.constructs.Construct;

/**
 * The central coverage alarm: a daily check ({@code dev.stocktake.directory.CoverageCheckHandler}) runs the
 * {@code coverage} view on Athena for the day before and publishes {@code CoveragePercent} (EMF, namespace
 * {@value Names#METRIC_NAMESPACE}); an alarm fires when it is below {@code coverage.alarmThresholdPercent}, another when
 * the check itself fails (no coverage row, a failed query); both notify an encrypted SNS topic.
 *
 * <p>The coverage alarm treats missing data as missing (it keeps its state until the next check), so a day's low
 * coverage stays visible until a later day is back above the threshold; a check that could not run is the failure
 * alarm's job.
 */
public final class CoverageAlarm extends Construct {
    static final String HANDLER = "dev.stocktake.directory.CoverageCheckHandler::handleRequest";

    private final ScheduledJavaFunction check;
    private final Alarm coverageLow;
    private final Alarm checkFailed;
    private final Topic topic;
    private final Key topicKey;

    /**
     * @param workGroupArn  the Stocktake workgroup
     * @param reportBucket  the report bucket (the check's query reads the reports and the directory)
     * @param resultsBucket the Athena results bucket
     * @param reportKey     the KMS key of both buckets, or null with S3-managed encryption
     */
    public CoverageAlarm(Construct scope, String id, StocktakeConfig config, Path directoryJar, String workGroupArn,
                         IBucket reportBucket, IBucket resultsBucket, Key reportKey) {
        super(scope, id);
        Stack stack = Stack.of(this);
        String database = config.athena().databaseName();

        check = new ScheduledJavaFunction(this, "Check", ScheduledJavaFunctionProps.builder()
                .functionName(Names.COVERAGE_FUNCTION)
                .description("Stocktake coverage check: yesterday's coverage from Athena as the CoveragePercent metric")
                .handler(HANDLER)
                .jar(directoryJar)
                .environment(Map.of(
                        "ATHENA_WORKGROUP", config.athena().workGroupName(),
                        "ATHENA_DATABASE", database,
                        "REPORT_TIME_ZONE", config.reportTimeZone(),
                        "JAVA_TOOL_OPTIONS", "-XX:+TieredCompilation -XX:TieredStopAtLevel=1"))
                .logRetention(LogRetention.of(config.retention().logRetentionDays()))
                .roleDescription("Stocktake coverage check: runs the coverage view on Athena once a day")
                .scheduleName("stocktake-coverage-check-daily")
                .scheduleDescription("Checks yesterday's coverage once a day and publishes it as a metric")
                .scheduleExpression(config.coverage().checkSchedule())
                .timeZone(config.schedule().timeZone())
                .retryAttempts(2)
                .maxEventAge(Duration.hours(2))
                .deadLetterQueueName("stocktake-coverage-check-schedule-dlq")
                .errorsAlarmName("stocktake-coverage-check-failed")
                .errorsAlarmDescription("The Stocktake coverage check could not tell yesterday's coverage (see its log)")
                // a daily check: one failed run is one day's errors
                .errorsAlarmPeriod(Duration.days(1))
                .build());
        Role role = check.role();
        role.addToPolicy(PolicyStatement.Builder.create()
                .sid("RunCoverageQuery")
                .actions(List.of("athena:StartQueryExecution", "athena:GetQueryExecution", "athena:GetQueryResults",
                        "athena:StopQueryExecution"))
                .resources(List.of(workGroupArn))
                .build());
        String glue = "arn:" + stack.getPartition() + ":glue:" + stack.getRegion() + ":" + stack.getAccount();
        role.addToPolicy(PolicyStatement.Builder.create()
                .sid("ReadCatalog")
                .actions(List.of("glue:GetDatabase", "glue:GetTable", "glue:GetTables", "glue:GetPartitions"))
                .resources(List.of(glue + ":catalog", glue + ":database/" + database, glue + ":table/" + database + "/*"))
                .build());
        // hand-written: Bucket.grantRead would add s3:GetObject*, s3:List* and, with the key, kms:DescribeKey
        role.addToPolicy(PolicyStatement.Builder.create()
                .sid("ReadReportsAndDirectory")
                .actions(List.of("s3:GetObject"))
                .resources(List.of(reportBucket.arnForObjects(config.reportPrefix() + "*"),
                        reportBucket.arnForObjects(StocktakeConfig.DIRECTORY_PREFIX + "*")))
                .build());
        // the views read finished months from the Parquet copy, through report_rows
        role.addToPolicy(ReportCompaction.readCompactedCopy(reportBucket.getBucketArn()));
        role.addToPolicy(ReportCompaction.readCompactedPartitions(stack, database));
        role.addToPolicy(PolicyStatement.Builder.create()
                .sid("ListReportBucket")
                .actions(List.of("s3:GetBucketLocation", "s3:ListBucket"))
                .resources(List.of(reportBucket.getBucketArn()))
                .build());
        role.addToPolicy(AthenaGrants.queryResults(resultsBucket.getBucketArn()));
        if (reportKey != null) {
            reportKey.grant(role, "kms:Decrypt", "kms:GenerateDataKey");
        }
        String account = Nag.account(stack);
        String region = Nag.region(stack);
        Nag.acknowledge(role, "AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:glue:" + region + ":" + account + ":table/"
                        + database + "/*]",
                "The coverage view reads the tables and views of this one database (Athena resolves each through Glue).");
        Nag.acknowledge(role, "AwsSolutions-IAM5[Resource::<" + Nag.logicalId(reportBucket) + ".Arn>/" + config.reportPrefix() + "*]",
                "The coverage view reads every report (keys hold the date and account name); read only.");
        Nag.acknowledge(role, "AwsSolutions-IAM5[Resource::<" + Nag.logicalId(reportBucket) + ".Arn>/"
                        + StocktakeConfig.DIRECTORY_PREFIX + "*]",
                "The coverage view reads every account directory export (keys hold the date); read only.");
        ReportCompaction.acknowledgeReader(role, "<" + Nag.logicalId(reportBucket) + ".Arn>");
        Nag.acknowledge(role, "AwsSolutions-IAM5[Resource::<" + Nag.logicalId(resultsBucket) + ".Arn>/*]",
                "Athena writes query results under generated keys of the dedicated results bucket.");

        // A customer-managed key: CloudWatch alarms can publish to an encrypted topic only if the key lets them.
        topicKey = Key.Builder.create(this, "TopicKey")
                .description("Stocktake: encrypts the coverage alarm topic")
                .enableKeyRotation(true)
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        topicKey.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("CloudWatchAlarmsPublish")
                .principals(List.of(new ServicePrincipal("cloudwatch.amazonaws.com")))
                .actions(List.of("kms:Decrypt", "kms:GenerateDataKey*"))
                .resources(List.of("*"))
                .conditions(Map.of("StringEquals", Map.of("aws:SourceAccount", stack.getAccount())))
                .build());
        topic = Topic.Builder.create(this, "Topic")
                .topicName("stocktake-coverage")
                .displayName("Stocktake coverage")
                .masterKey(topicKey)
                .enforceSsl(true)
                .build();

        Metric percent = Metric.Builder.create()
                .namespace(Names.METRIC_NAMESPACE)
                .metricName("CoveragePercent")
                .dimensionsMap(Map.of("Service", Names.METRIC_SERVICE))
                .statistic("Minimum")
                .period(Duration.days(1))
                .build();
        coverageLow = Alarm.Builder.create(this, "CoverageLow")
                .alarmName("stocktake-coverage-low")
                .alarmDescription("Fewer than " + config.coverage().alarmThresholdPercent() + " % of the active accounts "
                        + "reported yesterday: see the missing_reports view for which accounts, their OU and owner")
                .metric(percent)
                .threshold(config.coverage().alarmThresholdPercent())
                .evaluationPeriods(1)
                .comparisonOperator(ComparisonOperator.LESS_THAN_THRESHOLD)
                .treatMissingData(TreatMissingData.MISSING)
                .build();
        checkFailed = check.errors();
        for (Alarm alarm : List.of(coverageLow, checkFailed)) {
            alarm.addAlarmAction(new SnsAction(topic));
            alarm.addOkAction(new SnsAction(topic));
        }
    }

    public Role role() {
        return check.role();
    }

    public Function function() {
        return check.function();
    }

    public Schedule schedule() {
        return check.schedule();
    }

    /** Coverage below the threshold. */
    public Alarm coverageLow() {
        return coverageLow;
    }

    /** The check itself failed. */
    public Alarm checkFailed() {
        return checkFailed;
    }

    public Topic topic() {
        return topic;
    }
}
