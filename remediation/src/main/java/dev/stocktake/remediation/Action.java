package dev.stocktake.remediation;

import java.util.List;

/**
 * What one step of a plan does to one IAM user, and the IAM actions the remediation role needs for it (reading the
 * live state before the step included). Quarantine steps are reversible ({@code stocktake remediate undo}); deletion
 * steps are not, which is why a deletion plan snapshots the user first.
 */
public enum Action {
    /** Sets ONE access key Inactive (never "all keys": cloud-custodian#5583). Undo: Active again. */
    DEACTIVATE_ACCESS_KEY("deactivate-key", true, List.of("iam:ListAccessKeys", "iam:UpdateAccessKey")),
    /** Deletes the console password, recording the login profile's settings. Undo: a new profile, reset required. */
    DELETE_LOGIN_PROFILE("delete-password", true, List.of("iam:GetLoginProfile", "iam:DeleteLoginProfile", "iam:CreateLoginProfile")),
    /** Puts the inline deny-all policy {@value Remediation#DENY_POLICY_NAME}. Undo: deletes it. */
    ATTACH_DENY_POLICY("deny-all", true, List.of("iam:GetUserPolicy", "iam:PutUserPolicy", "iam:DeleteUserPolicy")),

    /** Reads everything needed to re-create the user and stores it in the journal (first step of a deletion). */
    SNAPSHOT_USER("snapshot", false, List.of("iam:GetUser", "iam:ListGroupsForUser", "iam:ListAttachedUserPolicies",
            "iam:ListUserPolicies", "iam:GetUserPolicy", "iam:ListUserTags", "iam:ListMFADevices", "iam:ListSSHPublicKeys",
            "iam:GetSSHPublicKey", "iam:ListSigningCertificates", "iam:ListServiceSpecificCredentials", "iam:ListAccessKeys",
            "iam:GetAccessKeyLastUsed", "iam:GetLoginProfile")),
    DELETE_ACCESS_KEY("delete-key", false, List.of("iam:ListAccessKeys", "iam:DeleteAccessKey")),
    DELETE_SIGNING_CERTIFICATE("delete-certificate", false, List.of("iam:ListSigningCertificates", "iam:DeleteSigningCertificate")),
    DELETE_SSH_PUBLIC_KEY("delete-ssh-key", false, List.of("iam:ListSSHPublicKeys", "iam:DeleteSSHPublicKey")),
    DELETE_SERVICE_SPECIFIC_CREDENTIAL("delete-service-credential", false,
            List.of("iam:ListServiceSpecificCredentials", "iam:DeleteServiceSpecificCredential")),
    DEACTIVATE_MFA_DEVICE("deactivate-mfa", false, List.of("iam:ListMFADevices", "iam:DeactivateMFADevice")),
    DELETE_INLINE_POLICY("delete-inline-policy", false, List.of("iam:ListUserPolicies", "iam:DeleteUserPolicy")),
    DETACH_MANAGED_POLICY("detach-policy", false, List.of("iam:ListAttachedUserPolicies", "iam:DetachUserPolicy")),
    REMOVE_FROM_GROUP("leave-group", false, List.of("iam:ListGroupsForUser", "iam:RemoveUserFromGroup")),
    DELETE_USER("delete-user", false, List.of("iam:GetUser", "iam:DeleteUser"));

    private final String slug;
    private final boolean reversible;
    private final List<String> iamActions;

    Action(String slug, boolean reversible, List<String> iamActions) {
        this.slug = slug;
        this.reversible = reversible;
        this.iamActions = iamActions;
    }

    /** The short name in step IDs, e.g. {@code deactivate-key}. */
    public String slug() {
        return slug;
    }

    public boolean reversible() {
        return reversible;
    }

    /** The IAM actions the remediation role needs for this step, on {@code arn:aws:iam::<account>:user/*} only. */
    public List<String> iamActions() {
        return iamActions;
    }

    /** Whether the step needs a target (a key ID, a policy name, ...). */
    public boolean needsTarget() {
        return switch (this) {
            case DELETE_LOGIN_PROFILE, ATTACH_DENY_POLICY, SNAPSHOT_USER, DELETE_USER -> false;
            default -> true;
        };
    }
}
