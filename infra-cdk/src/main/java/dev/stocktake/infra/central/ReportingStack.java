package dev.stocktake.infra.central;

import dev.stocktake.infra.Names;
import dev.stocktake.infra.config.Encryption;
import dev.stocktake.infra.config.NotifierOptions;
import dev.stocktake.infra.config.StocktakeConfig;
import dev.stocktake.infra.nag.Nag;
import dev.stocktake.infra.scheduled.ScheduledJavaFunction;
import dev.stocktake.quicksight.QuickSightDefinitions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.Key;
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
        // the central stack exports the report key's ARN (same account and region)
        String kmsKeyArn = config.encryption().usesKms() ? Fn.importValue(Encryption.REPORT_KEY_EXPORT) : null;
        String resultsObjects = resultsObjectsFinding(this, resultsBucketArn);

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

        notifier = new DigestNotifier(this, "Notifier", new DigestNotifier.Props(config, notifierJar.get(), resultsBucketArn,
                slackSecretArn, quickSight != null ? quickSight.dashboardId() : null)).job();

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
        if (options.ownerDigests().enabled()) {
            alarms.add(digestAlarm("OwnerDigestFailures", "stocktake-owner-digest-failures",
                    "SES refused an owner's own to-do today (the digest itself went out); the notifier's log names the owner "
                            + "as owner-<hash> with a redacted address; the next run tries that owner again"));
        }
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

    /**
     * cdk-nag's finding ID for the objects of the imported results bucket: it names the export the imported value
     * reads.
     */
    static String resultsObjectsFinding(Stack stack, String resultsBucketArn) {
        if (stack.resolve(resultsBucketArn) instanceof Map<?, ?> map && map.get("Fn::ImportValue") instanceof String name) {
            return "AwsSolutions-IAM5[Resource::" + name + "/*]";
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
