package dev.stocktake.infra.central;

import dev.stocktake.infra.LogRetention;
import dev.stocktake.infra.nag.Nag;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.TimeZone;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.IKey;
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
import software.amazon.awscdk.services.scheduler.ScheduleTargetInput;
import software.amazon.awscdk.services.scheduler.targets.LambdaInvoke;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;

/**
 * A Java 25 Lambda that EventBridge Scheduler runs on a schedule, with what every such Stocktake job has: its own role
 * (only the log statement; the caller adds what the job needs through {@link #role()}), a log group with retention,
 * arm64, optionally SnapStart behind a {@code live} alias, a schedule with bounded retries and an encrypted
 * dead-letter queue, and two alarms: the function's errors and undeliverable invocations.
 */
public final class ScheduledJavaFunction extends Construct {

    /**
     * What differs between the jobs.
     *
     * @param functionName        the Lambda's name (also its log group's, {@code /aws/lambda/<name>})
     * @param description         the function's and its role's description
     * @param handler             {@code class::method}
     * @param jar                 the shaded jar
     * @param memoryMb            memory
     * @param timeout             timeout
     * @param environment         environment variables
     * @param environmentKey      the KMS key that encrypts the environment, or null for Lambda's own key
     * @param logRetentionDays    a CloudWatch Logs retention value
     * @param snapStart           SnapStart on a published version, invoked through the {@code live} alias
     * @param scheduleName        the schedule's name
     * @param scheduleDescription the schedule's description
     * @param scheduleExpression  {@code cron(...)} or {@code rate(...)}
     * @param timeZone            the schedule's IANA time zone
     * @param retryAttempts       the scheduler's retries of a failed delivery
     * @param maxEventAge         how long the scheduler keeps retrying
     * @param deadLetterQueueName the schedule's dead-letter queue
     * @param alarmPrefix         the alarms are {@code <prefix>-errors} and {@code <prefix>-dead-letters}
     * @param errorsDescription   what an error of this job means, for the errors alarm
     */
    public record Props(String functionName, String description, String handler, Path jar, int memoryMb, Duration timeout,
                        Map<String, String> environment, IKey environmentKey, int logRetentionDays, boolean snapStart,
                        String scheduleName, String scheduleDescription, String scheduleExpression, String timeZone,
                        int retryAttempts, Duration maxEventAge, String deadLetterQueueName, String alarmPrefix,
                        String errorsDescription) {
        public Props {
            Objects.requireNonNull(functionName, "functionName");
            Objects.requireNonNull(handler, "handler");
            Objects.requireNonNull(jar, "jar");
            Objects.requireNonNull(scheduleExpression, "scheduleExpression");
            environment = Map.copyOf(environment);
        }
    }

    private final Role role;
    private final LogGroup logs;
    private final Function function;
    private final IFunction target;
    private final Queue deadLetters;
    private final Schedule schedule;
    private final Alarm errors;
    private final Alarm undelivered;

    public ScheduledJavaFunction(Construct scope, String id, Props props) {
        super(scope, id);
        logs = LogGroup.Builder.create(this, "Logs")
                .logGroupName("/aws/lambda/" + props.functionName())
                .retention(LogRetention.of(props.logRetentionDays()))
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();

        role = Role.Builder.create(this, "Role")
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .description(props.description())
                .build();
        role.addToPolicy(PolicyStatement.Builder.create()
                .sid("Logs")
                .actions(List.of("logs:CreateLogStream", "logs:PutLogEvents"))
                .resources(List.of(logs.getLogGroupArn()))
                .build());

        Function.Builder builder = Function.Builder.create(this, "Function")
                .functionName(props.functionName())
                .description(props.description())
                .runtime(Runtime.JAVA_25)
                .architecture(Architecture.ARM_64)
                .handler(props.handler())
                .code(Code.fromAsset(props.jar().toString()))
                .memorySize(props.memoryMb())
                .timeout(props.timeout())
                .environment(props.environment())
                .role(role)
                .logGroup(logs);
        if (props.environmentKey() != null) {
            builder.environmentEncryption(props.environmentKey());
        }
        if (props.snapStart()) {
            builder.snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS);
        }
        function = builder.build();
        if (props.snapStart()) {
            // The alias publishes a version (SnapStart's snapshot is taken of it) and is what the schedule invokes.
            Annotations.of(function).acknowledgeWarning("@aws-cdk/aws-lambda:snapStartRequirePublish",
                    "The function is invoked only through the 'live' alias of its current published version.");
            target = Alias.Builder.create(this, "Live")
                    .aliasName("live")
                    .version(function.getCurrentVersion())
                    .build();
        } else {
            target = function;
        }

        deadLetters = Queue.Builder.create(this, "ScheduleDeadLetters")
                .queueName(props.deadLetterQueueName())
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true)
                .retentionPeriod(Duration.days(14))
                .build();
        Nag.acknowledge(deadLetters, "AwsSolutions-SQS3", "This queue is itself the dead-letter queue of the "
                + props.functionName() + " schedule.");

        schedule = Schedule.Builder.create(this, "Schedule")
                .scheduleName(props.scheduleName())
                .description(props.scheduleDescription())
                .schedule(ScheduleExpression.expression(props.scheduleExpression(), TimeZone.of(props.timeZone())))
                .target(LambdaInvoke.Builder.create(target)
                        // an explicit {}: every Stocktake job reads an empty event as "the scheduled run", and the
                        // scheduler's own default payload is not documented
                        .input(ScheduleTargetInput.fromObject(Map.of()))
                        .retryAttempts(props.retryAttempts())
                        .maxEventAge(props.maxEventAge())
                        .deadLetterQueue(deadLetters)
                        .build())
                .build();
        if (!props.snapStart()) {
            // The schedule's role is a stack-level singleton CDK creates; the finding ID names this function only.
            Nag.acknowledge(Stack.of(this), "AwsSolutions-IAM5[Resource::<" + Nag.logicalId(function) + ".Arn>:*]",
                    "The scheduler's role may invoke " + props.functionName() + " only; CDK's grantInvoke adds its versions (ARN:*).");
        }

        errors = Alarm.Builder.create(this, "Errors")
                .alarmName(props.alarmPrefix() + "-errors")
                .alarmDescription(props.errorsDescription())
                .metric(function.metricErrors(MetricOptions.builder().period(Duration.hours(1)).statistic("Sum").build()))
                .threshold(1)
                .evaluationPeriods(1)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build();
        undelivered = Alarm.Builder.create(this, "DeadLetters")
                .alarmName(props.alarmPrefix() + "-dead-letters")
                .alarmDescription("The schedule could not invoke " + props.functionName() + " (see the dead-letter queue "
                        + props.deadLetterQueueName() + ")")
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

    public Queue deadLetters() {
        return deadLetters;
    }

    public Schedule schedule() {
        return schedule;
    }

    public Alarm errors() {
        return errors;
    }

    public Alarm undelivered() {
        return undelivered;
    }
}
