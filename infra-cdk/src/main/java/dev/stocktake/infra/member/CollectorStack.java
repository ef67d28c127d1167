package dev.stocktake.infra.member;

import dev.stocktake.infra.LogRetention;
import dev.stocktake.infra.Names;
import dev.stocktake.infra.config.StocktakeConfig;
import dev.stocktake.infra.nag.Nag;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.TimeZone;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.events.EventBus;
import software.amazon.awscdk.services.events.EventPattern;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.scheduler.Schedule;
import software.amazon.awscdk.services.scheduler.ScheduleExpression;
import software.amazon.awscdk.services.scheduler.TimeWindow;
import software.amazon.awscdk.services.scheduler.targets.LambdaInvoke;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;

/**
 * What every member account runs (the StackSet's template, and a plain stack for the management
 * account): the collector Lambda, its role, the daily schedule with its dead-letter queue, the
 * failure alarms and the log group.
 *
 * <p>arm64: the same work costs about 20 % less per GB-second than on x86_64, SnapStart supports
 * it, and the collector has no native code.
 */
public final class CollectorStack extends Stack {
    static final String HANDLER = "dev.stocktake.collector.CollectorHandler::handleRequest";
    static final String JAVA_TOOL_OPTIONS = "-XX:+TieredCompilation -XX:TieredStopAtLevel=1";

    private final Role role;
    private final Function function;
    private final Alias alias;
    private final Queue deadLetters;
    private final Schedule schedule;
    private final List<Alarm> alarms;

    public CollectorStack(Construct scope, String id, StackProps props, StocktakeConfig config, Path collectorJar) {
        super(scope, id, props);
        String reportObjects = "arn:" + getPartition() + ":s3:::" + config.reportBucketName() + "/"
                + config.reportPrefix() + "*";

        LogGroup logs = LogGroup.Builder.create(this, "Logs")
                .logGroupName("/aws/lambda/" + Names.COLLECTOR_FUNCTION)
                .retention(LogRetention.of(config.retention().logRetentionDays()))
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();

        role = Role.Builder.create(this, "Role")
                .roleName(Names.COLLECTOR_ROLE)
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .description("Stocktake collector: stores this account's IAM credential report in the central bucket")
                .build();
        role.addToPolicy(PolicyStatement.Builder.create()
                .sid("CredentialReport")
                .actions(List.of("iam:GenerateCredentialReport", "iam:GetCredentialReport"))
                .resources(List.of("*"))
                .build());
        role.addToPolicy(PolicyStatement.Builder.create()
                .sid("AccountName")
                .actions(List.of("sts:AssumeRole"))
                .resources(List.of(Names.orgReadRoleArn(config)))
                .build());
        role.addToPolicy(PolicyStatement.Builder.create()
                .sid("WriteOwnReport")
                .actions(List.of("s3:PutObject", "s3:PutObjectTagging", "s3:GetObject"))
                .resources(List.of(reportObjects))
                .build());
        if (config.encryption().usesKms()) {
            role.addToPolicy(PolicyStatement.Builder.create()
                    .sid("EncryptReport")
                    .actions(List.of("kms:GenerateDataKey"))
                    .resources(List.of(config.encryption().kmsKeyArn()))
                    .build());
        }
        role.addToPolicy(PolicyStatement.Builder.create()
                .sid("Logs")
                .actions(List.of("logs:CreateLogStream", "logs:PutLogEvents"))
                .resources(List.of(logs.getLogGroupArn()))
                .build());
        Nag.acknowledge(role, "AwsSolutions-IAM5[Resource::*]",
                "iam:GenerateCredentialReport and iam:GetCredentialReport support no resource-level permissions; they only ever concern this account.");
        Nag.acknowledge(role, "AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::" + config.reportBucketName()
                        + "/" + config.reportPrefix() + "*]",
                "The report key holds the date and the account name; the central bucket policy further limits the collector to objects tagged with its own account and to conditional writes.");

        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("REPORT_BUCKET", config.reportBucketName());
        environment.put("REPORT_PREFIX", config.reportPrefix());
        environment.put("MANAGEMENT_ROLE_ARN", Names.orgReadRoleArn(config));
        environment.put("REPORT_TIME_ZONE", config.reportTimeZone());
        if (config.encryption().usesKms()) {
            environment.put("KMS_KEY_ARN", config.encryption().kmsKeyArn());
        }
        environment.put("JAVA_TOOL_OPTIONS", JAVA_TOOL_OPTIONS);

        function = Function.Builder.create(this, "Function")
                .functionName(Names.COLLECTOR_FUNCTION)
                .description("Stocktake collector: this account's IAM credential report to the central bucket, daily")
                .runtime(Runtime.JAVA_25)
                .architecture(Architecture.ARM_64)
                .handler(HANDLER)
                .code(Code.fromAsset(collectorJar.toString()))
                .memorySize(512)
                .timeout(Duration.minutes(5))
                .snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS)
                .environment(environment)
                .role(role)
                .logGroup(logs)
                .build();
        // The alias below publishes a version (SnapStart's snapshot is taken of it), so CDK's generic
        // "SnapStart only supports published versions" warning does not apply.
        Annotations.of(function).acknowledgeWarning("@aws-cdk/aws-lambda:snapStartRequirePublish",
                "The function is invoked only through the 'live' alias of its current published version.");
        alias = Alias.Builder.create(this, "Live")
                .aliasName("live")
                .version(function.getCurrentVersion())
                .build();

