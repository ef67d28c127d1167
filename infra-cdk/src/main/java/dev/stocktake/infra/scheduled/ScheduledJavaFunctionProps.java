package dev.stocktake.infra.scheduled;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.scheduler.ScheduleTargetInput;

/**
 * What differs between Stocktake's scheduled Java functions. Read-only; built with {@link #builder()}, which fails
 * with a message naming the property when one is missing or two do not go together.
 */
public final class ScheduledJavaFunctionProps {
    private final String functionName;
    private final String description;
    private final String handler;
    private final Path jar;
    private final RetentionDays logRetention;
    private final String roleName;
    private final String roleDescription;
    private final int memorySize;
    private final Duration timeout;
    private final Map<String, String> environment;
    private final IKey environmentKey;
    private final boolean snapStart;
    private final Integer reservedConcurrency;
    private final String scheduleName;
    private final String scheduleRoleName;
    private final String scheduleDescription;
    private final String scheduleExpression;
    private final String timeZone;
    private final Duration flexibleWindow;
    private final ScheduleTargetInput scheduleInput;
    private final int retryAttempts;
    private final Duration maxEventAge;
    private final String deadLetterQueueName;
    private final String errorsAlarmName;
    private final String errorsAlarmDescription;
    private final Duration errorsAlarmPeriod;
    private final String deadLetterAlarmName;
    private final String deadLetterAlarmDescription;

    private ScheduledJavaFunctionProps(Builder b) {
        functionName = b.functionName;
        description = b.description;
        handler = b.handler;
        jar = b.jar;
        logRetention = b.logRetention;
        roleName = b.roleName;
        roleDescription = b.roleDescription != null ? b.roleDescription : b.description;
        memorySize = b.memorySize;
        timeout = b.timeout;
        environment = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(b.environment));
        environmentKey = b.environmentKey;
        snapStart = b.snapStart;
        reservedConcurrency = b.reservedConcurrency;
        scheduleName = b.scheduleName;
        scheduleRoleName = b.scheduleRoleName;
        scheduleDescription = b.scheduleDescription;
        scheduleExpression = b.scheduleExpression;
        timeZone = b.timeZone;
        flexibleWindow = b.flexibleWindow;
        scheduleInput = b.scheduleInput;
        retryAttempts = b.retryAttempts;
        maxEventAge = b.maxEventAge;
        deadLetterQueueName = b.deadLetterQueueName;
        errorsAlarmName = b.errorsAlarmName;
        errorsAlarmDescription = b.errorsAlarmDescription;
        errorsAlarmPeriod = b.errorsAlarmPeriod;
        deadLetterAlarmName = b.deadLetterAlarmName;
        deadLetterAlarmDescription = b.deadLetterAlarmDescription != null ? b.deadLetterAlarmDescription
                : "The schedule could not invoke " + b.functionName + " (see the dead-letter queue " + b.deadLetterQueueName + ")";
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The Lambda's name, also its log group's ({@code /aws/lambda/<name>}). Required. */
    public String getFunctionName() {
        return functionName;
    }

    /** The function's description. Required. */
    public String getDescription() {
        return description;
    }

    /** {@code class::method}. Required. */
    public String getHandler() {
        return handler;
    }

    /** The shaded jar. Required. */
    public Path getJar() {
        return jar;
    }

    /** How long the function's log group keeps events. Required. */
    public RetentionDays getLogRetention() {
        return logRetention;
    }

    /** The role's name. Default: null, a name CloudFormation generates (give one when another account's policy names the role). */
    public String getRoleName() {
        return roleName;
    }

    /** The role's description. Default: the function's description. */
    public String getRoleDescription() {
        return roleDescription;
    }

    /** Memory in MB. Default: 512. */
    public int getMemorySize() {
        return memorySize;
    }

    /** Default: 5 minutes. */
    public Duration getTimeout() {
        return timeout;
    }

    /** Environment variables, in the order given. Default: none. */
    public Map<String, String> getEnvironment() {
        return environment;
    }

    /** The KMS key that encrypts the environment. Default: null, Lambda's own key. */
    public IKey getEnvironmentKey() {
        return environmentKey;
    }

    /** SnapStart on a published version, which the schedule invokes through the {@code live} alias. Default: false. */
    public boolean isSnapStart() {
        return snapStart;
    }

    /** Reserved concurrent executions. Default: null, unreserved. */
    public Integer getReservedConcurrency() {
        return reservedConcurrency;
    }

    /** The schedule's name. Required. */
    public String getScheduleName() {
        return scheduleName;
    }

    /**
     * The name of the role the schedule invokes the function with. Default: null, the stack-wide role CDK creates with
     * a generated name. A fixed name lets a policy outside the stack (the guardrail SCP) name the role.
     */
    public String getScheduleRoleName() {
        return scheduleRoleName;
    }

