package dev.stocktake.infra;

import dev.stocktake.infra.config.StocktakeConfig;

/**
 * Fixed names the accounts agree on. They are fixed (not generated) because the stacks live in
 * different accounts and cannot reference one another: the bucket policy names the collector
 * role, the collector names the org-read role and the bucket.
 */
public final class Names {
    /** The collector's role, the same in every member account. */
    public static final String COLLECTOR_ROLE = "stocktake-collector";
    /** Matches the collector role in any account (used with aws:PrincipalArn). */
    public static final String COLLECTOR_ROLE_ARN_PATTERN = "arn:aws:iam::*:role/" + COLLECTOR_ROLE;
    /** The collector Lambda's name, the same in every member account. */
    public static final String COLLECTOR_FUNCTION = "stocktake-collector";
    /** The collector's daily schedule (group {@code default}). */
    public static final String COLLECTOR_SCHEDULE = "stocktake-collector-daily";
    /** The role EventBridge Scheduler invokes the collector with. */
    public static final String COLLECTOR_SCHEDULER_ROLE = "stocktake-collector-scheduler";
    /**
     * The rule that forwards the collector's alarms to the central bus (with notifications.centralEventBusArn), and
     * the role it forwards with.
     */
    public static final String COLLECTOR_ALARM_RULE = "stocktake-collector-alarm-forwarder";
    /** The collector's alarms are named {@code stocktake-collector-<what>}. */
    public static final String COLLECTOR_ALARM_PREFIX = "stocktake-collector-";
    /** The dead-letter queue of the collector's schedule. */
    public static final String COLLECTOR_DEAD_LETTER_QUEUE = "stocktake-collector-schedule-dlq";
    /** The collector's log group. */
    public static final String COLLECTOR_LOG_GROUP = "/aws/lambda/" + COLLECTOR_FUNCTION;
    /** The role in the management account the collectors assume to call DescribeAccount. */
    public static final String ORG_READ_ROLE = "stocktake-org-read";
    /** The object tag every collector puts on what it writes; its value is the writer's account ID. */
    public static final String ACCOUNT_TAG = "stocktake-account-id";
    /** Where the collector jar lives inside the asset buckets. */
    public static final String ASSET_PREFIX = "collector/";
    /** The StackSet's name. */
    public static final String STACK_SET = "stocktake-collector";
    /** The account-directory job's role in the management account; the central bucket policy names it. */
    public static final String DIRECTORY_ROLE = "stocktake-account-directory";
    /** The account-directory job's Lambda. */
    public static final String DIRECTORY_FUNCTION = "stocktake-account-directory";
    /**
     * The Identity Center exporter's role (management account or the Identity Center delegated administrator); the
     * central bucket policy and the report key policy name it by ARN.
     */
    public static final String IDENTITY_CENTER_ROLE = "stocktake-identity-center-export";
    /** The Identity Center exporter's Lambda. */
    public static final String IDENTITY_CENTER_FUNCTION = "stocktake-identity-center-export";
    /** The Identity Center exporter's log group (named, so the guardrail SCP can name it). */
    public static final String IDENTITY_CENTER_LOG_GROUP = "/aws/lambda/" + IDENTITY_CENTER_FUNCTION;
    /** The Identity Center exporter's daily schedule (group {@code default}). */
    public static final String IDENTITY_CENTER_SCHEDULE = "stocktake-identity-center-export-daily";
    /** The role EventBridge Scheduler invokes the Identity Center exporter with. */
    public static final String IDENTITY_CENTER_SCHEDULER_ROLE = "stocktake-identity-center-export-scheduler";
    /** The dead-letter queue of the Identity Center exporter's schedule. */
    public static final String IDENTITY_CENTER_DEAD_LETTER_QUEUE = "stocktake-identity-center-export-schedule-dlq";
    /** The Identity Center exporter's alarms are named {@code stocktake-identity-center-export-<what>}. */
    public static final String IDENTITY_CENTER_ALARM_PREFIX = "stocktake-identity-center-export-";
    /**
     * The remediation role in every member account ({@code remediation.enabled}); {@code stocktake remediate}'s
     * {@code --role-name} default ({@code Remediation.DEFAULT_ROLE_NAME} of the remediation module) is the same name.
     */
    public static final String REMEDIATION_ROLE = "stocktake-remediation";
    /** The remediation role's inline policy: the IAM user actions of the remediation steps. */
    public static final String REMEDIATION_POLICY = "stocktake-remediation-iam-users";
    /** The remediation role's StackSet (service-managed, its own: the collector's template stays as it is). */
    public static final String REMEDIATION_STACK_SET = "stocktake-remediation";
    /** The remediation StackSet's template stack (synthesized in an app of its own). */
    public static final String REMEDIATION_MEMBER_STACK = "StocktakeRemediationMember";
    /** The session names {@code stocktake remediate} assumes the role with ({@code stocktake-<plan id>}, ...). */
    public static final String REMEDIATION_SESSION_PATTERN = "stocktake-*";
    /** The coverage check's Lambda in the central account. */
    public static final String COVERAGE_FUNCTION = "stocktake-coverage-check";
    /** The coverage metric the check publishes (EMF, namespace {@code Stocktake}, dimension Service). */
    public static final String METRIC_NAMESPACE = "Stocktake";
    /** The coverage check's metrics carry its service name (CoverageCheck.SERVICE in account-directory). */
    public static final String METRIC_SERVICE = COVERAGE_FUNCTION;

    private Names() {
    }

    public static String orgReadRoleArn(StocktakeConfig config) {
        return "arn:aws:iam::" + config.managementAccountId() + ":role/" + ORG_READ_ROLE;
    }

    public static String directoryRoleArn(StocktakeConfig config) {
        return "arn:aws:iam::" + config.managementAccountId() + ":role/" + DIRECTORY_ROLE;
    }

    /** The Identity Center exporter's role in the account it runs in ({@code identityCenter.accountId}). */
    public static String identityCenterRoleArn(StocktakeConfig config) {
        return "arn:aws:iam::" + config.identityCenter().accountId() + ":role/" + IDENTITY_CENTER_ROLE;
    }

    /** The asset bucket of one region, in the StackSet administrator account. */
    public static String assetBucket(String adminAccountId, String region) {
        return "stocktake-collector-assets-" + adminAccountId + "-" + region;
    }
}
