package dev.stocktake.infra.management;

import dev.stocktake.infra.config.AlertOptions;
import dev.stocktake.infra.config.StocktakeConfig;
import java.util.List;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.cloudformation.CfnStackSet;
import software.constructs.Construct;

/**
 * The SERVICE_MANAGED StackSet that puts the alert forwarder into us-east-1 of every account of the target OUs, and of
 * every account that joins them later. A second StackSet rather than conditions in the collector's template: the
 * forwarder belongs in us-east-1 whatever the collector region is, and the collector (fixed role and function names)
 * must not be deployed to a second region. The management account gets the same template as a plain stack.
 */
public final class AlertForwarderStackSetStack extends Stack {
    public static final String STACK_SET_NAME = "stocktake-alert-forwarder";

    private final CfnStackSet stackSet;

    /** @param templateBody the forwarder template ({@code AlertForwarderTemplate}) */
    public AlertForwarderStackSetStack(Construct scope, String id, StackProps props, StocktakeConfig config, String templateBody) {
        super(scope, id, props);
        stackSet = OrganizationStackSet.create(this, "AlertForwarders", STACK_SET_NAME,
                "Stocktake alerts: forwards IAM user and credential changes from us-east-1 of every member account "
                        + "to the central event bus",
                config, List.of(AlertOptions.IAM_EVENTS_REGION), templateBody);
        CfnOutput.Builder.create(this, "AlertForwarderStackSetName").value(STACK_SET_NAME).build();
    }

    public CfnStackSet stackSet() {
        return stackSet;
    }
}
