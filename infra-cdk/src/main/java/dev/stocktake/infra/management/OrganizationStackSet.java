package dev.stocktake.infra.management;

import dev.stocktake.infra.config.StocktakeConfig;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.services.cloudformation.CfnStackSet;
import software.constructs.Construct;

/**
 * A SERVICE_MANAGED StackSet over the configured target OUs with automatic deployment: every account of those OUs,
 * and every account that joins them later, gets the template; an account that leaves loses it. Service-managed
 * StackSets never deploy to the management account: it gets the same template as a plain stack instead.
 */
final class OrganizationStackSet {
    /** CloudFormation's limit for an inline StackSet template. */
    static final int MAX_TEMPLATE_BODY_BYTES = 51_200;

    private OrganizationStackSet() {
    }

    /** The StackSet {@code name} with {@code templateBody} in {@code regions}; fails synth when the template is too big to inline. */
    static CfnStackSet create(Construct scope, String id, String name, String description, StocktakeConfig config,
                              List<String> regions, String templateBody) {
        return create(scope, id, name, description, config, config.targetOuIds(), regions, templateBody);
    }

    /** The StackSet {@code name} over {@code ouIds} (rather than the top-level {@code targetOuIds}). */
    static CfnStackSet create(Construct scope, String id, String name, String description, StocktakeConfig config,
                              List<String> ouIds, List<String> regions, String templateBody) {
        int size = templateBody.getBytes(StandardCharsets.UTF_8).length;
        if (size > MAX_TEMPLATE_BODY_BYTES) {
            throw new IllegalArgumentException("The template of StackSet " + name + " is " + size + " bytes; a StackSet's "
                    + "TemplateBody takes at most " + MAX_TEMPLATE_BODY_BYTES + " (upload it and use TemplateURL instead)");
        }
        return CfnStackSet.Builder.create(scope, id)
                .stackSetName(name)
                .description(description)
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
                                .organizationalUnitIds(ouIds)
                                .build())
                        .regions(regions)
                        .build()))
                .templateBody(templateBody)
                .build();
    }
}
