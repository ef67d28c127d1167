package dev.stocktake.infra.management;

import dev.stocktake.infra.Names;
import dev.stocktake.infra.config.StocktakeConfig;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.cloudformation.CfnStackSet;
import software.constructs.Construct;

/**
 * The SERVICE_MANAGED StackSet that puts the collector into every account of the target OUs, and
 * into every account that joins them later (automatic deployment). Service-managed StackSets never
 * deploy to the management account: it gets the same template as a plain stack instead.
 */
public final class StackSetStack extends Stack {
    /** CloudFormation's limit for an inline StackSet template. */
    static final int MAX_TEMPLATE_BODY_BYTES = 51_200;

    private final CfnStackSet stackSet;

    /** @param templateBody the member template ({@code MemberTemplate}) */
    public StackSetStack(Construct scope, String id, StackProps props, StocktakeConfig config, String templateBody) {
        super(scope, id, props);
        int size = templateBody.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        if (size > MAX_TEMPLATE_BODY_BYTES) {
            throw new IllegalArgumentException("The member template is " + size + " bytes; a StackSet's TemplateBody "
                    + "takes at most " + MAX_TEMPLATE_BODY_BYTES + " (upload it and use TemplateURL instead)");
        }
        stackSet = CfnStackSet.Builder.create(this, "Collectors")
                .stackSetName(Names.STACK_SET)
                .description("Stocktake collector in every member account: daily IAM credential report to the central bucket")
                .permissionModel("SERVICE_MANAGED")
                .callAs(config.stackSet().callAs().name())
                .autoDeployment(CfnStackSet.AutoDeploymentProperty.builder()
                        .enabled(true)
                        .retainStacksOnAccountRemoval(false)
                        .build())
                // Untyped in the L1 (jsii would write "active"): CloudFormation wants "Active".
                .managedExecution(Map.of("Active", true))
                .capabilities(List.of("CAPABILITY_NAMED_IAM"))
                .operationPreferences(CfnStackSet.OperationPreferencesProperty.builder()
                        .regionConcurrencyType("PARALLEL")
                        .failureTolerancePercentage(config.stackSet().failureTolerancePercentage())
                        .maxConcurrentPercentage(config.stackSet().maxConcurrentPercentage())
                        .build())
                .stackInstancesGroup(List.of(CfnStackSet.StackInstancesProperty.builder()
                        .deploymentTargets(CfnStackSet.DeploymentTargetsProperty.builder()
                                .organizationalUnitIds(config.targetOuIds())
                                .build())
                        .regions(config.collectorRegions())
                        .build()))
                .templateBody(templateBody)
                .build();
        CfnOutput.Builder.create(this, "StackSetName").value(Names.STACK_SET).build();
    }

    public CfnStackSet stackSet() {
        return stackSet;
    }
}
