package dev.stocktake.infra.management;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stocktake.infra.Names;
import dev.stocktake.infra.config.AlertOptions;
import dev.stocktake.infra.config.StocktakeConfig;
import dev.stocktake.infra.member.AlertForwarderStack;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.organizations.CfnPolicy;
import software.constructs.Construct;

/**
 * The guardrail service control policy (management account): in every account of {@code targetOuIds}, nobody but the
 * StackSet execution role ({@code guardrails.exemptPrincipalArns}) may change the collector's and the alert forwarder's
 * roles, the collector function, its schedule, its log group, alarms and dead-letter queue, the two EventBridge rules
 * and the two StackSets' stacks; with {@code remediation.enabled} also the remediation role and its StackSet's stacks,
 * so that a member's administrator can neither widen that role nor add itself to its trust. The account under audit can
 * then no longer edit its auditor; it can still invoke the collector (which only writes a true report) and read everything.
 *
 * <p>When the Identity Center exporter runs in a member account (the Identity Center delegated administrator), the
 * policy also protects its roles, function, schedule, log group, alarm and queue; there the CDK bootstrap's
 * CloudFormation execution role, which deploys {@code StocktakeIdentityCenterExport}, is exempt too.
 *
 * <p>SCPs never apply to the management account nor to service-linked roles; the management account's own collector,
 * forwarder and (by default) Identity Center exporter are protected only by who may act in that account. Every name the policy uses is fixed by the member
 * stacks ({@link Names}, {@link AlertOptions#FORWARDER_ROLE}, {@link AlertForwarderStack#RULE_NAME}). See
 * docs/security.md for the rollout.
 */
public final class GuardrailsStack extends Stack {
    /** The SCP's name in Organizations. */
    public static final String POLICY_NAME = "stocktake-guardrails";
    /** Organizations' limit for a service control policy document. */
    public static final int MAX_POLICY_CHARACTERS = 5120;

    private final CfnPolicy policy;
    private final Map<String, Object> document;

    public GuardrailsStack(Construct scope, String id, StackProps props, StocktakeConfig config) {
        super(scope, id, props);
        document = document(config.guardrails().exemptPrincipalArns(), identityCenterExempt(config),
                config.remediation().enabled());
        String json = compact(document);
        if (json.length() > MAX_POLICY_CHARACTERS) {
            throw new IllegalStateException("The guardrail SCP is " + json.length() + " characters; Organizations takes at most "
                    + MAX_POLICY_CHARACTERS + " (fewer guardrails.exemptPrincipalArns, or wider action patterns)");
        }
        policy = CfnPolicy.Builder.create(this, "Guardrails")
                .name(POLICY_NAME)
                .type("SERVICE_CONTROL_POLICY")
                .description("Stocktake: only the StackSet execution role may change the collector and the alert forwarder")
                .content(document)
                .targetIds(config.guardrails().targetOuIds())
                .build();
    }

    /** The SCP, as it is attached to the target OUs. */
    public CfnPolicy policy() {
        return policy;
    }

    /** The policy document (the template's {@code Content}). */
    public Map<String, Object> document() {
        return document;
    }

    /**
     * Who may still change the Identity Center exporter when it runs in a member account (the Identity Center delegated
     * administrator): {@code exempt} and the CloudFormation execution role of the CDK bootstrap in that account and
     * region, which deploys {@code StocktakeIdentityCenterExport}; null when the exporter is not deployed or runs in the
     * management account, where no SCP applies.
     */
    static List<String> identityCenterExempt(StocktakeConfig config) {
        var options = config.identityCenter();
        if (!options.enabled() || !options.delegatedAdmin()) {
            return null;
        }
        List<String> out = new ArrayList<>(config.guardrails().exemptPrincipalArns());
        out.add("arn:aws:iam::" + options.accountId() + ":role/" + cdkExecutionRole(options.accountId(), options.region()));
        return out;
    }

