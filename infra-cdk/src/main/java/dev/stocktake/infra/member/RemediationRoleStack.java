package dev.stocktake.infra.member;

import dev.stocktake.infra.Names;
import dev.stocktake.infra.config.RemediationOptions;
import dev.stocktake.infra.config.StocktakeConfig;
import dev.stocktake.infra.nag.Nag;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.iam.CfnRole;
import software.constructs.Construct;

/**
 * The remediation role of one member account (the template of the {@value Names#REMEDIATION_STACK_SET} StackSet):
 * {@value Names#REMEDIATION_ROLE}, which {@code stocktake remediate plan|apply|undo} assumes with the operator's own
 * credentials.
 *
 * <p>Trust: the accounts of {@code remediation.trustedPrincipals} as {@code Principal}, narrowed to exactly those
 * principals ({@code ArnLike aws:PrincipalArn}: the trust policy stays valid when a named role does not exist yet or is
 * re-created, which a principal named by ARN would not), to principals of the organization
 * ({@code aws:PrincipalOrgID}) and to the session names the CLI uses ({@code stocktake-<plan id>},
 * {@code sts:RoleSessionName}), so CloudTrail shows which plan acted. Sessions last at most one hour.
 *
 * <p>Permissions: exactly the IAM actions of the remediation steps ({@link #USER_ACTIONS}, docs/remediation.md), on
 * the IAM users of its own account ({@code arn:aws:iam::<this account>:user/*}), and {@code iam:RemoveUserFromGroup} on
 * its groups (the Service Authorization Reference gives that action the group as its only resource). No action on a
 * role, a policy, the account or the root user (which is not a {@code user/} resource), nothing outside IAM: the
 * journal is written with the operator's own credentials. IAM has no condition key for an inline policy's name or
 * document ({@code iam:PutUserPolicy} knows only {@code iam:PermissionsBoundary}), so the role can put any inline
 * policy on a user and re-create a login profile: docs/security.md says what that means for whom to trust.
 */
public final class RemediationRoleStack extends Stack {
    /**
     * The IAM actions on users, sorted: reading the live state (plan, every step's check, the snapshot before a
     * deletion), the quarantine and its undo, the deletion steps. The remediation module's {@code Action} enum names
     * the same set (RemediationStacksTest compares them).
     */
    public static final List<String> USER_ACTIONS = List.of(
            "iam:CreateLoginProfile", "iam:DeactivateMFADevice", "iam:DeleteAccessKey", "iam:DeleteLoginProfile",
            "iam:DeleteSSHPublicKey", "iam:DeleteServiceSpecificCredential", "iam:DeleteSigningCertificate",
            "iam:DeleteUser", "iam:DeleteUserPolicy", "iam:DetachUserPolicy", "iam:GetAccessKeyLastUsed",
            "iam:GetLoginProfile", "iam:GetSSHPublicKey", "iam:GetUser", "iam:GetUserPolicy", "iam:ListAccessKeys",
            "iam:ListAttachedUserPolicies", "iam:ListGroupsForUser", "iam:ListMFADevices", "iam:ListSSHPublicKeys",
            "iam:ListServiceSpecificCredentials", "iam:ListSigningCertificates", "iam:ListUserPolicies",
            "iam:ListUserTags", "iam:PutUserPolicy", "iam:UpdateAccessKey");
    /** The actions on groups: leaving a group before a deletion. */
    public static final List<String> GROUP_ACTIONS = List.of("iam:RemoveUserFromGroup");
    /** The longest session: one hour (the CLI refreshes its credentials before they end). */
    public static final int MAX_SESSION_SECONDS = 3600;
    /** IAM's default limit for a role's trust policy (raisable by quota to 4,096). */
    public static final int MAX_TRUST_POLICY_CHARACTERS = 2048;

    private final CfnRole role;

    public RemediationRoleStack(Construct scope, String id, StackProps props, StocktakeConfig config) {
        super(scope, id, props);
        RemediationOptions options = config.remediation();
        if (options.trustedPrincipals().isEmpty()) {
            throw new IllegalArgumentException("the remediation role needs remediation.trustedPrincipals");
        }
        Map<String, Object> trust = trustPolicy(config.organizationId(), options);
        int size = compactLength(trust);
        if (size > MAX_TRUST_POLICY_CHARACTERS) {
            throw new IllegalArgumentException("The remediation role's trust policy would be " + size + " characters; IAM "
                    + "takes " + MAX_TRUST_POLICY_CHARACTERS + " by default: name fewer or shorter "
                    + "remediation.trustedPrincipals (a role the operators share)");
        }
        String account = "arn:" + getPartition() + ":iam::" + getAccount() + ":";
        role = CfnRole.Builder.create(this, "Role")
                .roleName(Names.REMEDIATION_ROLE)
                .description("Stocktake remediation: the IAM user steps of stocktake remediate (quarantine, undo, deletion), "
                        + "assumed by the operators of remediation.trustedPrincipals only")
                .maxSessionDuration(MAX_SESSION_SECONDS)
                .assumeRolePolicyDocument(trust)
                .policies(List.of(CfnRole.PolicyProperty.builder()
                        .policyName(Names.REMEDIATION_POLICY)
                        .policyDocument(Map.of("Version", "2012-10-17", "Statement", List.of(
                                statement("IamUserSteps", USER_ACTIONS, account + "user/*"),
                                statement("LeaveGroups", GROUP_ACTIONS, account + "group/*"))))
                        .build()))
                .build();
        Nag.acknowledge(role, "AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:iam::" + Nag.account(this) + ":user/*]",
                "The remediation steps act on the IAM users the reviewed plan names, which are not known at deploy time; "
                        + "the role is limited to user actions in its own account");
        Nag.acknowledge(role, "AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:iam::" + Nag.account(this) + ":group/*]",
                "Leaving a group names the group, whichever the user belongs to; only iam:RemoveUserFromGroup is allowed there");
    }

    /**
     * The trust policy: the operators' accounts as principals, then {@code aws:PrincipalArn} (exactly the configured
     * ARNs; a {@code *} in one matches like {@code ArnLike}), {@code aws:PrincipalOrgID} and the CLI's session names.
     */
    public static Map<String, Object> trustPolicy(String organizationId, RemediationOptions options) {
        Map<String, Object> statement = new LinkedHashMap<>();
        statement.put("Sid", "StocktakeOperators");
        statement.put("Effect", "Allow");
        statement.put("Principal", Map.of("AWS", options.trustedAccounts().stream()
                .map(a -> "arn:aws:iam::" + a + ":root").toList()));
        statement.put("Action", "sts:AssumeRole");
        Map<String, Object> condition = new LinkedHashMap<>();
        condition.put("ArnLike", Map.of("aws:PrincipalArn", options.trustedPrincipals()));
        condition.put("StringEquals", Map.of("aws:PrincipalOrgID", organizationId));
        condition.put("StringLike", Map.of("sts:RoleSessionName", Names.REMEDIATION_SESSION_PATTERN));
        statement.put("Condition", condition);
        return Map.of("Version", "2012-10-17", "Statement", List.of(statement));
    }

    private static Map<String, Object> statement(String sid, List<String> actions, Object resource) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("Sid", sid);
        s.put("Effect", "Allow");
        s.put("Action", actions);
        s.put("Resource", resource);
        return s;
    }

    private static int compactLength(Map<String, Object> document) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(document).length();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public CfnRole role() {
        return role;
    }
}
