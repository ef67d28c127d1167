package dev.stocktake.infra.management;

import dev.stocktake.infra.Names;
import dev.stocktake.infra.config.StocktakeConfig;
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
 * The management account's org-read role: the collectors assume it to turn their account ID into the account's name
 * with {@code organizations:DescribeAccount}, and it can do nothing else, and only for the caller's own account.
 *
 * <p>Inside the role's session, {@code aws:PrincipalAccount} is the management account (the session belongs to this
 * role), so the permission cannot name the caller's account through it. The caller's account is carried into the
 * session as its <em>source identity</em> instead: the trust policy lets a collector in, and set the source identity,
 * only when the source identity is its own account ID ({@code sts:SourceIdentity = ${aws:PrincipalAccount}}, evaluated
 * while the caller is still the collector); the source identity cannot change for the life of the session, and the
 * permission names the account {@code account/<organization>/${aws:SourceIdentity}}. A collector therefore
 * learns its own account's name and nothing about any other account (no names, no e-mail addresses). See
 * docs/security.md for the references.
 */
public final class OrgReadStack extends Stack {
    private final Role role;

    public OrgReadStack(Construct scope, String id, StackProps props, StocktakeConfig config) {
        super(scope, id, props);
        // The session name and the source identity must be the caller's own account (what the collector uses):
        // CloudTrail in the management account tells truthfully which account asked, and the permission below is
        // bound to that account.
        Map<String, Object> callerIsACollectorOfItsOwnAccount = Map.of(
                "StringEquals", Map.of("aws:PrincipalOrgID", config.organizationId(),
                        "sts:RoleSessionName", "stocktake-${aws:PrincipalAccount}",
                        "sts:SourceIdentity", "${aws:PrincipalAccount}"),
                "ArnLike", Map.of("aws:PrincipalArn", Names.COLLECTOR_ROLE_ARN_PATTERN));
        role = Role.Builder.create(this, "OrgRead")
                .roleName(Names.ORG_READ_ROLE)
                .description("Stocktake: lets the collectors of this organization read their own account's name")
                .maxSessionDuration(Duration.hours(1))
                .assumedBy(new AnyPrincipal().withConditions(callerIsACollectorOfItsOwnAccount))
                .build();
        // AssumeRole with a source identity also needs sts:SetSourceIdentity, under the same conditions.
        role.getAssumeRolePolicy().addStatements(PolicyStatement.Builder.create()
                .principals(List.of(new AnyPrincipal()))
                .actions(List.of("sts:SetSourceIdentity"))
                .conditions(callerIsACollectorOfItsOwnAccount)
                .build());
        String ownAccount = "arn:" + getPartition() + ":organizations::" + config.managementAccountId()
                + ":account/" + config.organizationId() + "/${aws:SourceIdentity}";
        role.addToPolicy(PolicyStatement.Builder.create()
                .sid("DescribeOwnAccountOnly")
                .actions(List.of("organizations:DescribeAccount"))
                .resources(List.of(ownAccount))
                .build());
    }

    public Role role() {
        return role;
    }
}
