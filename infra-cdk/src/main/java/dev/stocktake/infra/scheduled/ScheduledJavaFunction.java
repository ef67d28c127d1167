package dev.stocktake.infra.scheduled;

import dev.stocktake.infra.nag.Nag;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.TimeZone;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.IFunction;
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
 * A Java 25 Lambda that EventBridge Scheduler runs on a schedule, with what every such Stocktake job has: its own role
 * (only the log statement; the caller adds what the job needs through {@link #role()}), a log group with retention,
 * arm64 (the same work costs about 20 % less per GB-second than on x86_64, SnapStart supports it, and the jobs have no
 * native code), optionally SnapStart behind a {@code live} alias, a schedule with bounded retries and an encrypted
 * dead-letter queue, an alarm on the function's errors and optionally one on undeliverable invocations.
 * What differs between the jobs is in {@link ScheduledJavaFunctionProps}.
 */
public final class ScheduledJavaFunction extends Construct {
    private final Role role;
    private final LogGroup logs;
    private final Function function;
    private final IFunction target;
    private final Alias alias;
    private final Queue deadLetters;
    private final Schedule schedule;
    private final Alarm errors;
    private final Alarm undelivered;

    public ScheduledJavaFunction(Construct scope, String id, ScheduledJavaFunctionProps props) {
        super(scope, id);
        logs = LogGroup.Builder.create(this, "Logs")
                .logGroupName("/aws/lambda/" + props.getFunctionName())
                .retention(props.getLogRetention())
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();

        role = Role.Builder.create(this, "Role")
                .roleName(props.getRoleName())
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .description(props.getRoleDescription())
                .build();
        logs.grantWrite(role);

        Function.Builder builder = Function.Builder.create(this, "Function")
                .functionName(props.getFunctionName())
                .description(props.getDescription())
                .runtime(Runtime.JAVA_25)
                .architecture(Architecture.ARM_64)
                .handler(props.getHandler())
                .code(Code.fromAsset(props.getJar().toString()))
                .memorySize(props.getMemorySize())
                .timeout(props.getTimeout())
                .environment(props.getEnvironment())
                .environmentEncryption(props.getEnvironmentKey())
                .reservedConcurrentExecutions(props.getReservedConcurrency())
                .role(role)
                .logGroup(logs);
        if (props.isSnapStart()) {
            builder.snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS);
        }
        function = builder.build();
        if (props.isSnapStart()) {
            // The alias publishes a version (SnapStart's snapshot is taken of it) and is what the schedule invokes,
            // so CDK's generic "SnapStart only supports published versions" warning does not apply.
            Annotations.of(function).acknowledgeWarning("@aws-cdk/aws-lambda:snapStartRequirePublish",
                    "The function is invoked only through the 'live' alias of its current published version.");
            alias = Alias.Builder.create(this, "Live")
                    .aliasName("live")
                    .version(function.getCurrentVersion())
                    .build();
            target = alias;
        } else {
            alias = null;
            target = function;
        }

        deadLetters = Queue.Builder.create(this, "ScheduleDeadLetters")
                .queueName(props.getDeadLetterQueueName())
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true)
                .retentionPeriod(Duration.days(14))
                .build();
        Nag.acknowledge(deadLetters, "AwsSolutions-SQS3", "This queue is itself the dead-letter queue of the "
                + props.getFunctionName() + " schedule.");

        Role scheduleRole = props.getScheduleRoleName() == null ? null : Role.Builder.create(this, "ScheduleRole")
                .roleName(props.getScheduleRoleName())
                .description("Lets EventBridge Scheduler invoke " + props.getFunctionName())
                // as CDK's own scheduler role: only schedules of this account may use it
                .assumedBy(new ServicePrincipal("scheduler.amazonaws.com").withConditions(Map.of(
                        "StringEquals", Map.of("aws:SourceAccount", Stack.of(this).getAccount()))))
                .build();
        schedule = Schedule.Builder.create(this, "Schedule")
                .scheduleName(props.getScheduleName())
                .description(props.getScheduleDescription())
                .schedule(ScheduleExpression.expression(props.getScheduleExpression(), TimeZone.of(props.getTimeZone())))
                .timeWindow(props.getFlexibleWindow() != null ? TimeWindow.flexible(props.getFlexibleWindow()) : null)
                .target(LambdaInvoke.Builder.create(target)
                        .role(scheduleRole)
                        .input(props.getScheduleInput())
                        .retryAttempts(props.getRetryAttempts())
                        .maxEventAge(props.getMaxEventAge())
                        .deadLetterQueue(deadLetters)
                        .build())
                .build();
        if (!props.isSnapStart()) {
            // Without a name, the schedule's role is a stack-level singleton CDK creates; the finding ID names this
            // function only.
            Nag.acknowledge(scheduleRole != null ? scheduleRole : Stack.of(this), "AwsSolutions-IAM5[Resource::<" + Nag.logicalId(function) + ".Arn>:*]",
                    "The scheduler's role may invoke " + props.getFunctionName() + " only; CDK's grantInvoke adds its versions (ARN:*).");
        }

        errors = Alarm.Builder.create(this, "Errors")
                .alarmName(props.getErrorsAlarmName())
                .alarmDescription(props.getErrorsAlarmDescription())
                .metric(function.metricErrors(MetricOptions.builder()
                        .period(props.getErrorsAlarmPeriod()).statistic("Sum").build()))
                .threshold(1)
                .evaluationPeriods(1)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build();
        undelivered = props.getDeadLetterAlarmName() == null ? null : Alarm.Builder.create(this, "DeadLetters")
                .alarmName(props.getDeadLetterAlarmName())
                .alarmDescription(props.getDeadLetterAlarmDescription())
                .metric(deadLetters.metricApproximateNumberOfMessagesVisible(
                        MetricOptions.builder().period(Duration.minutes(5)).statistic("Maximum").build()))
                .threshold(1)
                .evaluationPeriods(1)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build();
    }

    /** The function's role: add what the job needs. */
    public Role role() {
        return role;
    }

    public LogGroup logs() {
        return logs;
    }

    public Function function() {
        return function;
    }

    /** What the schedule invokes: the {@code live} alias with SnapStart, else the function. */
    public IFunction target() {
        return target;
    }

    /** The {@code live} alias, or null without SnapStart. */
    public Alias alias() {
        return alias;
    }

    public Queue deadLetters() {
        return deadLetters;
    }

    public Schedule schedule() {
        return schedule;
    }

    /** The alarm on the function's errors. */
    public Alarm errors() {
        return errors;
    }

    /** The alarm on deliveries that ended in the dead-letter queue, or null without {@code deadLetterAlarmName}. */
    public Alarm undelivered() {
        return undelivered;
    }

    /** The job's alarms: errors, and undeliverable invocations when that alarm is configured. */
    public List<Alarm> alarms() {
        return undelivered == null ? List.of(errors) : List.of(errors, undelivered);
    }
}
