package dev.stocktake.infra.central;

import dev.stocktake.infra.LogRetention;
import dev.stocktake.infra.Names;
import dev.stocktake.infra.config.NotifierOptions;
import dev.stocktake.infra.config.StocktakeConfig;
import dev.stocktake.infra.nag.Nag;
import dev.stocktake.infra.scheduled.ScheduledJavaFunction;
import dev.stocktake.infra.scheduled.ScheduledJavaFunctionProps;
import dev.stocktake.quicksight.QuickSightDefinitions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.scheduler.ScheduleTargetInput;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.sns.Topic;
import software.constructs.Construct;

/**
 * {@code StocktakeReporting}, in the central account and region: the notifier (daily digest by email and Slack) with its schedule, role, Slack webhook secret and alarms, and the QuickSight data source, data sets and dashboard.
 * The notifier is deployed when a channel is configured ({@code notifier.recipients} or a Slack secret), QuickSight
 * when {@code quickSight.principals} names someone; the app adds this stack only when either is.
 */
public final class ReportingStack extends Stack {
    static final String HANDLER = "dev.stocktake.notifier.NotifierHandler::handleRequest";
    /** The notifier's delivery markers (its DELIVERY_MARKER_PREFIX default). */
    public static final String MARKER_PREFIX = "notifier/deliveries/";
    public static final String SLACK_SECRET_NAME = "stocktake/slack-webhook";
    /** The notifier Lambda's name; also the Service dimension of its metrics (JsonLog in notifier-lambda). */
    public static final String NOTIFIER_FUNCTION = "stocktake-notifier";

    private final ScheduledJavaFunction notifier;
    private final Secret slackSecret;
    private final QuickSightResources quickSight;
    private final Topic topic;
    private final List<Alarm> alarms = new ArrayList<>();

