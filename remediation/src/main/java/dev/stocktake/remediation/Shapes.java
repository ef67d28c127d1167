package dev.stocktake.remediation;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The comparable outline of a user's snapshot: what a deletion plan expects to find (no times, no bodies). */
final class Shapes {

    private Shapes() {
    }

    static Map<String, String> of(UserSnapshot s) {
        Map<String, String> shape = new LinkedHashMap<>();
        if (s == null) {
            shape.put("user", "absent");
            return shape;
        }
        shape.put("user", "present");
        shape.put("user_id", s.userId());
        shape.put("login_profile", s.loginProfile() == null ? "absent" : "present");
        shape.put("access_keys", join(s.accessKeys().stream().map(k -> k.accessKeyId() + ":" + k.status()).toList()));
        shape.put("groups", join(s.groups()));
        shape.put("attached_policies", join(s.attachedPolicies()));
        shape.put("inline_policies", join(List.copyOf(s.inlinePolicies().keySet())));
        shape.put("mfa_devices", join(s.mfaDevices()));
        shape.put("ssh_public_keys", join(s.sshPublicKeys().stream().map(UserSnapshot.SshKey::sshPublicKeyId).toList()));
        shape.put("signing_certificates", join(s.signingCertificates().stream().map(UserSnapshot.SigningCertificate::certificateId).toList()));
        shape.put("service_specific_credentials", join(s.serviceSpecificCredentials().stream()
                .map(UserSnapshot.ServiceCredential::serviceSpecificCredentialId).toList()));
        return shape;
    }

    private static String join(List<String> values) {
        return values.stream().sorted().collect(Collectors.joining(","));
    }
}
