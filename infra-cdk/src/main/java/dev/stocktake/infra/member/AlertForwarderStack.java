package dev.stocktake.infra.member;

import dev.stocktake.infra.config.AlertOptions;
import dev.stocktake.infra.config.StocktakeConfig;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.events.EventBus;
import software.amazon.awscdk.services.events.EventPattern;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.targets.EventBusProps;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.constructs.Construct;

/**
 * What every account runs in us-east-1 for the real-time alerts (the alert forwarder StackSet's template, and a plain
 * stack for the management account): an EventBridge rule on the default bus matching IAM's user and credential
 * changes as CloudTrail delivers them, forwarding each to the central bus with a role that may only
 * {@code events:PutEvents} on that bus. IAM is global: its CloudTrail events reach EventBridge in us-east-1 only,
 * and only when a trail records management events (an organization trail; see docs/alerts.md).
 */
public final class AlertForwarderStack extends Stack {
    /** The forwarding rule on the default bus; the guardrail SCP names it. */
    public static final String RULE_NAME = "stocktake-alert-forwarder";

    private final Rule rule;
    private final Role role;

    public AlertForwarderStack(Construct scope, String id, StackProps props, StocktakeConfig config) {
        super(scope, id, props);
        String busArn = config.alerts().eventBusArn(config);
        role = Role.Builder.create(this, "Role")
                .roleName(AlertOptions.FORWARDER_ROLE)
                .assumedBy(new ServicePrincipal("events.amazonaws.com"))
                .description("Stocktake alerts: forwards this account's IAM user and credential changes to the central event bus")
                .build();
        // the EventBus target grants the role events:PutEvents on the central bus, and nothing else
        rule = Rule.Builder.create(this, "Rule")
                .ruleName(RULE_NAME)
                .description("Stocktake alerts: IAM user, password, access key and MFA changes to the central event bus")
                .eventPattern(pattern())
                .build();
        rule.addTarget(new software.amazon.awscdk.services.events.targets.EventBus(
                EventBus.fromEventBusArn(this, "CentralBus", busArn),
                EventBusProps.builder().role(role).build()));
    }

    /**
     * The events the alerts cover: {@code source aws.iam}, detail-type "AWS API Call via CloudTrail", event source
     * {@code iam.amazonaws.com} and the nine calls. The central rule uses the same pattern.
     */
    public static EventPattern pattern() {
        return EventPattern.builder()
                .source(List.of("aws.iam"))
                .detailType(List.of("AWS API Call via CloudTrail"))
                .detail(Map.of(
                        "eventSource", List.of("iam.amazonaws.com"),
                        "eventName", EVENT_NAMES))
                .build();
    }

    /** The nine IAM calls (the notifier's {@code IamChange}). */
    public static final List<String> EVENT_NAMES = List.of("CreateUser", "DeleteUser", "CreateLoginProfile",
            "UpdateLoginProfile", "DeleteLoginProfile", "CreateAccessKey", "UpdateAccessKey", "DeleteAccessKey",
            "DeactivateMFADevice");

    public Rule rule() {
        return rule;
    }

    public Role role() {
        return role;
    }
}
