package dev.stocktake.infra.management;

import dev.stocktake.infra.Names;
import dev.stocktake.infra.config.StocktakeConfig;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.cloudformation.CfnStackSet;
import software.constructs.Construct;

/** The StackSet that puts the collector into every account of the target OUs ({@link OrganizationStackSet}). */
public final class StackSetStack extends Stack {
    private final CfnStackSet stackSet;

    /** @param templateBody the member template ({@code MemberTemplate}) */
    public StackSetStack(Construct scope, String id, StackProps props, StocktakeConfig config, String templateBody) {
        super(scope, id, props);
        stackSet = OrganizationStackSet.create(this, "Collectors", Names.STACK_SET,
                "Stocktake collector in every member account: daily IAM credential report to the central bucket",
                config, config.collectorRegions(), templateBody);
        CfnOutput.Builder.create(this, "StackSetName").value(Names.STACK_SET).build();
    }

    public CfnStackSet stackSet() {
        return stackSet;
    }
}
