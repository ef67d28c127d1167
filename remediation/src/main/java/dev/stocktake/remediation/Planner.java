package dev.stocktake.remediation;

import java.io.PrintWriter;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.stocktake.remediation.JournalRecord.Phase;
import software.amazon.awssdk.services.iam.IamClient;

/**
 * Makes plans. A quarantine plan from the migration verdicts (one {@link Candidate} per IAM user, from
 * {@code migration_status}) and the live state read through the remediation role (the access key IDs and the login
 * profile's settings are not in the reports); a deletion plan from a quarantine plan, its journal, the reports since
 * the quarantine and the live state. Users that must not be touched are left out, each with the reason printed.
 */
public final class Planner {

    /** One IAM user with its verdict, from {@code migration_status} on the data day. */
    public record Candidate(String accountId, String accountName, String userName, String arn, String verdict, String owner,
                            String ownerSource, String allowlistStatus, String action, Map<String, String> evidence) {
    }

    /** The latest use of any of the user's credentials in the daily reports from {@code fromDay} on, or null. */
    @FunctionalInterface
    public interface ReportUsage {
        Instant lastUse(String accountId, String userName, LocalDate fromDay);
    }

    private static final DateTimeFormatter ID_DAY = DateTimeFormatter.ofPattern("yyyyMMdd");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final AccountClients accounts;
    private final Clock clock;
    private final PrintWriter out;

    public Planner(AccountClients accounts, Clock clock, PrintWriter out) {
        this.accounts = accounts;
        this.clock = clock;
        this.out = out;
    }

    public Plan quarantine(List<Candidate> candidates, String data, LocalDate dataDay) {
        Instant now = clock.instant();
        List<Plan.User> users = new ArrayList<>();
        int seq = 0;
        for (Candidate c : candidates) {
            String skip = Remediation.ROOT_USER.equals(c.userName()) ? "the root user is never remediated"
                    : "allowed".equals(c.allowlistStatus()) || "allowlisted".equals(c.verdict()) ? "allowlisted"
                    : !Remediation.REMOVABLE_VERDICTS.contains(c.verdict()) ? "verdict " + c.verdict() + " is not removable"
                    : null;
            if (skip != null) {
                out.printf("  left out %s in %s: %s%n", c.userName(), c.accountId(), skip);
                continue;
            }
            IamClient iam = accounts.iam(c.accountId());
            if (LiveIam.user(iam, c.userName()) == null) {
                out.printf("  left out %s in %s: the user does not exist any more%n", c.userName(), c.accountId());
                continue;
            }
            List<Plan.Step> steps = new ArrayList<>();
            for (var key : LiveIam.accessKeys(iam, c.userName())) {
                if ("Active".equals(key.statusAsString())) {
                    steps.add(new Plan.Step(id(++seq, Action.DEACTIVATE_ACCESS_KEY), Action.DEACTIVATE_ACCESS_KEY, key.accessKeyId(),
                            Map.of("status", "Active"), "deactivate access key " + key.accessKeyId() + " (this key only)"));
                }
            }
            var profile = LiveIam.loginProfile(iam, c.userName());
            if (profile != null) {
                steps.add(new Plan.Step(id(++seq, Action.DELETE_LOGIN_PROFILE), Action.DELETE_LOGIN_PROFILE, null,
                        Map.of("login_profile", "present", "password_reset_required", Boolean.toString(profile.passwordResetRequired())),
                        "delete the console password (login profile created " + profile.createdAt() + ", password reset required "
                                + profile.passwordResetRequired() + "; the password itself cannot come back)"));
            }
            if (!LiveIam.hasInlinePolicy(iam, c.userName(), Remediation.DENY_POLICY_NAME)) {
                steps.add(new Plan.Step(id(++seq, Action.ATTACH_DENY_POLICY), Action.ATTACH_DENY_POLICY, null,
                        Map.of("deny_policy", "absent"), "put the inline deny-all policy " + Remediation.DENY_POLICY_NAME));
            } else {
                out.printf("  left out %s in %s: already quarantined (%s is there)%n", c.userName(), c.accountId(), Remediation.DENY_POLICY_NAME);
                continue;
            }
            users.add(new Plan.User(c.accountId(), c.accountName(), c.userName(), c.arn(), c.verdict(), c.owner(), c.ownerSource(),
                    c.action(), c.evidence(), null, null, steps));
        }
        return new Plan(Plan.FORMAT, planId('q', now), Plan.Kind.QUARANTINE, now, accounts.operatorArn(), data, dataDay, null, null,
                Remediation.QUARANTINE_NOTES, users);
    }

