package dev.stocktake.infra.nag;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import java.util.Map;
import software.amazon.awscdk.CfnElement;
import software.amazon.awscdk.PolicyValidationPluginReport;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.Token;
import software.amazon.awscdk.Validations;
import software.constructs.IConstruct;

/** cdk-nag 3 helpers: acknowledgments that always carry a reason, and a direct check of a tree. */
public final class Nag {
    private Nag() {
    }

    /**
     * Acknowledges one cdk-nag finding on a construct and everything under it.
     *
     * <p>Written as node metadata under {@link Validations#ACKNOWLEDGED_RULES_METADATA_KEY}
     * because {@code Validations.acknowledge} rejects finding IDs that contain {@code ::}
     * (e.g. {@code AwsSolutions-IAM5[Resource::*]}); cdk-nag 3 reads both.
     */
    public static void acknowledge(IConstruct scope, String ruleId, String reason) {
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("every cdk-nag acknowledgment needs a reason: " + ruleId);
        }
        scope.getNode().addMetadata(Validations.ACKNOWLEDGED_RULES_METADATA_KEY, Map.of(ruleId, reason));
    }

    /** The logical ID of a construct's CloudFormation resource, as cdk-nag prints it in finding IDs. */
    public static String logicalId(IConstruct construct) {
        Stack stack = Stack.of(construct);
        return (String) stack.resolve(stack.getLogicalId((CfnElement) construct.getNode().getDefaultChild()));
    }

    /** {@code region} as cdk-nag prints it: the value, or {@code <AWS::Region>} for an environment-agnostic stack. */
    public static String region(Stack stack) {
        return Token.isUnresolved(stack.getRegion()) ? "<AWS::Region>" : stack.getRegion();
    }

    /** {@code account} as cdk-nag prints it. */
    public static String account(Stack stack) {
        return Token.isUnresolved(stack.getAccount()) ? "<AWS::AccountId>" : stack.getAccount();
    }

    /** Runs the AwsSolutions pack over a construct tree and returns its report. */
    public static PolicyValidationPluginReport awsSolutions(IConstruct scope) {
        return new AwsSolutionsChecks().validateScope(scope);
    }

    /** Every unacknowledged AwsSolutions finding of {@code scopes}, one line each: rule, construct path, description. */
    public static java.util.List<String> findings(java.util.List<? extends IConstruct> scopes) {
        java.util.List<String> out = new java.util.ArrayList<>();
        for (IConstruct scope : scopes) {
            for (software.amazon.awscdk.PolicyViolation v : awsSolutions(scope).getViolations()) {
                v.getViolatingResources().forEach(r ->
                        out.add(v.getRuleName() + " at " + r.getConstructPath() + ": " + v.getDescription()));
            }
        }
        return out;
    }
}
