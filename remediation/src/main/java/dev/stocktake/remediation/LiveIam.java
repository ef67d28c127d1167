package dev.stocktake.remediation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKeyMetadata;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.User;

/** Reads the live state of one IAM user in one account (read-only calls). */
final class LiveIam {

    private LiveIam() {
    }

    /** The user, or null when it does not exist. */
    static User user(IamClient iam, String userName) {
        try {
            return iam.getUser(r -> r.userName(userName)).user();
        } catch (NoSuchEntityException e) {
            return null;
        }
    }

    static List<AccessKeyMetadata> accessKeys(IamClient iam, String userName) {
        return iam.listAccessKeysPaginator(r -> r.userName(userName)).accessKeyMetadata().stream().toList();
    }

    /** The login profile, or null when the user has no console password. */
    static UserSnapshot.LoginProfile loginProfile(IamClient iam, String userName) {
        try {
            var profile = iam.getLoginProfile(r -> r.userName(userName)).loginProfile();
            return new UserSnapshot.LoginProfile(profile.createDate(), Boolean.TRUE.equals(profile.passwordResetRequired()));
        } catch (NoSuchEntityException e) {
            return null;
        }
    }

    static boolean hasInlinePolicy(IamClient iam, String userName, String policyName) {
        return iam.listUserPoliciesPaginator(r -> r.userName(userName)).policyNames().stream().anyMatch(policyName::equals);
    }

    /** Everything needed to re-create the user; null when it does not exist. */
    static UserSnapshot snapshot(IamClient iam, String userName) {
        User user = user(iam, userName);
        if (user == null) {
            return null;
        }
        Map<String, String> tags = new LinkedHashMap<>();
        iam.listUserTagsPaginator(r -> r.userName(userName)).tags().forEach(tag -> tags.put(tag.key(), tag.value()));
        List<String> groups = iam.listGroupsForUserPaginator(r -> r.userName(userName)).groups().stream()
                .map(g -> g.groupName()).sorted().toList();
        List<String> attached = iam.listAttachedUserPoliciesPaginator(r -> r.userName(userName)).attachedPolicies().stream()
                .map(p -> p.policyArn()).sorted().toList();
        Map<String, String> inline = new LinkedHashMap<>();
        for (String name : iam.listUserPoliciesPaginator(r -> r.userName(userName)).policyNames().stream().sorted().toList()) {
            inline.put(name, java.net.URLDecoder.decode(iam.getUserPolicy(r -> r.userName(userName).policyName(name)).policyDocument(),
                    java.nio.charset.StandardCharsets.UTF_8));
        }
        List<UserSnapshot.AccessKey> keys = new ArrayList<>();
        for (AccessKeyMetadata key : accessKeys(iam, userName)) {
            var lastUsed = iam.getAccessKeyLastUsed(r -> r.accessKeyId(key.accessKeyId())).accessKeyLastUsed();
            keys.add(new UserSnapshot.AccessKey(key.accessKeyId(), key.statusAsString(), key.createDate(),
                    lastUsed == null ? null : lastUsed.lastUsedDate()));
        }
        List<String> mfa = iam.listMFADevicesPaginator(r -> r.userName(userName)).mfaDevices().stream()
                .map(d -> d.serialNumber()).sorted().toList();
        List<UserSnapshot.SshKey> ssh = new ArrayList<>();
        for (var key : iam.listSSHPublicKeysPaginator(r -> r.userName(userName)).sshPublicKeys()) {
            var full = iam.getSSHPublicKey(r -> r.userName(userName).sshPublicKeyId(key.sshPublicKeyId()).encoding("SSH")).sshPublicKey();
            ssh.add(new UserSnapshot.SshKey(key.sshPublicKeyId(), key.statusAsString(), full.sshPublicKeyBody()));
        }
        List<UserSnapshot.SigningCertificate> certificates = iam.listSigningCertificatesPaginator(r -> r.userName(userName))
                .certificates().stream()
                .map(c -> new UserSnapshot.SigningCertificate(c.certificateId(), c.statusAsString(), c.certificateBody())).toList();
        List<UserSnapshot.ServiceCredential> serviceCredentials = iam.listServiceSpecificCredentials(r -> r.userName(userName))
                .serviceSpecificCredentials().stream()
                .map(c -> new UserSnapshot.ServiceCredential(c.serviceSpecificCredentialId(), c.serviceName(), c.serviceUserName(),
                        c.statusAsString())).toList();
        return new UserSnapshot(user.userName(), user.userId(), user.arn(), user.path(), user.createDate(), user.passwordLastUsed(),
                user.permissionsBoundary() == null ? null : user.permissionsBoundary().permissionsBoundaryArn(), tags, groups,
                attached, inline, loginProfile(iam, userName), keys, mfa, ssh, certificates, serviceCredentials);
    }
}
