package dev.stocktake.remediation;

import java.security.SecureRandom;

import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.StatusType;

/** What each step does to the user in IAM, and what its undo does. */
final class StepActions {

    private StepActions() {
    }

    /** What undoing a quarantine step does, in words. */
    static String undoDescription(Plan.Step step) {
        return switch (step.action()) {
            case DEACTIVATE_ACCESS_KEY -> "reactivate access key " + step.target();
            case DELETE_LOGIN_PROFILE -> "create a new login profile (password reset required; the old password cannot come back)";
            case ATTACH_DENY_POLICY -> "remove the inline policy " + Remediation.DENY_POLICY_NAME;
            default -> throw new IllegalStateException(step.action() + " cannot be undone");
        };
    }

    /** Runs the step's action on the user. */
    static void act(IamClient iam, Plan.User user, Plan.Step step) {
        String name = user.userName();
        switch (step.action()) {
            case DEACTIVATE_ACCESS_KEY -> iam.updateAccessKey(r -> r.userName(name).accessKeyId(step.target()).status(StatusType.INACTIVE));
            case DELETE_LOGIN_PROFILE -> iam.deleteLoginProfile(r -> r.userName(name));
            case ATTACH_DENY_POLICY -> iam.putUserPolicy(r -> r.userName(name).policyName(Remediation.DENY_POLICY_NAME)
                    .policyDocument(Remediation.DENY_POLICY_DOCUMENT));
            case SNAPSHOT_USER -> { } // the snapshot is the record's state before
            case DELETE_ACCESS_KEY -> iam.deleteAccessKey(r -> r.userName(name).accessKeyId(step.target()));
            case DELETE_SIGNING_CERTIFICATE -> iam.deleteSigningCertificate(r -> r.userName(name).certificateId(step.target()));
            case DELETE_SSH_PUBLIC_KEY -> iam.deleteSSHPublicKey(r -> r.userName(name).sshPublicKeyId(step.target()));
            case DELETE_SERVICE_SPECIFIC_CREDENTIAL -> iam.deleteServiceSpecificCredential(r -> r.userName(name)
                    .serviceSpecificCredentialId(step.target()));
            case DEACTIVATE_MFA_DEVICE -> iam.deactivateMFADevice(r -> r.userName(name).serialNumber(step.target()));
            case DELETE_INLINE_POLICY -> iam.deleteUserPolicy(r -> r.userName(name).policyName(step.target()));
            case DETACH_MANAGED_POLICY -> iam.detachUserPolicy(r -> r.userName(name).policyArn(step.target()));
            case REMOVE_FROM_GROUP -> iam.removeUserFromGroup(r -> r.userName(name).groupName(step.target()));
            case DELETE_USER -> iam.deleteUser(r -> r.userName(name));
        }
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    /** Reverses a quarantine step's action on the user. */
    static void undoAct(IamClient iam, Plan.User user, Plan.Step step) {
        String name = user.userName();
        switch (step.action()) {
            case DEACTIVATE_ACCESS_KEY -> iam.updateAccessKey(r -> r.userName(name).accessKeyId(step.target()).status(StatusType.ACTIVE));
            case DELETE_LOGIN_PROFILE -> iam.createLoginProfile(r -> r.userName(name).password(unknowablePassword())
                    .passwordResetRequired(true));
            case ATTACH_DENY_POLICY -> iam.deleteUserPolicy(r -> r.userName(name).policyName(Remediation.DENY_POLICY_NAME));
            default -> throw new IllegalStateException(step.action() + " cannot be undone");
        }
    }

    /** 40 random characters of four classes (any password policy up to 40), never printed nor stored. */
    private static String unknowablePassword() {
        String[] classes = {"ABCDEFGHJKLMNPQRSTUVWXYZ", "abcdefghijkmnopqrstuvwxyz", "23456789", "!@#$%^&*()-_=+"};
        StringBuilder password = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            String chars = classes[i % classes.length];
            password.append(chars.charAt(RANDOM.nextInt(chars.length())));
        }
        return password.toString();
    }
}