    /**
     * @param resultsBucketArn the central stack's Athena results bucket ARN, exported by it
     *                         ({@code central.exportValue(central.resultsBucket().getBucketArn())}): one import that
     *                         reads the same before and after synthesis, so cdk-nag sees one finding ID
     * @param notifierJar   the notifier's shaded jar (only read when the notifier is deployed)
     */
    public ReportingStack(Construct scope, String id, StackProps props, StocktakeConfig config, String resultsBucketArn,
                          java.util.function.Supplier<Path> notifierJar, QuickSightDefinitions definitions) {
        super(scope, id, props);
        NotifierOptions options = config.notifier();
        if (!options.enabled() && !config.quickSight().enabled()) {
            throw new IllegalArgumentException("the reporting stack needs notifier.recipients, a Slack secret or "
                    + "quickSight.principals in the config");
        }
        String kmsKeyArn = config.encryption().usesKms() ? config.encryption().kmsKeyArn() : null;
        String resultsObjects = "AwsSolutions-IAM5[Resource::" + importName(resultsBucketArn) + "/*]";

        quickSight = config.quickSight().enabled()
                ? new QuickSightResources(this, "QuickSight", config, definitions, resultsBucketArn, resultsObjects, kmsKeyArn)
                : null;

        if (!options.enabled()) {
            notifier = null;
            slackSecret = null;
            topic = null;
            return;
        }

        slackSecret = options.createSlackSecret() ? Secret.Builder.create(this, "SlackWebhook")
                .secretName(SLACK_SECRET_NAME)
                .description("Stocktake: the Slack incoming-webhook URL of the daily digest. Put it here with "
                        + "aws secretsmanager put-secret-value --secret-id " + SLACK_SECRET_NAME + " --secret-string <url>")
                .removalPolicy(RemovalPolicy.DESTROY)
                .build() : null;
        if (slackSecret != null) {
            Nag.acknowledge(slackSecret, "AwsSolutions-SMG4",
                    "A Slack incoming-webhook URL cannot be rotated by a Lambda; it is replaced in Slack and put here by hand.");
        }
        String slackSecretArn = slackSecret != null ? slackSecret.getSecretArn() : options.slackWebhookSecretArn();

        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("ATHENA_WORKGROUP", config.athena().workGroupName());
        environment.put("ATHENA_DATABASE", config.athena().databaseName());
        environment.put("REPORT_BUCKET", config.reportBucketName());
        environment.put("DELIVERY_MARKER_PREFIX", MARKER_PREFIX);
        if (options.sendsEmail()) {
            environment.put("DIGEST_RECIPIENTS", String.join(",", options.recipients()));
            environment.put("DIGEST_SENDER", options.sender());
            if (options.sesConfigurationSet() != null) {
                environment.put("SES_CONFIGURATION_SET", options.sesConfigurationSet());
            }
        }
        if (slackSecretArn != null) {
            environment.put("SLACK_WEBHOOK_SECRET_ARN", slackSecretArn);
        }
        if (quickSight != null) {
            environment.put("QUICKSIGHT_DASHBOARD_ID", quickSight.dashboardId());
        }
        environment.put("REPORT_TIME_ZONE", config.reportTimeZone());
        environment.put("GOAL_REDUCTION", Double.toString(options.goalReduction()));
        environment.put("JAVA_TOOL_OPTIONS", "-XX:+TieredCompilation -XX:TieredStopAtLevel=1");

        IKey environmentKey = kmsKeyArn != null ? Key.fromKeyArn(this, "ReportKey", kmsKeyArn) : null;
        notifier = new ScheduledJavaFunction(this, "Notifier", ScheduledJavaFunctionProps.builder()
                .functionName(NOTIFIER_FUNCTION)
                .description("Stocktake notifier: the daily digest by email and Slack")
                .handler(HANDLER)
                .jar(notifierJar.get())
                .environment(environment)
                .environmentKey(environmentKey)
                .logRetention(LogRetention.of(config.retention().logRetentionDays()))
                .snapStart(true)
                .scheduleName("stocktake-notifier-daily")
                .scheduleDescription("Sends the Stocktake digest once a day, after the collectors' window and the QuickSight refresh")
                .scheduleExpression(options.schedule())
                .timeZone(config.schedule().timeZone())
                // an explicit {}: the handler reads an empty event as "today's digest" (and {"day":...} as a missed
                // day's), and the scheduler's own default payload is not documented
                .scheduleInput(ScheduleTargetInput.fromObject(Map.of()))
                .retryAttempts(2)
                .maxEventAge(Duration.hours(2))
                .deadLetterQueueName("stocktake-notifier-schedule-dlq")
                .errorsAlarmName("stocktake-notifier-errors")
                .errorsAlarmDescription("The Stocktake notifier failed: today's digest may not have gone out on every channel (see its log)")
                .deadLetterAlarmName("stocktake-notifier-dead-letters")
                .build());
        grantNotifier(notifier.role(), config, options, resultsBucketArn, resultsObjects, kmsKeyArn, slackSecretArn);

        // A customer-managed key: CloudWatch alarms can publish to an encrypted topic only if the key lets them.
        Key topicKey = Key.Builder.create(this, "TopicKey")
                .description("Stocktake: encrypts the reporting alarm topic")
                .enableKeyRotation(true)
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        topicKey.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("CloudWatchAlarmsPublish")
                .principals(List.of(new ServicePrincipal("cloudwatch.amazonaws.com")))
                .actions(List.of("kms:Decrypt", "kms:GenerateDataKey*"))
                .resources(List.of("*"))
                .conditions(Map.of("StringEquals", Map.of("aws:SourceAccount", getAccount())))
                .build());
        topic = Topic.Builder.create(this, "Topic")
                .topicName("stocktake-reporting")
                .displayName("Stocktake reporting")
                .masterKey(topicKey)
                .enforceSsl(true)
                .build();
        alarms.addAll(notifier.alarms());
        alarms.add(digestAlarm("DigestFailures", "stocktake-digest-failures",
                "A channel refused today's Stocktake digest (SES or Slack): the next run sends it again; see the notifier's log"));
        alarms.add(digestAlarm("DigestInDoubt", "stocktake-digest-in-doubt",
                "It is not known whether today's Stocktake digest went out on a channel; the log names the marker to delete to re-send"));
        for (Alarm alarm : alarms) {
            alarm.addAlarmAction(new SnsAction(topic));
        }

