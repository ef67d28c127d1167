package dev.stocktake.infra;

import dev.stocktake.infra.central.AlertsStack;
import dev.stocktake.infra.config.AlertOptions;
import dev.stocktake.infra.config.StocktakeConfig;
import dev.stocktake.infra.management.AlertForwarderStackSetStack;
import dev.stocktake.infra.member.AlertForwarderStack;
import dev.stocktake.infra.member.AlertForwarderTemplate;
import dev.stocktake.infra.nag.Nag;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.constructs.IConstruct;

/**
 * The real-time alerts' stacks (IAM user and credential changes, as they happen), defined when {@code alerts.enabled} is true:
 *
 * <ol>
 *   <li>{@code StocktakeAlerts} (central account and region): the event bus, its organization-only policy, the queue,
 *       the alert Lambda, the dedupe table, the alarms</li>
 *   <li>{@code StocktakeAlertForwarderStackSet} (StackSet administrator): the forwarder in us-east-1 of every member
 *       account, by a second service-managed StackSet</li>
 *   <li>{@code StocktakeManagementAlertForwarder} (management account, us-east-1): the same forwarder, as StackSets
 *       never deploy to the management account</li>
 * </ol>
 *
 * @param member the StackSet's template, synthesized in its own app
 */
public record AlertStacks(AlertsStack central, AlertForwarderStackSetStack stackSet, AlertForwarderStack managementForwarder,
                          AlertForwarderTemplate member) {
    public static final String ALERTS = "StocktakeAlerts";
    public static final String FORWARDER_STACK_SET = "StocktakeAlertForwarderStackSet";
    public static final String MANAGEMENT_FORWARDER = "StocktakeManagementAlertForwarder";

    public List<Stack> all() {
        return List.of(central, stackSet, managementForwarder);
    }

    /**
     * Defines the alert stacks in {@code app}, or returns {@code null} when the config does not enable the alerts.
     *
     * @param notifierJar  the notifier's shaded jar ({@link RepoPaths#notifierJar()})
     * @param memberOutdir where the forwarder template's own app is synthesized
     */
    public static AlertStacks define(App app, StocktakeConfig config, Path notifierJar, Path memberOutdir) {
        if (!config.alerts().enabled()) {
            return null;
        }
        AlertsStack central = new AlertsStack(app, ALERTS, StackEnv.of(config.centralAccountId(), config.centralRegion(),
                "Stocktake real-time alerts: central event bus, queue, alert Lambda"), config, notifierJar);
        AlertForwarderTemplate member = AlertForwarderTemplate.synthesize(config, memberOutdir);
        AlertForwarderStackSetStack stackSet = new AlertForwarderStackSetStack(app, FORWARDER_STACK_SET,
                StackEnv.of(config.stackSet().adminAccountId(), config.collectorRegions().getFirst(),
                        "Stocktake alert forwarder StackSet (service-managed, us-east-1 of every member account)"),
                config, member.templateBody());
        stackSet.addDependency(central);
        AlertForwarderStack management = new AlertForwarderStack(app, MANAGEMENT_FORWARDER,
                StackEnv.of(config.managementAccountId(), AlertOptions.IAM_EVENTS_REGION,
                        "Stocktake alert forwarder of the management account (StackSets never deploy there)"), config);
        management.addDependency(central);
        return new AlertStacks(central, stackSet, management, member);
    }

    /** Every unacknowledged AwsSolutions finding of the alert stacks and of the forwarder template. */
    public List<String> nagFindings() {
        List<IConstruct> scopes = new ArrayList<>(all());
        scopes.add(member.stack());
        return Nag.findings(scopes);
    }

}
