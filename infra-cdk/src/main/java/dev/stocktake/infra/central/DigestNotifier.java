package dev.stocktake.infra.central;

import dev.stocktake.infra.LogRetention;
import dev.stocktake.infra.config.Encryption;
import dev.stocktake.infra.config.NotifierOptions;
import dev.stocktake.infra.config.StocktakeConfig;
import dev.stocktake.infra.nag.Nag;
import dev.stocktake.infra.scheduled.ScheduledJavaFunction;
import dev.stocktake.infra.scheduled.ScheduledJavaFunctionProps;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.scheduler.ScheduleTargetInput;
import software.constructs.Construct;

/**
 * The daily digest: the notifier ({@code dev.stocktake.notifier.NotifierHandler} in notifier-lambda's jar) as a
 * {@link ScheduledJavaFunction} with SnapStart, its environment, and its role with exactly the actions of
 * notifier-lambda/README.md, each on its resources.
 */
final class DigestNotifier extends Construct {

    /**
     * @param jar              the notifier's shaded jar
     * @param resultsBucketArn the central stack's exported results bucket ARN ({@link ReportingStack})
     * @param slackSecretArn   the Slack webhook secret (created or configured), or null without Slack
     * @param dashboardId      the QuickSight dashboard the digest links and snapshots, or null without QuickSight
     */
    record Props(StocktakeConfig config, Path jar, String resultsBucketArn, String slackSecretArn, String dashboardId) {
    }

    private final ScheduledJavaFunction job;

