package dev.stocktake.infra.member;

import dev.stocktake.infra.LogRetention;
import dev.stocktake.infra.Names;
import dev.stocktake.infra.ReportKeyAccess;
import dev.stocktake.infra.central.ReportBucketPolicy;
import dev.stocktake.infra.config.StocktakeConfig;
import dev.stocktake.infra.nag.Nag;
import dev.stocktake.infra.scheduled.ScheduledJavaFunction;
import dev.stocktake.infra.scheduled.ScheduledJavaFunctionProps;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.events.EventBus;
import software.amazon.awscdk.services.events.EventPattern;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.events.targets.EventBusProps;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.scheduler.Schedule;
import software.amazon.awscdk.services.sqs.Queue;
import software.constructs.Construct;

/**
 * What every member account runs (the StackSet's template, and a plain stack for the management
 * account): the collector Lambda, its role, the daily schedule with its dead-letter queue, the
 * failure alarms and the log group (a {@link ScheduledJavaFunction} with SnapStart and a flexible window),
 * and, when configured, the rule that forwards its alarms to the central event bus.
 */
public final class CollectorStack extends Stack {
    static final String HANDLER = "dev.stocktake.collector.CollectorHandler::handleRequest";
    static final String JAVA_TOOL_OPTIONS = "-XX:+TieredCompilation -XX:TieredStopAtLevel=1";
    /** The path of the roles IAM Identity Center provisions in each account ({@code AWSReservedSSO_<set>_<suffix>}). */
    public static final String SSO_ROLE_PATH = "/aws-reserved/sso.amazonaws.com/";

    private final ScheduledJavaFunction collector;

    public CollectorStack(Construct scope, String id, StackProps props, StocktakeConfig config, Path collectorJar) {
        super(scope, id, props);
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("REPORT_BUCKET", config.reportBucketName());
        environment.put("REPORT_PREFIX", config.reportPrefix());
        // the IAM details (user tags, last use of the Identity Center roles) go beside the report, under their own prefix
        environment.put("DETAILS_PREFIX", StocktakeConfig.DETAILS_PREFIX);
        environment.put("MANAGEMENT_ROLE_ARN", Names.orgReadRoleArn(config));
        environment.put("REPORT_TIME_ZONE", config.reportTimeZone());
        // Object Lock retention the collector puts on each report (the bucket has no default retention)
        environment.put("REPORT_LOCK_MODE", config.objectLock().mode());
        environment.put("REPORT_LOCK_DAYS", Integer.toString(config.objectLock().retentionDays()));
        if (config.encryption().usesKms()) {
            environment.put("KMS_KEY_ARN", ReportKeyAccess.aliasArn(this, config));
        }
        environment.put("JAVA_TOOL_OPTIONS", JAVA_TOOL_OPTIONS);

        collector = new ScheduledJavaFunction(this, "Collector", ScheduledJavaFunctionProps.builder()
                .functionName(Names.COLLECTOR_FUNCTION)
                .description("Stocktake collector: this account's IAM credential report to the central bucket, daily")
                .handler(HANDLER)
                .jar(collectorJar)
                .environment(environment)
                .logRetention(LogRetention.of(config.retention().logRetentionDays()))
                // the central bucket policy and key policy name the role in every account
                .roleName(Names.COLLECTOR_ROLE)
                .roleDescription("Stocktake collector: stores this account's IAM credential report in the central bucket")
                .snapStart(true)
                .scheduleName(Names.COLLECTOR_SCHEDULE)
                // named, so the guardrail SCP can name it
                .scheduleRoleName(Names.COLLECTOR_SCHEDULER_ROLE)
                .scheduleDescription("Runs the Stocktake collector once a day; the flexible window spreads the accounts' calls")
                .scheduleExpression(config.schedule().expression())
                .timeZone(config.schedule().timeZone())
                .flexibleWindow(Duration.minutes(config.schedule().flexibleWindowMinutes()))
                .retryAttempts(3)
                .maxEventAge(Duration.hours(2))
                .deadLetterQueueName(Names.COLLECTOR_DEAD_LETTER_QUEUE)
                .errorsAlarmName(Names.COLLECTOR_ALARM_PREFIX + "errors")
                .errorsAlarmDescription("The Stocktake collector failed: today's report of this account may be missing")
                // Two plain alarms ($0.10 a month each, per account) rather than a composite on top ($0.50 more,
                // per account: $500 a month at 1,000 accounts).
                .deadLetterAlarmName(Names.COLLECTOR_ALARM_PREFIX + "dead-letters")
                .deadLetterAlarmDescription("The schedule could not invoke the Stocktake collector (see the dead-letter queue)")
                .build());
        grant(collector.role(), config);
        List<Alarm> alarms = collector.alarms();

        if (config.notifications().forwardsAlarms()) {
            Rule forward = Rule.Builder.create(this, "ForwardAlarm")
                    .ruleName(Names.COLLECTOR_ALARM_RULE)
                    .description("Sends the collector alarm's state changes to the central event bus")
                    .eventPattern(EventPattern.builder()
                            .source(List.of("aws.cloudwatch"))
                            .detailType(List.of("CloudWatch Alarm State Change"))
                            .resources(alarms.stream().map(Alarm::getAlarmArn).toList())
                            .build())
                    .build();
            // named, so the guardrail SCP can name it; the target grants it events:PutEvents on the central bus only
            Role forwarder = Role.Builder.create(this, "ForwardAlarmRole")
                    .roleName(Names.COLLECTOR_ALARM_RULE)
                    .assumedBy(new ServicePrincipal("events.amazonaws.com"))
                    .description("Stocktake: forwards the collector alarm's state changes to the central event bus")
                    .build();
            forward.addTarget(new software.amazon.awscdk.services.events.targets.EventBus(
                    EventBus.fromEventBusArn(this, "CentralBus", config.notifications().centralEventBusArn()),
                    EventBusProps.builder().role(forwarder).build()));
        }
    }