        deadLetters = Queue.Builder.create(this, "ScheduleDeadLetters")
                .queueName("stocktake-collector-schedule-dlq")
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true)
                .retentionPeriod(Duration.days(14))
                .build();
        Nag.acknowledge(deadLetters, "AwsSolutions-SQS3",
                "This queue is itself the dead-letter queue of the collector's schedule.");

        schedule = Schedule.Builder.create(this, "Daily")
                .scheduleName("stocktake-collector-daily")
                .description("Runs the Stocktake collector once a day; the flexible window spreads the accounts' calls")
                .schedule(ScheduleExpression.expression(config.schedule().expression(),
                        TimeZone.of(config.schedule().timeZone())))
                .timeWindow(TimeWindow.flexible(Duration.minutes(config.schedule().flexibleWindowMinutes())))
                .target(LambdaInvoke.Builder.create(alias)
                        .retryAttempts(3)
                        .maxEventAge(Duration.hours(2))
                        .deadLetterQueue(deadLetters)
                        .build())
                .build();

        Alarm errors = Alarm.Builder.create(this, "Errors")
                .alarmName("stocktake-collector-errors")
                .alarmDescription("The Stocktake collector failed: today's report of this account may be missing")
                .metric(function.metricErrors(MetricOptions.builder().period(Duration.hours(1)).statistic("Sum").build()))
                .threshold(1)
                .evaluationPeriods(1)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build();
        Alarm undelivered = Alarm.Builder.create(this, "DeadLetters")
                .alarmName("stocktake-collector-dead-letters")
                .alarmDescription("The schedule could not invoke the Stocktake collector (see the dead-letter queue)")
                .metric(deadLetters.metricApproximateNumberOfMessagesVisible(
                        MetricOptions.builder().period(Duration.minutes(5)).statistic("Maximum").build()))
                .threshold(1)
                .evaluationPeriods(1)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build();
        // Two plain alarms ($0.10 a month each, per account) rather than a composite on top ($0.50 more,
        // per account: $500 a month at 1,000 accounts).
        alarms = List.of(errors, undelivered);

        if (config.notifications().forwardsAlarms()) {
            Rule forward = Rule.Builder.create(this, "ForwardAlarm")
                    .description("Sends the collector alarm's state changes to the central event bus")
                    .eventPattern(EventPattern.builder()
                            .source(List.of("aws.cloudwatch"))
                            .detailType(List.of("CloudWatch Alarm State Change"))
                            .resources(alarms.stream().map(Alarm::getAlarmArn).toList())
                            .build())
                    .build();
            forward.addTarget(new software.amazon.awscdk.services.events.targets.EventBus(
                    EventBus.fromEventBusArn(this, "CentralBus", config.notifications().centralEventBusArn())));
        }
    }

    public Role role() {
        return role;
    }

    public Function function() {
        return function;
    }

    public Alias alias() {
        return alias;
    }

    public Queue deadLetters() {
        return deadLetters;
    }

    public Schedule schedule() {
        return schedule;
    }

    /** The failure alarms: Lambda errors, and schedule deliveries that ended in the dead-letter queue. */
    public List<Alarm> alarms() {
        return alarms;
    }
}