    /**
     * A deletion plan for the users of {@code quarantine} whose quarantine is complete in the journal (and not undone),
     * at least {@code watchDays} old, with no use since in the reports nor in IAM.
     */
    public Plan delete(Plan quarantine, Journal journal, int watchDays, ReportUsage usage, String data, LocalDate dataDay) {
        if (quarantine.kind() != Plan.Kind.QUARANTINE) {
            throw new IllegalArgumentException("plan " + quarantine.planId() + " is not a quarantine plan: a deletion plan "
                    + "starts from the quarantine plan its users went through");
        }
        Instant now = clock.instant();
        List<JournalRecord> records = journal.records(quarantine.planId());
        Map<String, Set<Phase>> phases = Remediator.phases(records);
        List<Plan.User> users = new ArrayList<>();
        int seq = 0;
        for (Plan.User q : quarantine.users()) {
            String who = q.userName() + " in " + q.accountId();
            boolean complete = q.steps().stream().allMatch(s -> phases.getOrDefault(s.id(), Set.of()).contains(Phase.DONE));
            boolean undone = q.steps().stream().anyMatch(s -> phases.getOrDefault(s.id(), Set.of()).contains(Phase.UNDONE));
            if (!complete || undone) {
                out.printf("  left out %s: %s%n", who, undone ? "its quarantine was undone" : "its quarantine is not complete in the journal");
                continue;
            }
            Instant quarantinedAt = records.stream()
                    .filter(r -> r.phase() == Phase.DONE && q.steps().stream().anyMatch(s -> s.id().equals(r.stepId())))
                    .map(JournalRecord::at).max(Instant::compareTo).orElseThrow();
            long days = Duration.between(quarantinedAt, now).toDays();
            if (days < watchDays) {
                out.printf("  left out %s: quarantined %d day(s) ago, the watch window is %d days (%d to go)%n", who, days, watchDays,
                        watchDays - days);
                continue;
            }
            Instant reported = usage.lastUse(q.accountId(), q.userName(), LocalDate.ofInstant(quarantinedAt, ZoneOffset.UTC));
            if (reported != null && reported.isAfter(quarantinedAt)) {
                out.printf("  REFUSED (used_since_quarantine) %s: the reports show a credential used at %s, after the "
                        + "quarantine at %s: find out who still needs it%n", who, reported, quarantinedAt);
                continue;
            }
            IamClient iam = accounts.iam(q.accountId());
            UserSnapshot snapshot = LiveIam.snapshot(iam, q.userName());
            if (snapshot == null) {
                out.printf("  left out %s: the user does not exist any more%n", who);
                continue;
            }
            if (snapshot.lastUsed() != null && snapshot.lastUsed().isAfter(quarantinedAt)) {
                out.printf("  REFUSED (used_since_quarantine) %s: IAM shows a credential used at %s, after the quarantine at %s%n",
                        who, snapshot.lastUsed(), quarantinedAt);
                continue;
            }
            String drift = snapshot.loginProfile() != null ? "a console password was created again"
                    : snapshot.accessKeys().stream().anyMatch(k -> "Active".equals(k.status())) ? "an access key is active again"
                    : !snapshot.inlinePolicies().containsKey(Remediation.DENY_POLICY_NAME) ? "the deny-all policy was removed"
                    : null;
            if (drift != null) {
                out.printf("  REFUSED (drift) %s: %s since the quarantine; undo or quarantine it again first%n", who, drift);
                continue;
            }
            List<Plan.Step> steps = new ArrayList<>();
            steps.add(new Plan.Step(id(++seq, Action.SNAPSHOT_USER), Action.SNAPSHOT_USER, null, Shapes.of(snapshot),
                    "store everything needed to re-create the user in the journal (no secret: key secrets cannot be restored)"));
            for (var key : snapshot.accessKeys()) {
                steps.add(step(++seq, Action.DELETE_ACCESS_KEY, key.accessKeyId(), Map.of("status", key.status()),
                        "delete access key " + key.accessKeyId() + " (its secret cannot be restored)"));
            }
            for (var cert : snapshot.signingCertificates()) {
                steps.add(present(++seq, Action.DELETE_SIGNING_CERTIFICATE, cert.certificateId(), "delete signing certificate "));
            }
            for (var ssh : snapshot.sshPublicKeys()) {
                steps.add(present(++seq, Action.DELETE_SSH_PUBLIC_KEY, ssh.sshPublicKeyId(), "delete SSH public key "));
            }
            for (var credential : snapshot.serviceSpecificCredentials()) {
                steps.add(present(++seq, Action.DELETE_SERVICE_SPECIFIC_CREDENTIAL, credential.serviceSpecificCredentialId(),
                        "delete the " + credential.serviceName() + " credential "));
            }
            for (String serial : snapshot.mfaDevices()) {
                steps.add(present(++seq, Action.DEACTIVATE_MFA_DEVICE, serial, "deactivate MFA device "));
            }
            for (String arn : snapshot.attachedPolicies()) {
                steps.add(present(++seq, Action.DETACH_MANAGED_POLICY, arn, "detach managed policy "));
            }
            for (String group : snapshot.groups()) {
                steps.add(present(++seq, Action.REMOVE_FROM_GROUP, group, "remove from group "));
            }
            for (String policy : snapshot.inlinePolicies().keySet()) {
                if (!policy.equals(Remediation.DENY_POLICY_NAME)) {
                    steps.add(present(++seq, Action.DELETE_INLINE_POLICY, policy, "delete inline policy "));
                }
            }
            steps.add(present(++seq, Action.DELETE_INLINE_POLICY, Remediation.DENY_POLICY_NAME, "delete (last) inline policy "));
            steps.add(step(++seq, Action.DELETE_USER, null, Map.of("user", "present"), "delete the IAM user " + q.userName()));
            Map<String, String> evidence = new LinkedHashMap<>(q.evidence() == null ? Map.of() : q.evidence());
            evidence.put("quarantine_plan", quarantine.planId());
            evidence.put("last_used_in_reports", String.valueOf(reported));
            evidence.put("last_used_in_iam", String.valueOf(snapshot.lastUsed()));
            users.add(new Plan.User(q.accountId(), q.accountName(), q.userName(), q.arn(), q.verdict(), q.owner(), q.ownerSource(),
                    "quarantined " + days + " days ago without any use since; " + q.why(), evidence, quarantinedAt, snapshot, steps));
        }
        return new Plan(Plan.FORMAT, planId('d', now), Plan.Kind.DELETE, now, accounts.operatorArn(), data, dataDay,
                quarantine.planId(), watchDays, Remediation.DELETE_NOTES, users);
    }

    private static Plan.Step present(int seq, Action action, String target, String description) {
        return step(seq, action, target, Map.of("present", "true"), description + target);
    }

    private static Plan.Step step(int seq, Action action, String target, Map<String, String> expected, String description) {
        return new Plan.Step(id(seq, action), action, target, expected, description);
    }

    private static String id(int seq, Action action) {
        return String.format("%03d-%s", seq, action.slug());
    }

    static String planId(char kind, Instant now) {
        byte[] random = new byte[3];
        RANDOM.nextBytes(random);
        return kind + "-" + ID_DAY.format(now.atOffset(ZoneOffset.UTC)) + "-" + HexFormat.of().formatHex(random);
    }
}
