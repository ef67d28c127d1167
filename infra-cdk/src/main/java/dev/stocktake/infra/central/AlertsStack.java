package dev.stocktake.infra.central;

import dev.stocktake.infra.LogRetention;
import dev.stocktake.infra.config.AlertOptions;
import dev.stocktake.infra.config.Encryption;
import dev.stocktake.infra.config.StocktakeConfig;
import dev.stocktake.infra.member.AlertForwarderStack;
import dev.stocktake.infra.nag.Nag;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.dynamodb.TableEncryption;
import software.amazon.awscdk.services.events.EventBus;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.targets.SqsQueue;
import software.amazon.awscdk.services.iam.AnyPrincipal;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.lambda.eventsources.SqsEventSource;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.sqs.DeadLetterQueue;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;

/**
 * The central side of the real-time alerts, in the central account and region:
 *
 * <pre>
 *   forwarders (us-east-1 of every account) ──PutEvents──▶ event bus (policy: this organization's forwarder roles only)
 *     └─ rule ──▶ SQS queue (SSE, TLS only; DLQ after 5 receives) ──event-source mapping, batching window 20 s──▶
 *        alert Lambda (notifier jar): Slack for every change, SES email for creations, dedupe in DynamoDB (TTL)
 * </pre>
 *
 * <p>Why a queue between the bus and the Lambda: the batching window gathers a script's burst into one invocation
 * (one message instead of fifty), a failed send comes back to the queue per message ({@code ReportBatchItemFailures})
 * instead of being retried as a whole, and what keeps failing ends in a dead-letter queue that is alarmed on.
 */
public final class AlertsStack extends Stack {
    public static final String FUNCTION_NAME = "stocktake-alerts";
    static final String HANDLER = "dev.stocktake.notifier.alert.AlertHandler::handleRequest";
    /** The Lambda's timeout; the queue's visibility timeout is six times it, as AWS recommends for SQS event sources. */
    static final int TIMEOUT_SECONDS = 60;
    static final Duration TIMEOUT = Duration.seconds(TIMEOUT_SECONDS);
    /** At most this long between an event reaching the queue and the Lambda seeing it (the alert is due within a minute). */
    static final Duration BATCHING_WINDOW = Duration.seconds(20);

    private final EventBus bus;
    private final Queue queue;
    private final Queue deadLetters;
    private final Table sent;
    private final Function function;
    private final Role role;
    private final List<Alarm> alarms = new ArrayList<>();

    public AlertsStack(Construct scope, String id, StackProps props, StocktakeConfig config, Path notifierJar) {
        super(scope, id, props);
        AlertOptions alerts = config.alerts();
        String bucket = config.reportBucketName();

        bus = EventBus.Builder.create(this, "Bus").eventBusName(alerts.eventBusName()).build();
        bus.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("OrganizationForwardersOnly")
                .effect(Effect.ALLOW)
                .principals(List.of(new AnyPrincipal()))
                .actions(List.of("events:PutEvents"))
                .resources(List.of(bus.getEventBusArn()))
                .conditions(Map.of(
                        "StringEquals", Map.of("aws:PrincipalOrgID", config.organizationId()),
                        "ArnLike", Map.of("aws:PrincipalArn", "arn:" + getPartition() + ":iam::*:role/" + AlertOptions.FORWARDER_ROLE)))
                .build());

