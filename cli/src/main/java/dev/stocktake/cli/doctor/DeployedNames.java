package dev.stocktake.cli.doctor;

/**
 * The fixed names the CDK app gives what it deploys (infra-cdk's {@code Names}, {@code ReportingStack},
 * {@code ReportCompaction}, {@code CoverageAlarm}, {@code AccountDirectoryStack}): the doctor looks them up in AWS.
 * The CLI does not depend on infra-cdk (it would bring the CDK onto the CLI's class path), so they are repeated here;
 * they are fixed because stacks in different accounts, and the guardrail SCP, name them.
 */
final class DeployedNames {

    static final String STACK_SET = "stocktake-collector";
    /** The remediation role's StackSet (with {@code remediation.enabled}) and the app's stack that defines it. */
    static final String REMEDIATION_STACK_SET = "stocktake-remediation";
    static final String REMEDIATION_STACK_SET_STACK = "StocktakeRemediationStackSet";
    static final String COLLECTOR_FUNCTION = "stocktake-collector";
    static final String COLLECTOR_LOG_GROUP = "/aws/lambda/" + COLLECTOR_FUNCTION;
    static final String COLLECTOR_SCHEDULE = "stocktake-collector-daily";
    static final String COLLECTOR_DEAD_LETTER_QUEUE = "stocktake-collector-schedule-dlq";
    static final String MANAGEMENT_COLLECTOR_STACK = "StocktakeManagementCollector";
    static final String DIRECTORY_FUNCTION = "stocktake-account-directory";
    static final String NOTIFIER_FUNCTION = "stocktake-notifier";
    static final String COMPACTION_FUNCTION = "stocktake-report-compaction";
    static final String COVERAGE_FUNCTION = "stocktake-coverage-check";
    /** Every alarm the app creates is named {@code stocktake-...}. */
    static final String ALARM_PREFIX = "stocktake-";

    private DeployedNames() {
    }

    static String logGroup(String function) {
        return "/aws/lambda/" + function;
    }

    /** The EventBridge Scheduler schedule of a scheduled function ({@code <function>-daily}). */
    static String schedule(String function) {
        return function + "-daily";
    }

    /** The dead-letter queue of a scheduled function's schedule ({@code <function>-schedule-dlq}). */
    static String deadLetterQueue(String function) {
        return function + "-schedule-dlq";
    }
}