    DigestNotifier(Construct scope, String id, Props props) {
        super(scope, id);
        StocktakeConfig config = props.config();
        NotifierOptions options = config.notifier();
        String kmsKeyArn = config.encryption().usesKms() ? Fn.importValue(Encryption.REPORT_KEY_EXPORT) : null;
        String resultsBucketArn = props.resultsBucketArn();
        String slackSecretArn = props.slackSecretArn();
        String dashboardId = props.dashboardId();
        Path jar = props.jar();

        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("ATHENA_WORKGROUP", config.athena().workGroupName());
        environment.put("ATHENA_DATABASE", config.athena().databaseName());
        environment.put("REPORT_BUCKET", config.reportBucketName());
        environment.put("DELIVERY_MARKER_PREFIX", ReportingStack.MARKER_PREFIX);
        if (options.sendsEmail()) {
            environment.put("DIGEST_RECIPIENTS", String.join(",", options.recipients()));
        }
        if (options.sendsAnyEmail()) {
            environment.put("DIGEST_SENDER", options.sender());
            if (options.sesConfigurationSet() != null) {
                environment.put("SES_CONFIGURATION_SET", options.sesConfigurationSet());
            }
        }
        if (slackSecretArn != null) {
            environment.put("SLACK_WEBHOOK_SECRET_ARN", slackSecretArn);
            if (options.slackWebhookHost() != null) {
                environment.put("SLACK_WEBHOOK_HOST", options.slackWebhookHost());
            }
        }
        if (dashboardId != null) {
            environment.put("QUICKSIGHT_DASHBOARD_ID", dashboardId);
        }
        if (options.ownerDigests().enabled()) {
            environment.put("OWNER_DIGESTS", "true");
            environment.put("OWNER_DIGEST_MAX_USERS", String.valueOf(options.ownerDigests().maxUsersPerOwner()));
            if (options.ownerDigests().ownerEmailPattern() != null) {
                environment.put("OWNER_EMAIL_PATTERN", options.ownerDigests().ownerEmailPattern());
            }
        }
        environment.put("REPORT_TIME_ZONE", config.reportTimeZone());
        environment.put("JAVA_TOOL_OPTIONS", "-XX:+TieredCompilation -XX:TieredStopAtLevel=1");

        IKey environmentKey = kmsKeyArn != null ? Key.fromKeyArn(this, "ReportKey", kmsKeyArn) : null;
        // "Default": the job's resources keep the logical IDs they had directly in the stack
        job = new ScheduledJavaFunction(this, "Default", ScheduledJavaFunctionProps.builder()
                .functionName(ReportingStack.NOTIFIER_FUNCTION)
                .description("Stocktake notifier: the daily digest by email and Slack")
                .handler(ReportingStack.HANDLER)
                .jar(jar)
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
        grant(job.role(), Stack.of(this), config, options, resultsBucketArn, kmsKeyArn, slackSecretArn, dashboardId);

    }

    /** Exactly the actions of notifier-lambda/README.md, each on its resources. */
    private static void grant(Role role, Stack stack, StocktakeConfig config, NotifierOptions options, String resultsBucketArn,
                              String kmsKeyArn, String slackSecretArn, String dashboardId) {
        String partition = stack.getPartition();
        String account = stack.getAccount();
        String region = stack.getRegion();
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
        AthenaGrants.viewSources(reports, config, stack, database).forEach(role::addToPolicy);
        role.addToPolicy(PolicyStatement.Builder.create()
                .sid("DeliveryMarkers")
                .actions(List.of("s3:GetObject", "s3:PutObject", "s3:DeleteObject"))
                .resources(List.of(reports + "/" + ReportingStack.MARKER_PREFIX + "*"))
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
        // the owner digests send from the same sender and configuration set: the same statement covers them
        if (options.sendsAnyEmail()) {
            String ses = "arn:" + partition + ":ses:" + region + ":" + account + ":";
            String address = options.senderAddress();
            List<String> identities = new ArrayList<>(List.of(ses + "identity/" + address,
                    ses + "identity/" + address.substring(address.indexOf('@') + 1)));
            if (options.sesConfigurationSet() != null) {
                identities.add(ses + "configuration-set/" + options.sesConfigurationSet());
            }
            role.addToPolicy(PolicyStatement.Builder.create()
                    .sid("SendDigest")
                    .actions(List.of("ses:SendEmail"))
                    .resources(identities)
                    .build());
        }
        if (slackSecretArn != null) {
            // hand-written: Secret.grantRead would add secretsmanager:DescribeSecret
            role.addToPolicy(PolicyStatement.Builder.create()
                    .sid("ReadSlackWebhook")
                    .actions(List.of("secretsmanager:GetSecretValue"))
                    .resources(List.of(slackSecretArn))
                    .build());
        }
        if (dashboardId != null) {
            role.addToPolicy(PolicyStatement.Builder.create()
                    .sid("DashboardSnapshot")
                    .actions(List.of("quicksight:DescribeDashboard", "quicksight:StartDashboardSnapshotJob",
                            "quicksight:DescribeDashboardSnapshotJob", "quicksight:DescribeDashboardSnapshotJobResult"))
                    .resources(List.of("arn:" + partition + ":quicksight:" + region + ":" + account + ":dashboard/"
                            + dashboardId))
                    .build());
        }
        String bucket = config.reportBucketName();
        Nag.acknowledge(role, "AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:glue:" + Nag.region(stack) + ":"
                        + Nag.account(stack) + ":table/" + database + "/*]",
                "The digest queries read the tables and views of this one database (Athena resolves each through Glue).");
        Nag.acknowledge(role, "AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::" + bucket + "/" + config.reportPrefix() + "*]",
                "The digest queries read the reports (keys hold the date and account name); read only.");
        Nag.acknowledge(role, "AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::" + bucket + "/"
                        + StocktakeConfig.DIRECTORY_PREFIX + "*]",
                "The coverage queries read the account directory exports (keys hold the date); read only.");
        ReportCompaction.acknowledgeReader(role, "arn:<AWS::Partition>:s3:::" + bucket);
        AthenaGrants.acknowledgeMigrationSources(role, bucket);
        Nag.acknowledge(role, "AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::" + bucket + "/" + ReportingStack.MARKER_PREFIX + "*]",
                "One delivery marker per day and channel (notifier/deliveries/YYYY/MM/DD/<channel>.json), nothing else.");
        Nag.acknowledge(role, ReportingStack.resultsObjectsFinding(stack, resultsBucketArn),
                "Athena writes query results under generated keys of the dedicated results bucket.");
    }

    ScheduledJavaFunction job() {
        return job;
    }
}