    /** The schedule's description. Required. */
    public String getScheduleDescription() {
        return scheduleDescription;
    }

    /** {@code cron(...)} or {@code rate(...)}. Required. */
    public String getScheduleExpression() {
        return scheduleExpression;
    }

    /** The schedule's IANA time zone. Required. */
    public String getTimeZone() {
        return timeZone;
    }

    /** The schedule's flexible time window. Default: null, the window is off (the schedule fires on time). */
    public Duration getFlexibleWindow() {
        return flexibleWindow;
    }

    /** What the schedule sends the function. Default: null, no input (the scheduler's own payload). */
    public ScheduleTargetInput getScheduleInput() {
        return scheduleInput;
    }

    /** The scheduler's retries of a failed delivery. Default: 2. */
    public int getRetryAttempts() {
        return retryAttempts;
    }

    /** How long the scheduler keeps retrying. Default: 2 hours. */
    public Duration getMaxEventAge() {
        return maxEventAge;
    }

    /** The schedule's dead-letter queue. Required. */
    public String getDeadLetterQueueName() {
        return deadLetterQueueName;
    }

    /** The alarm on the function's errors. Required. */
    public String getErrorsAlarmName() {
        return errorsAlarmName;
    }

    /** What an error of this job means. Required. */
    public String getErrorsAlarmDescription() {
        return errorsAlarmDescription;
    }

    /** The period over which the errors alarm sums the function's errors. Default: 1 hour. */
    public Duration getErrorsAlarmPeriod() {
        return errorsAlarmPeriod;
    }

    /** The alarm on undeliverable invocations (messages in the dead-letter queue). Default: null, no such alarm. */
    public String getDeadLetterAlarmName() {
        return deadLetterAlarmName;
    }

    /**
     * The dead-letter alarm's description. Default: "The schedule could not invoke &lt;function&gt; (see the
     * dead-letter queue &lt;queue&gt;)".
     */
    public String getDeadLetterAlarmDescription() {
        return deadLetterAlarmDescription;
    }

    public static final class Builder {
        private String functionName;
        private String description;
        private String handler;
        private Path jar;
        private RetentionDays logRetention;
        private String roleName;
        private String roleDescription;
        private int memorySize = 512;
        private Duration timeout = Duration.minutes(5);
        private Map<String, String> environment = Map.of();
        private IKey environmentKey;
        private boolean snapStart;
        private Integer reservedConcurrency;
        private String scheduleName;
        private String scheduleRoleName;
        private String scheduleDescription;
        private String scheduleExpression;
        private String timeZone;
        private Duration flexibleWindow;
        private ScheduleTargetInput scheduleInput;
        private int retryAttempts = 2;
        private Duration maxEventAge = Duration.hours(2);
        private String deadLetterQueueName;
        private String errorsAlarmName;
        private String errorsAlarmDescription;
        private Duration errorsAlarmPeriod = Duration.hours(1);
        private String deadLetterAlarmName;
        private String deadLetterAlarmDescription;

        private Builder() {
        }

        public Builder functionName(String functionName) {
            this.functionName = functionName;
            return this;
        }

        public Builder description(String description) {
            this.description = description;
            return this;
        }

        public Builder handler(String handler) {
            this.handler = handler;
            return this;
        }

        public Builder jar(Path jar) {
            this.jar = jar;
            return this;
        }

        public Builder logRetention(RetentionDays logRetention) {
            this.logRetention = logRetention;
            return this;
        }

        public Builder roleName(String roleName) {
            this.roleName = roleName;
            return this;
        }

        public Builder roleDescription(String roleDescription) {
            this.roleDescription = roleDescription;
            return this;
        }

        public Builder memorySize(int memorySize) {
            this.memorySize = memorySize;
            return this;
        }

        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        public Builder environment(Map<String, String> environment) {
            this.environment = Objects.requireNonNull(environment, "environment");
            return this;
        }

        public Builder environmentKey(IKey environmentKey) {
            this.environmentKey = environmentKey;
            return this;
        }

        public Builder snapStart(boolean snapStart) {
            this.snapStart = snapStart;
            return this;
        }

        public Builder reservedConcurrency(Integer reservedConcurrency) {
            this.reservedConcurrency = reservedConcurrency;
            return this;
        }

        public Builder scheduleName(String scheduleName) {
            this.scheduleName = scheduleName;
            return this;
        }

        public Builder scheduleRoleName(String scheduleRoleName) {
            this.scheduleRoleName = scheduleRoleName;
            return this;
        }

        public Builder scheduleDescription(String scheduleDescription) {
            this.scheduleDescription = scheduleDescription;
            return this;
        }

