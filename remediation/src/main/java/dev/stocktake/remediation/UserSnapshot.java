package dev.stocktake.remediation;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Everything about an IAM user that re-creating it needs, as IAM returned it (no secret: IAM never returns key
 * secrets or passwords). Stored in the journal before a deletion.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record UserSnapshot(String userName, String userId, String arn, String path, Instant createdAt,
                           Instant passwordLastUsed, String permissionsBoundary, Map<String, String> tags,
                           List<String> groups, List<String> attachedPolicies, Map<String, String> inlinePolicies,
                           LoginProfile loginProfile, List<AccessKey> accessKeys, List<String> mfaDevices,
                           List<SshKey> sshPublicKeys, List<SigningCertificate> signingCertificates,
                           List<ServiceCredential> serviceSpecificCredentials) {

    public record LoginProfile(Instant createdAt, boolean passwordResetRequired) {
    }

    public record AccessKey(String accessKeyId, String status, Instant createdAt, Instant lastUsed) {
    }

    public record SshKey(String sshPublicKeyId, String status, String body) {
    }

    public record SigningCertificate(String certificateId, String status, String body) {
    }

    public record ServiceCredential(String serviceSpecificCredentialId, String serviceName, String serviceUserName,
                                    String status) {
    }

    /** The latest use of the password or any access key, or null when never used. */
    public Instant lastUsed() {
        Instant last = passwordLastUsed;
        for (AccessKey key : accessKeys) {
            if (key.lastUsed() != null && (last == null || key.lastUsed().isAfter(last))) {
                last = key.lastUsed();
            }
        }
        return last;
    }
}