        deadLetters = Queue.Builder.create(this, "DeadLetters")
                .queueName("stocktake-alerts-dlq")
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true)
                .retentionPeriod(Duration.days(14))
                .build();
        Nag.acknowledge(deadLetters, "AwsSolutions-SQS3", "This queue is itself the dead-letter queue of the alert queue.");
        queue = Queue.Builder.create(this, "Queue")
                .queueName("stocktake-alerts")
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true)
                .retentionPeriod(Duration.days(4))
                .visibilityTimeout(Duration.seconds(TIMEOUT_SECONDS * 6))
                .deadLetterQueue(DeadLetterQueue.builder().queue(deadLetters).maxReceiveCount(5).build())
                .build();
        Rule toQueue = Rule.Builder.create(this, "ToQueue")
                .ruleName("stocktake-alerts-to-queue")
                .description("Stocktake alerts: the forwarded IAM changes to the alert queue")
                .eventBus(bus)
                .eventPattern(AlertForwarderStack.pattern())
                .build();
        toQueue.addTarget(SqsQueue.Builder.create(queue).build());

        sent = Table.Builder.create(this, "SentAlerts")
                .tableName("stocktake-alerts-sent")
                .partitionKey(Attribute.builder().name("pk").type(AttributeType.STRING).build())
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .timeToLiveAttribute("expiresAt")
                .encryption(TableEncryption.AWS_MANAGED)
                .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder().pointInTimeRecoveryEnabled(true).build())
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();

        LogGroup logs = LogGroup.Builder.create(this, "Logs")
                .logGroupName("/aws/lambda/" + FUNCTION_NAME)
                .retention(LogRetention.of(config.retention().logRetentionDays()))
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        role = Role.Builder.create(this, "Role")
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .description("Stocktake alerts: reads the allowlist and account names, posts to Slack, emails creations")
                .build();
        logs.grantWrite(role);
        String objects = "arn:" + getPartition() + ":s3:::" + bucket + "/";
        role.addToPolicy(PolicyStatement.Builder.create()
                .sid("ReadAllowlistAndAccountNames")
                .actions(List.of("s3:GetObject"))
                .resources(List.of(objects + "allowlist/allowlist.csv", objects + StocktakeConfig.DIRECTORY_PREFIX + "*"))
                .build());
        role.addToPolicy(PolicyStatement.Builder.create()
                .sid("MissingExportIsNotFound")
                .actions(List.of("s3:ListBucket"))
                .resources(List.of("arn:" + getPartition() + ":s3:::" + bucket))
                .conditions(Map.of("StringLike", Map.of("s3:prefix", List.of(StocktakeConfig.DIRECTORY_PREFIX + "*",
                        "allowlist/allowlist.csv"))))
                .build());
        if (config.encryption().usesKms()) {
            role.addToPolicy(PolicyStatement.Builder.create()
                    .sid("DecryptBucketObjects")
                    .actions(List.of("kms:Decrypt"))
                    .resources(List.of(Fn.importValue(Encryption.REPORT_KEY_EXPORT)))
                    .build());
        }
        // the table has no index and no customer-managed key: the grant is these three actions on the table's ARN only
        sent.grant(role, "dynamodb:PutItem", "dynamodb:GetItem", "dynamodb:DeleteItem");
        if (alerts.sendsEmail()) {
            String address = alerts.senderAddress();
            String identity = "arn:" + getPartition() + ":ses:" + getRegion() + ":" + getAccount() + ":identity/";
            List<String> identities = new ArrayList<>(List.of(identity + address,
                    identity + address.substring(address.indexOf('@') + 1)));
            if (alerts.sesConfigurationSet() != null) {
                identities.add("arn:" + getPartition() + ":ses:" + getRegion() + ":" + getAccount() + ":configuration-set/"
                        + alerts.sesConfigurationSet());
            }
            role.addToPolicy(PolicyStatement.Builder.create()
                    .sid("SendAlertEmail")
                    .actions(List.of("ses:SendEmail"))
                    .resources(identities)
                    .build());
        }
        if (alerts.slackWebhookSecretArn() != null) {
            role.addToPolicy(PolicyStatement.Builder.create()
                    .sid("SlackWebhookUrl")
                    .actions(List.of("secretsmanager:GetSecretValue"))
                    .resources(List.of(alerts.slackWebhookSecretArn()))
                    .build());
        }
        Nag.acknowledge(role, "AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::" + bucket + "/"
                        + StocktakeConfig.DIRECTORY_PREFIX + "*]",
                "The account directory writes one export a day under accounts/YYYY/MM/DD/; the alerts read the latest.");

        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("REPORT_BUCKET", bucket);
        environment.put("DEDUPE_TABLE", sent.getTableName());
        environment.put("DIRECTORY_PREFIX", StocktakeConfig.DIRECTORY_PREFIX);
        environment.put("REPORT_TIME_ZONE", config.reportTimeZone());
        environment.put("BURST_WINDOW_SECONDS", Integer.toString(alerts.burstWindowSeconds()));
        if (alerts.sendsEmail()) {
            environment.put("ALERT_RECIPIENTS", String.join(",", alerts.recipients()));
            environment.put("ALERT_SENDER", alerts.sender());
            if (alerts.sesConfigurationSet() != null) {
                environment.put("SES_CONFIGURATION_SET", alerts.sesConfigurationSet());
            }
        }
        if (alerts.slackWebhookSecretArn() != null) {
            environment.put("SLACK_WEBHOOK_SECRET_ARN", alerts.slackWebhookSecretArn());
            // the alerts post to the digest's Slack workspace rules: one host setting for both
            if (config.notifier().slackWebhookHost() != null) {
                environment.put("SLACK_WEBHOOK_HOST", config.notifier().slackWebhookHost());
            }
        }
        environment.put("JAVA_TOOL_OPTIONS", "-XX:+TieredCompilation -XX:TieredStopAtLevel=1");

        function = Function.Builder.create(this, "Function")
                .functionName(FUNCTION_NAME)
                .description("Stocktake real-time alerts: IAM user and credential changes to Slack and email")
                .runtime(Runtime.JAVA_25)
                .architecture(Architecture.ARM_64)
                .handler(HANDLER)
                .code(Code.fromAsset(notifierJar.toString()))
                .memorySize(512)
                .timeout(TIMEOUT)
                .snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS)
                .environment(environment)
                .role(role)
                .logGroup(logs)
                .build();
        Annotations.of(function).acknowledgeWarning("@aws-cdk/aws-lambda:snapStartRequirePublish",
                "The queue invokes the function only through the 'live' alias of its current published version.");
        Alias alias = Alias.Builder.create(this, "Live").aliasName("live").version(function.getCurrentVersion()).build();
        alias.addEventSource(SqsEventSource.Builder.create(queue)
                .batchSize(100)
                .maxBatchingWindow(BATCHING_WINDOW)
                .reportBatchItemFailures(true)
                .maxConcurrency(2)
                .build());

        alarms.add(Alarm.Builder.create(this, "DeadLettersAlarm")
                .alarmName("stocktake-alerts-dead-letters")
                .alarmDescription("IAM change alerts could not be delivered (see the stocktake-alerts-dlq queue and the function's logs)")
                .metric(deadLetters.metricApproximateNumberOfMessagesVisible(
                        MetricOptions.builder().period(Duration.minutes(5)).statistic("Maximum").build()))
                .threshold(1)
                .evaluationPeriods(1)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build());
        alarms.add(Alarm.Builder.create(this, "DelayedAlarm")
                .alarmName("stocktake-alerts-delayed")
                .alarmDescription("IAM change alerts are waiting in the queue for more than 5 minutes (Slack or SES failing?)")
                .metric(queue.metricApproximateAgeOfOldestMessage(
                        MetricOptions.builder().period(Duration.minutes(5)).statistic("Maximum").build()))
                .threshold(300)
                .evaluationPeriods(1)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build());
        alarms.add(Alarm.Builder.create(this, "InDoubtAlarm")
                .alarmName("stocktake-alerts-in-doubt")
                .alarmDescription("An alert may not have gone out: a run died between claiming and confirming it (see the logs: 'alert IN DOUBT')")
                .metric(Metric.Builder.create().namespace("Stocktake").metricName("AlertInDoubt")
                        .dimensionsMap(Map.of("Service", FUNCTION_NAME)).period(Duration.minutes(5)).statistic("Sum").build())
                .threshold(1)
                .evaluationPeriods(1)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build());
    }

    public EventBus bus() {
        return bus;
    }

    public Queue queue() {
        return queue;
    }

    public Queue deadLetters() {
        return deadLetters;
    }

    public Table sent() {
        return sent;
    }

    public Function function() {
        return function;
    }

    public Role role() {
        return role;
    }

    public List<Alarm> alarms() {
        return List.copyOf(alarms);
    }
}