        public Builder scheduleExpression(String scheduleExpression) {
            this.scheduleExpression = scheduleExpression;
            return this;
        }

        public Builder timeZone(String timeZone) {
            this.timeZone = timeZone;
            return this;
        }

        public Builder flexibleWindow(Duration flexibleWindow) {
            this.flexibleWindow = flexibleWindow;
            return this;
        }

        public Builder scheduleInput(ScheduleTargetInput scheduleInput) {
            this.scheduleInput = scheduleInput;
            return this;
        }

        public Builder retryAttempts(int retryAttempts) {
            this.retryAttempts = retryAttempts;
            return this;
        }

        public Builder maxEventAge(Duration maxEventAge) {
            this.maxEventAge = maxEventAge;
            return this;
        }

        public Builder deadLetterQueueName(String deadLetterQueueName) {
            this.deadLetterQueueName = deadLetterQueueName;
            return this;
        }

        public Builder errorsAlarmName(String errorsAlarmName) {
            this.errorsAlarmName = errorsAlarmName;
            return this;
        }

        public Builder errorsAlarmDescription(String errorsAlarmDescription) {
            this.errorsAlarmDescription = errorsAlarmDescription;
            return this;
        }

        public Builder errorsAlarmPeriod(Duration errorsAlarmPeriod) {
            this.errorsAlarmPeriod = errorsAlarmPeriod;
            return this;
        }

        public Builder deadLetterAlarmName(String deadLetterAlarmName) {
            this.deadLetterAlarmName = deadLetterAlarmName;
            return this;
        }

        public Builder deadLetterAlarmDescription(String deadLetterAlarmDescription) {
            this.deadLetterAlarmDescription = deadLetterAlarmDescription;
            return this;
        }

        /** The props; throws {@link IllegalArgumentException} naming what is missing or does not go together. */
        public ScheduledJavaFunctionProps build() {
            String job = functionName != null ? functionName : "a scheduled function";
            require("functionName", functionName, job);
            require("description", description, job);
            require("handler", handler, job);
            require("jar", jar, job);
            require("logRetention", logRetention, job);
            require("scheduleName", scheduleName, job);
            require("scheduleDescription", scheduleDescription, job);
            require("scheduleExpression", scheduleExpression, job);
            require("timeZone", timeZone, job);
            require("deadLetterQueueName", deadLetterQueueName, job);
            require("errorsAlarmName", errorsAlarmName, job);
            require("errorsAlarmDescription", errorsAlarmDescription, job);
            require("timeout", timeout, job);
            require("maxEventAge", maxEventAge, job);
            require("errorsAlarmPeriod", errorsAlarmPeriod, job);
            if (memorySize < 128 || memorySize > 10_240) {
                throw invalid(job, "memorySize must be 128 to 10240 MB, not " + memorySize);
            }
            if (seconds(timeout) < 1 || seconds(timeout) > 900) {
                throw invalid(job, "timeout must be 1 second to 15 minutes, not " + timeout.toHumanString());
            }
            if (environmentKey != null && environment.isEmpty()) {
                throw invalid(job, "environmentKey is set but there is no environment to encrypt");
            }
            if (reservedConcurrency != null && reservedConcurrency < 1) {
                throw invalid(job, "reservedConcurrency must be at least 1 (0 would never run the job), not " + reservedConcurrency);
            }
            if (flexibleWindow != null && (seconds(flexibleWindow) < 60 || seconds(flexibleWindow) > 86_400)) {
                throw invalid(job, "flexibleWindow must be 1 to 1440 minutes, not " + flexibleWindow.toHumanString());
            }
            if (retryAttempts < 0 || retryAttempts > 185) {
                throw invalid(job, "retryAttempts must be 0 to 185 (EventBridge Scheduler's limits), not " + retryAttempts);
            }
            if (seconds(maxEventAge) < 60 || seconds(maxEventAge) > 86_400) {
                throw invalid(job, "maxEventAge must be 1 minute to 24 hours (EventBridge Scheduler's limits), not "
                        + maxEventAge.toHumanString());
            }
            if (deadLetterAlarmDescription != null && deadLetterAlarmName == null) {
                throw invalid(job, "deadLetterAlarmDescription is set without deadLetterAlarmName (the alarm it would describe)");
            }
            return new ScheduledJavaFunctionProps(this);
        }

        private static double seconds(Duration d) {
            return d.toSeconds().doubleValue();
        }

        private static void require(String name, Object value, String job) {
            if (value == null || value instanceof String s && s.isBlank()) {
                throw invalid(job, name + " is required");
            }
        }

        private static IllegalArgumentException invalid(String job, String message) {
            return new IllegalArgumentException(job + ": " + message);
        }
    }
}
