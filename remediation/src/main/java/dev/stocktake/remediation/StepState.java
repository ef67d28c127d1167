package dev.stocktake.remediation;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;

import software.amazon.awssdk.services.iam.IamClient;

/**
 * The live state a step looks at: read from IAM before the step, compared with what the plan expects (drift) and
 * recorded in the journal as the state before it.
 */
record StepState(Map<String, String> values, UserSnapshot snapshot) {

    static StepState read(IamClient iam, Plan.User user, Plan.Step step) {
        String name = user.userName();
        Map<String, String> values = new LinkedHashMap<>();
        UserSnapshot snapshot = null;
        switch (step.action()) {
            case DEACTIVATE_ACCESS_KEY, DELETE_ACCESS_KEY -> values.put("status", LiveIam.accessKeys(iam, name).stream()
                    .filter(k -> k.accessKeyId().equals(step.target())).map(k -> k.statusAsString()).findFirst().orElse("absent"));
            case DELETE_LOGIN_PROFILE -> {
                var profile = LiveIam.loginProfile(iam, name);
                values.put("login_profile", profile == null ? "absent" : "present");
                if (profile != null) {
                    values.put("password_reset_required", Boolean.toString(profile.passwordResetRequired()));
                    values.put("created_at", String.valueOf(profile.createdAt()));
                }
            }
            case ATTACH_DENY_POLICY -> values.put("deny_policy",
                    LiveIam.hasInlinePolicy(iam, name, Remediation.DENY_POLICY_NAME) ? "present" : "absent");
            case SNAPSHOT_USER -> {
                snapshot = LiveIam.snapshot(iam, name);
                values.putAll(Shapes.of(snapshot));
            }
            case DELETE_SIGNING_CERTIFICATE -> values.put("present", Boolean.toString(iam.listSigningCertificates(r -> r.userName(name))
                    .certificates().stream().anyMatch(c -> c.certificateId().equals(step.target()))));
            case DELETE_SSH_PUBLIC_KEY -> values.put("present", Boolean.toString(iam.listSSHPublicKeys(r -> r.userName(name))
                    .sshPublicKeys().stream().anyMatch(c -> c.sshPublicKeyId().equals(step.target()))));
            case DELETE_SERVICE_SPECIFIC_CREDENTIAL -> values.put("present", Boolean.toString(iam.listServiceSpecificCredentials(
                    r -> r.userName(name)).serviceSpecificCredentials().stream()
                    .anyMatch(c -> c.serviceSpecificCredentialId().equals(step.target()))));
            case DEACTIVATE_MFA_DEVICE -> values.put("present", Boolean.toString(iam.listMFADevices(r -> r.userName(name))
                    .mfaDevices().stream().anyMatch(d -> d.serialNumber().equals(step.target()))));
            case DELETE_INLINE_POLICY -> values.put("present", Boolean.toString(LiveIam.hasInlinePolicy(iam, name, step.target())));
            case DETACH_MANAGED_POLICY -> values.put("present", Boolean.toString(iam.listAttachedUserPolicies(r -> r.userName(name))
                    .attachedPolicies().stream().anyMatch(p -> p.policyArn().equals(step.target()))));
            case REMOVE_FROM_GROUP -> values.put("present", Boolean.toString(iam.listGroupsForUser(r -> r.userName(name))
                    .groups().stream().anyMatch(g -> g.groupName().equals(step.target()))));
            case DELETE_USER -> values.put("user", LiveIam.user(iam, name) == null ? "absent" : "present");
        }
        return new StepState(values, snapshot);
    }

    /** The state before the step matches what the plan expects (created_at is recorded, not compared). */
    static boolean matches(Plan.Step step, StepState state) {
        return step.expected().entrySet().stream().allMatch(e -> e.getValue().equals(state.values().get(e.getKey())));
    }

    /** The step's action has taken effect (used to finish a step an earlier run started, and by undo). */
    static boolean reached(Plan.Step step, StepState state) {
        Map<String, String> v = state.values();
        return switch (step.action()) {
            case DEACTIVATE_ACCESS_KEY -> "Inactive".equals(v.get("status"));
            case DELETE_ACCESS_KEY -> "absent".equals(v.get("status"));
            case DELETE_LOGIN_PROFILE -> "absent".equals(v.get("login_profile"));
            case ATTACH_DENY_POLICY -> "present".equals(v.get("deny_policy"));
            case SNAPSHOT_USER -> false; // reading again is harmless: the snapshot step is simply run again
            case DELETE_USER -> "absent".equals(v.get("user"));
            default -> "false".equals(v.get("present"));
        };
    }

    String summary() {
        return values.entrySet().stream().filter(e -> !e.getKey().equals("created_at"))
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", ", "{", "}"));
    }

    JsonNode asJson() {
        return snapshot != null ? Json.MAPPER.valueToTree(snapshot) : Json.MAPPER.valueToTree(values);
    }
}
