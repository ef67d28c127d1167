package dev.stocktake.infra.management;

import dev.stocktake.infra.Names;
import dev.stocktake.infra.config.StocktakeConfig;
import java.util.List;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.cloudformation.CfnStackSet;
import software.constructs.Construct;

/**
 * The SERVICE_MANAGED StackSet that puts the remediation role ({@code RemediationRoleStack}) into every account of
 * {@code remediation.targetOuIds}, and of every account that joins them later; an account that leaves them loses it.
 * Its own StackSet, so that the collector's template and StackSet stay as they are whether remediation is enabled or
 * not. IAM is global: one region, the collector's. Service-managed StackSets never deploy to the management account,
 * which therefore has no remediation role (docs/remediation.md).
 */
public final class RemediationStackSetStack extends Stack {
    private final CfnStackSet stackSet;

    /** @param templateBody the remediation role's template ({@code RemediationRoleTemplate}) */
    public RemediationStackSetStack(Construct scope, String id, StackProps props, StocktakeConfig config, String templateBody) {
        super(scope, id, props);
        stackSet = OrganizationStackSet.create(this, "RemediationRoles", Names.REMEDIATION_STACK_SET,
                "Stocktake remediation role in every member account, assumed by the operators of remediation.trustedPrincipals",
                config, config.remediation().targetOuIds(), List.of(config.collectorRegions().getFirst()), templateBody);
        CfnOutput.Builder.create(this, "RemediationStackSetName").value(Names.REMEDIATION_STACK_SET).build();
    }

    public CfnStackSet stackSet() {
        return stackSet;
    }
}