        CfnOutput.Builder.create(this, "NotifierFunctionName").value(notifier.function().getFunctionName())
                .description("Invoke with {\"day\":\"YYYY-MM-DD\"} to send a missed day's digest").build();
        CfnOutput.Builder.create(this, "AlarmTopicArn").value(topic.getTopicArn())
                .description("Subscribe to this SNS topic to hear when the digest fails").build();
        if (slackSecret != null) {
            CfnOutput.Builder.create(this, "SlackWebhookSecretArn").value(slackSecret.getSecretArn())
                    .description("Put the Slack incoming-webhook URL into this secret before the first digest").build();
        }
    }

    private Alarm digestAlarm(String metricName, String alarmName, String description) {
        return Alarm.Builder.create(this, metricName)
                .alarmName(alarmName)
                .alarmDescription(description)
                .metric(Metric.Builder.create()
                        .namespace(Names.METRIC_NAMESPACE)
                        .metricName(metricName)
                        .dimensionsMap(Map.of("Service", NOTIFIER_FUNCTION))
                        .statistic("Sum")
                        .period(Duration.hours(1))
                        .build())
                .threshold(1)
                .evaluationPeriods(1)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build();
    }

    /** Exactly the actions of notifier-lambda/README.md, each on its resources. */
    private void grantNotifier(Role role, StocktakeConfig config, NotifierOptions options, String resultsBucketArn,
                               String resultsObjects, String kmsKeyArn, String slackSecretArn) {
        String partition = getPartition();
        String account = getAccount();
        String region = getRegion();
        String database = config.athena().databaseName();
        String reports = "arn:" + partition + ":s3:::" + config.reportBucketName();
        role.addToPolicy(PolicyStatement.Builder.create()
                .sid("RunDigestQueries")
                .actions(List.of("athena:StartQueryExecution", "athena:GetQueryExecution", "athena:GetQueryResults",
                        "athena:StopQueryExecution", "athena:GetWorkGroup"))
                .resources(List.of("arn:" + partition + ":athena:" + region + ":" + account + ":workgroup/"
                        + config.athena().workGroupName()))
                .build());
        String glue = "arn:" + partition + ":glue:" + region + ":" + account;
        role.addToPolicy(PolicyStatement.Builder.create()
                .sid("ReadCatalog")
                .actions(List.of("glue:GetDatabase", "glue:GetTable", "glue:GetTables", "glue:GetPartitions"))
                .resources(List.of(glue + ":catalog", glue + ":database/" + database, glue + ":table/" + database + "/*"))
                .build());
        role.addToPolicy(PolicyStatement.Builder.create()
                .sid("ReadReportsDirectoryAndAllowlist")
                .actions(List.of("s3:GetObject"))
                .resources(List.of(reports + "/" + config.reportPrefix() + "*", reports + "/" + StocktakeConfig.DIRECTORY_PREFIX + "*",
                        reports + "/" + QuickSightResources.ALLOWLIST_OBJECT))
                .build());
        // the views read finished months from the Parquet copy, through report_rows
        role.addToPolicy(ReportCompaction.readCompactedCopy(reports));
        role.addToPolicy(ReportCompaction.readCompactedPartitions(this, database));
        role.addToPolicy(PolicyStatement.Builder.create()
                .sid("ListReportBucket")
                .actions(List.of("s3:ListBucket", "s3:GetBucketLocation"))
                .resources(List.of(reports))
                .build());
        role.addToPolicy(PolicyStatement.Builder.create()
                .sid("DeliveryMarkers")
                .actions(List.of("s3:GetObject", "s3:PutObject", "s3:DeleteObject"))
                .resources(List.of(reports + "/" + MARKER_PREFIX + "*"))
                .build());
        role.addToPolicy(PolicyStatement.Builder.create()
                .sid("QueryResults")
                .actions(List.of("s3:GetObject", "s3:PutObject", "s3:ListBucket", "s3:GetBucketLocation", "s3:AbortMultipartUpload"))
                .resources(List.of(resultsBucketArn, resultsBucketArn + "/*"))
                .build());
        if (kmsKeyArn != null) {
            role.addToPolicy(PolicyStatement.Builder.create()
                    .sid("ReportKey")
                    .actions(List.of("kms:Decrypt", "kms:GenerateDataKey"))
                    .resources(List.of(kmsKeyArn))
                    .build());
        }
        if (options.sendsEmail()) {
            String ses = "arn:" + partition + ":ses:" + region + ":" + account + ":";
            String address = options.senderAddress();
            List<String> identities = new ArrayList<>(List.of(ses + "identity/" + address,
                    ses + "identity/" + address.substring(address.indexOf('@') + 1)));
            if (options.sesConfigurationSet() != null) {
                identities.add(ses + "configuration-set/" + options.sesConfigurationSet());
            }
            role.addToPolicy(PolicyStatement.Builder.create()
                    .sid("SendDigest")
                    .actions(List.of("ses:SendEmail", "ses:SendRawEmail"))
                    .resources(identities)
                    .build());
        }
        if (slackSecretArn != null) {
            role.addToPolicy(PolicyStatement.Builder.create()
                    .sid("ReadSlackWebhook")
                    .actions(List.of("secretsmanager:GetSecretValue"))
                    .resources(List.of(slackSecretArn))
                    .build());
        }
        if (quickSight != null) {
            role.addToPolicy(PolicyStatement.Builder.create()
                    .sid("DashboardSnapshot")
                    .actions(List.of("quicksight:DescribeDashboard", "quicksight:StartDashboardSnapshotJob",
                            "quicksight:DescribeDashboardSnapshotJob", "quicksight:DescribeDashboardSnapshotJobResult"))
                    .resources(List.of("arn:" + partition + ":quicksight:" + region + ":" + account + ":dashboard/"
                            + quickSight.dashboardId()))
                    .build());
        }
        String bucket = config.reportBucketName();
        Nag.acknowledge(role, "AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:glue:" + Nag.region(this) + ":"
                        + Nag.account(this) + ":table/" + database + "/*]",
                "The digest queries read the tables and views of this one database (Athena resolves each through Glue).");
        Nag.acknowledge(role, "AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::" + bucket + "/" + config.reportPrefix() + "*]",
                "The digest queries read the reports (keys hold the date and account name); read only.");
        Nag.acknowledge(role, "AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::" + bucket + "/"
                        + StocktakeConfig.DIRECTORY_PREFIX + "*]",
                "The coverage queries read the account directory exports (keys hold the date); read only.");
        ReportCompaction.acknowledgeReader(role, "arn:<AWS::Partition>:s3:::" + bucket);
        Nag.acknowledge(role, "AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::" + bucket + "/" + MARKER_PREFIX + "*]",
                "One delivery marker per day and channel (notifier/deliveries/YYYY/MM/DD/<channel>.json), nothing else.");
        Nag.acknowledge(role, resultsObjects,
                "Athena writes query results under generated keys of the dedicated results bucket.");
    }

    /** The export an imported value names, as cdk-nag prints it in finding IDs. */
    private String importName(String imported) {
        if (resolve(imported) instanceof Map<?, ?> map && map.get("Fn::ImportValue") instanceof String name) {
            return name;
        }
        throw new IllegalArgumentException("the results bucket ARN must be the central stack's export (Stack.exportValue)");
    }

    /** The notifier, or null when no channel is configured. */
    public ScheduledJavaFunction notifier() {
        return notifier;
    }

    /** The Slack webhook secret this stack created, or null. */
    public Secret slackSecret() {
        return slackSecret;
    }

    /** The QuickSight resources, or null without principals. */
    public QuickSightResources quickSight() {
        return quickSight;
    }

    /** Where the notifier's alarms go, or null without a notifier. */
    public Topic topic() {
        return topic;
    }

    public List<Alarm> alarms() {
        return alarms;
    }
}