    private void grant(Role role, StocktakeConfig config) {
        // Only this account's own report and details keys (the central bucket policy names the same patterns): this
        // binds a collector in the central account, whose identity policy alone suffices there.
        String bucket = "arn:" + getPartition() + ":s3:::" + config.reportBucketName() + "/";
        String reportObjects = bucket + config.reportPrefix() + ReportBucketPolicy.OWN_REPORT_KEY;
        String detailsObjects = bucket + StocktakeConfig.DETAILS_PREFIX + ReportBucketPolicy.OWN_DETAILS_KEY;
        String iam = "arn:" + getPartition() + ":iam::" + getAccount() + ":";
        role.addToPolicy(PolicyStatement.Builder.create()
                .sid("CredentialReport")
                .actions(List.of("iam:GenerateCredentialReport", "iam:GetCredentialReport"))
                .resources(List.of("*"))
                .build());
        // The details: every IAM user with its tags, and the roles Identity Center provisions here with their last use.
        // ListUsers and ListRoles have no resource type; ListUserTags names users, GetRole the reserved SSO path only.
        role.addToPolicy(PolicyStatement.Builder.create()
                .sid("ListUsersAndRoles")
                .actions(List.of("iam:ListUsers", "iam:ListRoles"))
                .resources(List.of("*"))
                .build());
        role.addToPolicy(PolicyStatement.Builder.create()
                .sid("UserTags")
                .actions(List.of("iam:ListUserTags"))
                .resources(List.of(iam + "user/*"))
                .build());
        role.addToPolicy(PolicyStatement.Builder.create()
                .sid("IdentityCenterRoles")
                .actions(List.of("iam:GetRole"))
                .resources(List.of(iam + "role" + SSO_ROLE_PATH + "*"))
                .build());
        role.addToPolicy(PolicyStatement.Builder.create()
                .sid("AccountName")
                // the org-read trust requires the source identity (its own account); setting one is authorised as
                // sts:SetSourceIdentity, which a cross-account caller's own policy must allow too
                .actions(List.of("sts:AssumeRole", "sts:SetSourceIdentity"))
                .resources(List.of(Names.orgReadRoleArn(config)))
                .build());
        role.addToPolicy(PolicyStatement.Builder.create()
                .sid("WriteOwnReport")
                // PutObjectRetention: the write carries the report's (and the details') Object Lock retention
                .actions(List.of("s3:PutObject", "s3:PutObjectTagging", "s3:PutObjectRetention", "s3:GetObject"))
                .resources(List.of(reportObjects, detailsObjects))
                .build());
        if (config.encryption().usesKms()) {
            ReportKeyAccess.grantGenerateDataKey(role, "EncryptReport", config);
        }
        Nag.acknowledge(role, "AwsSolutions-IAM5[Resource::*]",
                "iam:GenerateCredentialReport, iam:GetCredentialReport, iam:ListUsers and iam:ListRoles support no resource-level permissions; they only ever concern this account.");
        Nag.acknowledge(role, "AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:iam::" + Nag.account(this) + ":user/*]",
                "iam:ListUserTags (read only) on this account's IAM users: the details name each user's owner and email tags; users come and go.");
        Nag.acknowledge(role, "AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:iam::" + Nag.account(this) + ":role" + SSO_ROLE_PATH + "*]",
                "iam:GetRole (read only) on the roles IAM Identity Center provisions under its reserved path, whose names end in a generated suffix.");
        // cdk-nag writes a policy variable ${x} of the resource as <x> in the finding
        Nag.acknowledge(role, "AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::" + config.reportBucketName()
                        + "/" + config.reportPrefix() + ReportBucketPolicy.OWN_REPORT_KEY.replace("${", "<").replace("}", ">") + "]",
                "The report key holds the date and the account name before this account's ID; the central bucket policy further limits the collector to objects tagged with its own account and to conditional writes.");
        Nag.acknowledge(role, "AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::" + config.reportBucketName()
                        + "/" + StocktakeConfig.DETAILS_PREFIX + ReportBucketPolicy.OWN_DETAILS_KEY.replace("${", "<").replace("}", ">") + "]",
                "The details key holds the date and the account name before this account's ID, like the report's; the central bucket policy applies the report's rules to it.");
    }

    /** The collector: its function, role, schedule, dead-letter queue and alarms. */
    public ScheduledJavaFunction collector() {
        return collector;
    }

    public Role role() {
        return collector.role();
    }

    public Function function() {
        return collector.function();
    }

    public Alias alias() {
        return collector.alias();
    }

    public Queue deadLetters() {
        return collector.deadLetters();
    }

    public Schedule schedule() {
        return collector.schedule();
    }

    /** The failure alarms: Lambda errors, and schedule deliveries that ended in the dead-letter queue. */
    public List<Alarm> alarms() {
        return collector.alarms();
    }
}
