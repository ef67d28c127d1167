package dev.stocktake.infra.management;

import dev.stocktake.infra.Names;
import dev.stocktake.infra.config.StocktakeConfig;
import dev.stocktake.infra.nag.Nag;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.iam.AnyPrincipal;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.constructs.Construct;

/**
 * The management account's org-read role: the collectors assume it to turn their account ID into
 * the account's name with {@code organizations:DescribeAccount}, and it can do nothing else.
 */
public final class OrgReadStack extends Stack {
    private final Role role;

    public OrgReadStack(Construct scope, String id, StackProps props, StocktakeConfig config) {
        super(scope, id, props);
        role = Role.Builder.create(this, "OrgRead")
                .roleName(Names.ORG_READ_ROLE)
                .description("Stocktake: lets the collectors of this organization read their own account's name")
                .maxSessionDuration(Duration.hours(1))
                .assumedBy(new AnyPrincipal().withConditions(Map.of(
                        // The session name must be the caller's own account (what the collector uses), so
                        // CloudTrail in the management account tells truthfully which account asked.
                        "StringEquals", Map.of("aws:PrincipalOrgID", config.organizationId(),
                                "sts:RoleSessionName", "stocktake-${aws:PrincipalAccount}"),
                        "ArnLike", Map.of("aws:PrincipalArn", Names.COLLECTOR_ROLE_ARN_PATTERN))))
                .build();
        String accounts = "arn:" + getPartition() + ":organizations::" + config.managementAccountId()
                + ":account/" + config.organizationId() + "/*";
        role.addToPolicy(PolicyStatement.Builder.create()
                .sid("DescribeAccountOnly")
                .actions(List.of("organizations:DescribeAccount"))
                .resources(List.of(accounts))
                .build());
        Nag.acknowledge(role, "AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:organizations::"
                        + config.managementAccountId() + ":account/" + config.organizationId() + "/*]",
                "Any account of this organization may run a collector; the grant is DescribeAccount on this organization's accounts only.");
    }

    public Role role() {
        return role;
    }
}