    /** The CDK bootstrap's CloudFormation execution role (default qualifier), which deploys CDK stacks there. */
    public static String cdkExecutionRole(String account, String region) {
        return "cdk-hnb659fds-cfn-exec-role-" + account + "-" + region;
    }

    /**
     * The policy document: every statement denies, unless the principal is one of {@code exempt}; with
     * {@code identityCenterExempt} (the exporter runs in a delegated administrator) one more statement keeps everyone
     * but those principals from changing the exporter's roles, function, schedule, log group, alarm and queue. With
     * {@code remediation} (remediation.enabled) the remediation role and its StackSet's stacks are protected like the
     * collector's: nobody but {@code exempt} may create, change, widen, pass or delete the role, or change its stack.
     */
    static Map<String, Object> document(List<String> exempt, List<String> identityCenterExempt, boolean remediation) {
        String collectorStacks = "arn:aws:cloudformation:*:*:stack/StackSet-" + Names.STACK_SET + "-*/*";
        String forwarderStacks = "arn:aws:cloudformation:*:*:stack/StackSet-" + AlertForwarderStackSetStack.STACK_SET_NAME + "-*/*";
        String function = "arn:aws:lambda:*:*:function:" + Names.COLLECTOR_FUNCTION;
        String logGroup = "arn:aws:logs:*:*:log-group:" + Names.COLLECTOR_LOG_GROUP;
        List<String> roles = new ArrayList<>(List.of("arn:aws:iam::*:role/" + Names.COLLECTOR_ROLE,
                "arn:aws:iam::*:role/" + Names.COLLECTOR_SCHEDULER_ROLE, "arn:aws:iam::*:role/" + Names.COLLECTOR_ALARM_RULE,
                "arn:aws:iam::*:role/" + AlertOptions.FORWARDER_ROLE));
        List<String> stacks = new ArrayList<>(List.of(collectorStacks, forwarderStacks));
        if (remediation) {
            roles.add("arn:aws:iam::*:role/" + Names.REMEDIATION_ROLE);
            stacks.add("arn:aws:cloudformation:*:*:stack/StackSet-" + Names.REMEDIATION_STACK_SET + "-*/*");
        }
        List<Map<String, Object>> statements = new ArrayList<>();
        statements.add(deny("ProtectStocktakeRoles", List.of(
                        "iam:AttachRolePolicy", "iam:CreateRole", "iam:DeleteRole", "iam:DeleteRolePermissionsBoundary",
                        "iam:DeleteRolePolicy", "iam:DetachRolePolicy", "iam:PassRole", "iam:PutRolePermissionsBoundary",
                        "iam:PutRolePolicy", "iam:TagRole", "iam:UntagRole", "iam:UpdateAssumeRolePolicy", "iam:UpdateRole",
                        "iam:UpdateRoleDescription"),
                roles, exempt));
        statements.add(deny("ProtectStocktakeFunction", List.of(
                        "lambda:AddPermission", "lambda:CreateAlias", "lambda:CreateFunction", "lambda:CreateFunctionUrlConfig",
                        "lambda:Delete*", "lambda:PublishVersion", "lambda:Put*", "lambda:RemovePermission",
                        "lambda:TagResource", "lambda:UntagResource", "lambda:Update*"),
                List.of(function, function + ":*"), exempt));
        statements.add(deny("ProtectStocktakeSchedule", List.of(
                        "scheduler:CreateSchedule", "scheduler:DeleteSchedule", "scheduler:UpdateSchedule",
                        "scheduler:TagResource", "scheduler:UntagResource"),
                List.of("arn:aws:scheduler:*:*:schedule/default/" + Names.COLLECTOR_SCHEDULE), exempt));
        statements.add(deny("ProtectStocktakeRules", List.of(
                        "events:DeleteRule", "events:DisableRule", "events:PutRule", "events:PutTargets",
                        "events:RemoveTargets", "events:TagResource", "events:UntagResource"),
                List.of("arn:aws:events:*:*:rule/" + AlertForwarderStack.RULE_NAME,
                        "arn:aws:events:*:*:rule/" + Names.COLLECTOR_ALARM_RULE),
                exempt));
        statements.add(deny("ProtectStocktakeLogs", List.of(
                        "logs:AssociateKmsKey", "logs:CreateLogGroup", "logs:Delete*", "logs:DisassociateKmsKey",
                        "logs:PutDataProtectionPolicy", "logs:PutRetentionPolicy", "logs:PutSubscriptionFilter",
                        "logs:TagLogGroup", "logs:TagResource", "logs:UntagLogGroup", "logs:UntagResource"),
                List.of(logGroup, logGroup + ":*"), exempt));
        statements.add(deny("ProtectStocktakeAlarmsAndQueue", List.of(
                        "cloudwatch:DeleteAlarms", "cloudwatch:DisableAlarmActions", "cloudwatch:PutMetricAlarm",
                        "cloudwatch:SetAlarmState", "sqs:DeleteQueue", "sqs:PurgeQueue", "sqs:SetQueueAttributes"),
                List.of("arn:aws:cloudwatch:*:*:alarm:" + Names.COLLECTOR_ALARM_PREFIX + "*",
                        "arn:aws:sqs:*:*:" + Names.COLLECTOR_DEAD_LETTER_QUEUE),
                exempt));
        statements.add(deny("ProtectStocktakeStacks", List.of(
                        "cloudformation:CancelUpdateStack", "cloudformation:ContinueUpdateRollback",
                        "cloudformation:CreateChangeSet", "cloudformation:DeleteStack", "cloudformation:ExecuteChangeSet",
                        "cloudformation:SetStackPolicy", "cloudformation:UpdateStack",
                        "cloudformation:UpdateTerminationProtection"),
                stacks, exempt));
        if (identityCenterExempt != null) {
            // One resource pattern for the exporter's roles, function (and its versions), schedule, log group, alarm and
            // queue, all named stocktake-identity-center-export...: the SCP must stay within Organizations' size limit.
            statements.add(deny("ProtectStocktakeIdentityCenterExport", List.of(
                            "iam:Attach*", "iam:CreateRole", "iam:Delete*", "iam:Detach*", "iam:PassRole", "iam:Put*",
                            "iam:Tag*", "iam:Untag*", "iam:Update*",
                            "lambda:AddPermission", "lambda:Create*", "lambda:Delete*", "lambda:PublishVersion", "lambda:Put*",
                            "lambda:RemovePermission", "lambda:TagResource", "lambda:UntagResource", "lambda:Update*",
                            "scheduler:CreateSchedule", "scheduler:DeleteSchedule", "scheduler:UpdateSchedule",
                            "logs:Delete*", "logs:Put*", "logs:AssociateKmsKey", "logs:DisassociateKmsKey",
                            "cloudwatch:DeleteAlarms", "cloudwatch:DisableAlarmActions", "cloudwatch:PutMetricAlarm",
                            "cloudwatch:SetAlarmState", "sqs:DeleteQueue", "sqs:PurgeQueue", "sqs:SetQueueAttributes"),
                    List.of("arn:aws:*:*:*:*" + Names.IDENTITY_CENTER_FUNCTION + "*"),
                    identityCenterExempt));
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("Version", "2012-10-17");
        doc.put("Statement", statements);
        return doc;
    }

    private static Map<String, Object> deny(String sid, List<String> actions, List<String> resources, List<String> exempt) {
        Map<String, Object> statement = new LinkedHashMap<>();
        statement.put("Sid", sid);
        statement.put("Effect", "Deny");
        statement.put("Action", actions);
        statement.put("Resource", resources);
        statement.put("Condition", Map.of("ArnNotLike", Map.of("aws:PrincipalArn", exempt)));
        return statement;
    }

    /** The document without whitespace, as Organizations counts it. */
    public static String compact(Map<String, Object> document) {
        try {
            return new ObjectMapper().writeValueAsString(document);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
