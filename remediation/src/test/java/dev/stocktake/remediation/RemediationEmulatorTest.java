package dev.stocktake.remediation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import dev.stocktake.allowlist.Allowlist;
import dev.stocktake.emulator.Emulator;
import dev.stocktake.emulator.EmulatorOrganization;
import dev.stocktake.emulator.EmulatorOrganization.MemberAccount;
import dev.stocktake.emulator.FaultInjectingProxy;
import dev.stocktake.emulator.FaultInjectingProxy.Fault;
import dev.stocktake.emulator.junit.EmulatorExtension;
import dev.stocktake.remediation.JournalRecord.Phase;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Plan, apply, undo, delete, every refusal and the resume after a failure, against the emulator with three member
 * accounts (alpha and beta in the directory, gamma outside it), through the remediation role assumed in each.
 */
@ExtendWith(EmulatorExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RemediationEmulatorTest {

    private static final String BUCKET = "stocktake-central";
    private static final LocalDate DATA_DAY = LocalDate.of(2026, 12, 2);

    private EmulatorOrganization org;
    private MemberAccount alpha;
    private MemberAccount beta;
    private MemberAccount gamma;
    private S3Client s3;
    private final StringWriter output = new StringWriter();
    private final PrintWriter out = new PrintWriter(output, true);

    @BeforeAll
    void organization(Emulator emulator) {
        org = EmulatorOrganization.create(emulator.endpoint());
        alpha = org.createAccount("alpha");
        beta = org.createAccount("beta");
        gamma = org.createAccount("gamma");
        org.createBucket(BUCKET);
        s3 = org.s3();
        s3.putObject(r -> r.bucket(BUCKET).key("accounts/2026/12/02/accounts.csv"), RequestBody.fromString(
                "account_id,account_name,email,status,state,joined_method,joined_timestamp,parent_id,ou_path,tags,ou_id_path\n"
                        + alpha.id() + ",alpha,a@example.com,ACTIVE,ACTIVE,CREATED,2024-01-01T00:00:00Z,r-ab12,Root,{},r-ab12\n"
                        + beta.id() + ",beta,b@example.com,ACTIVE,ACTIVE,CREATED,2024-01-01T00:00:00Z,r-ab12,Root,{},r-ab12\n"));
        s3.putObject(r -> r.bucket(BUCKET).key("accounts/2026/11/01/accounts.csv"), RequestBody.fromString(
                "account_id,account_name,status\n" + gamma.id() + ",gamma,ACTIVE\n"));
        s3.putObject(r -> r.bucket(BUCKET).key("allowlist/allowlist.csv"), RequestBody.fromString(
                "account,user,credentials,owner,reason,ticket,expires\n*,break-glass,console,security@example.com,emergency,SEC-1,2099-12-31\n"));
    }

    /**
     * In front of the emulator for every test: moto 5.2.1 does not implement service-specific credentials
     * (ListServiceSpecificCredentials answers 500), so this proxy answers that one call with an empty list, as IAM does
     * for a user without any.
     */
    private FaultInjectingProxy iamProxy;
    /** moto 5.2.1 ignores PasswordResetRequired on CreateLoginProfile: the requests are checked instead. */
    private final List<String> createLoginProfileRequests = new java.util.concurrent.CopyOnWriteArrayList<>();

    private AccountClients clients() {
        if (iamProxy == null) {
            iamProxy = FaultInjectingProxy.start(org.endpoint()).failAlways("iam:ListServiceSpecificCredentials",
                    new Fault.Canned(200, "text/xml", NO_SERVICE_SPECIFIC_CREDENTIALS))
                    .transformExchanges("iam:CreateLoginProfile", (key, request, response) -> {
                        createLoginProfileRequests.add(new String(request, StandardCharsets.UTF_8));
                        return response;
                    });
        }
        return clients(iamProxy.endpoint());
    }

    @AfterAll
    void stopProxy() {
        if (iamProxy != null) {
            iamProxy.close();
        }
    }

    private static final String NO_SERVICE_SPECIFIC_CREDENTIALS = "<ListServiceSpecificCredentialsResponse "
            + "xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><ListServiceSpecificCredentialsResult><ServiceSpecificCredentials/>"
            + "</ListServiceSpecificCredentialsResult><ResponseMetadata><RequestId>stand-in</RequestId></ResponseMetadata>"
            + "</ListServiceSpecificCredentialsResponse>";

    private AccountClients clients(java.net.URI endpoint) {
        return new AccountClients(Emulator.defaultCredentials(), endpoint, Remediation.DEFAULT_ROLE_NAME, "stocktake-test");
    }

    private Journal journal() {
        return new Journal(s3, BUCKET, "", null);
    }

    private Guards guards(Clock clock) {
        CentralBucket.Directory directory = CentralBucket.latestDirectory(s3, BUCKET, "");
        Allowlist allowlist = CentralBucket.allowlist(s3, BUCKET, "");
        return new Guards(7, directory.activeAccounts(), directory.day(), allowlist, clock);
    }

    private static Planner.Candidate candidate(MemberAccount account, String user, String verdict) {
        return new Planner.Candidate(account.id(), account.name(), user, "arn:aws:iam::" + account.id() + ":user/" + user, verdict,
                "team-" + account.name(), "account_tag", "allowed".equals(verdict) ? "allowed" : "not_listed",
                "delete the IAM user", Map.of("idle_days", "120", "match_method", "user_name"));
    }

    private void createUser(MemberAccount account, String name, boolean password, int keys) {
        org.createUsers(account.id(), List.of(new EmulatorOrganization.UserSpec(name, "/", password, false, keys)));
    }

    private Plan quarantinePlan(AccountClients clients, List<Planner.Candidate> candidates) {
        return new Planner(clients, Clock.systemUTC(), out).quarantine(candidates, "test-data", DATA_DAY);
    }

    private static String keyStatus(IamClient iam, String user, String keyId) {
        return iam.listAccessKeys(r -> r.userName(user)).accessKeyMetadata().stream()
                .filter(k -> k.accessKeyId().equals(keyId)).findFirst().orElseThrow().statusAsString();
    }

    private static boolean hasLoginProfile(IamClient iam, String user) {
        try {
            iam.getLoginProfile(r -> r.userName(user));
            return true;
        } catch (NoSuchEntityException e) {
            return false;
        }
    }

    private static boolean hasDenyPolicy(IamClient iam, String user) {
        return iam.listUserPolicies(r -> r.userName(user)).policyNames().contains(Remediation.DENY_POLICY_NAME);
    }

    @Test
    void quarantine_across_accounts_dry_run_then_execute_then_undo(@TempDir Path dir) throws Exception {
        createUser(alpha, "alice", true, 2);
        createUser(alpha, "bob", true, 0);
        createUser(alpha, "break-glass", true, 0);
        createUser(beta, "carol", true, 1);
        try (AccountClients clients = clients(); IamClient alphaIam = org.iam(alpha.id()); IamClient betaIam = org.iam(beta.id())) {
            Plan made = quarantinePlan(clients, List.of(candidate(alpha, "alice", "ready_to_remove"),
                    candidate(alpha, "bob", "still_in_use"), candidate(alpha, "break-glass", "allowlisted"),
                    candidate(beta, "carol", "no_identity"), candidate(alpha, "<root_account>", "ready_to_remove")));
            assertThat(made.users()).extracting(Plan.User::userName).containsExactly("alice", "carol");
            assertThat(output.toString()).contains("left out bob", "verdict still_in_use is not removable", "left out break-glass",
                    "allowlisted", "the root user is never remediated");
            Plan.User alice = made.users().getFirst();
            assertThat(alice.steps()).extracting(Plan.Step::action).containsExactly(Action.DEACTIVATE_ACCESS_KEY,
                    Action.DEACTIVATE_ACCESS_KEY, Action.DELETE_LOGIN_PROFILE, Action.ATTACH_DENY_POLICY);
            assertThat(alice.steps().get(2).expected()).containsEntry("password_reset_required", "false");
            assertThat(alice.steps().get(0).target()).isNotEqualTo(alice.steps().get(1).target());

            Path file = dir.resolve("plan.json");
            PlanFile.write(made, file);
            Plan plan = PlanFile.read(file);
            assertThat(plan).isEqualTo(made);

            Remediator.Result dry = new Remediator(clients, journal(), guards(Clock.systemUTC()), Clock.systemUTC(), out, false).apply(plan);
            assertThat(dry.wouldDo()).isEqualTo(7);
            assertThat(dry.done()).isZero();
            assertThat(journal().records(plan.planId())).isEmpty();
            assertThat(keyStatus(alphaIam, "alice", alice.steps().get(0).target())).isEqualTo("Active");
            assertThat(hasLoginProfile(alphaIam, "alice")).isTrue();

            Remediator.Result applied = new Remediator(clients, journal(), guards(Clock.systemUTC()), Clock.systemUTC(), out, true).apply(plan);
            assertThat(applied.done()).isEqualTo(7);
            assertThat(applied.refusals()).isEmpty();
            assertThat(keyStatus(alphaIam, "alice", alice.steps().get(0).target())).isEqualTo("Inactive");
            assertThat(keyStatus(alphaIam, "alice", alice.steps().get(1).target())).isEqualTo("Inactive");
            assertThat(hasLoginProfile(alphaIam, "alice")).isFalse();
            assertThat(hasDenyPolicy(alphaIam, "alice")).isTrue();
            assertThat(hasLoginProfile(betaIam, "carol")).isFalse();
            assertThat(hasDenyPolicy(betaIam, "carol")).isTrue();
            assertThat(hasLoginProfile(alphaIam, "bob")).as("bob was not in the plan").isTrue();
            List<JournalRecord> records = journal().records(plan.planId());
            assertThat(records).hasSize(14);
            JournalRecord password = records.stream().filter(r -> r.stepId().equals(alice.steps().get(2).id()) && r.phase() == Phase.DONE)
                    .findFirst().orElseThrow();
            assertThat(password.stateBefore().get("login_profile").asText()).isEqualTo("present");
            assertThat(password.stateBefore().get("password_reset_required").asText()).isEqualTo("false");
            assertThat(password.roleArn()).isEqualTo("arn:aws:iam::" + alpha.id() + ":role/stocktake-remediation");
            assertThat(journal().key(password)).startsWith("remediation/" + plan.planId().substring(2, 6) + "/")
                    .endsWith("/" + plan.planId() + "/" + password.stepId() + ".done.json");
            String echoed = output.toString();
            assertThat(echoed).contains("done: deactivate access key " + alice.steps().get(0).target());
            assertThat(s3.getObjectAsBytes(r -> r.bucket(BUCKET).key(journal().key(password))).asString(StandardCharsets.UTF_8))
                    .doesNotContainIgnoringCase("secret").doesNotContain("Stocktake-");

            Remediator.Result again = new Remediator(clients, journal(), guards(Clock.systemUTC()), Clock.systemUTC(), out, true).apply(plan);
            assertThat(again.done()).isZero();
            assertThat(again.alreadyDone()).isEqualTo(7);
            assertThat(journal().records(plan.planId())).hasSize(14);

            Remediator.Result undoOne = new Remediator(clients, journal(), guards(Clock.systemUTC()), Clock.systemUTC(), out, true)
                    .undo(plan, alice.steps().get(0).id());
            assertThat(undoOne.done()).isEqualTo(1);
            assertThat(keyStatus(alphaIam, "alice", alice.steps().get(0).target())).isEqualTo("Active");
            assertThat(keyStatus(alphaIam, "alice", alice.steps().get(1).target())).isEqualTo("Inactive");

            Remediator.Result undo = new Remediator(clients, journal(), guards(Clock.systemUTC()), Clock.systemUTC(), out, true).undo(plan, null);
            assertThat(undo.done()).isEqualTo(6);
            assertThat(undo.alreadyDone()).isEqualTo(1);
            assertThat(keyStatus(alphaIam, "alice", alice.steps().get(1).target())).isEqualTo("Active");
            assertThat(hasLoginProfile(alphaIam, "alice")).isTrue();
            assertThat(createLoginProfileRequests).hasSize(2).allSatisfy(body -> assertThat(body)
                    .contains("PasswordResetRequired=true").doesNotContain("Stocktake-"));
            assertThat(hasDenyPolicy(alphaIam, "alice")).isFalse();
            assertThat(hasDenyPolicy(betaIam, "carol")).isFalse();
            assertThat(hasLoginProfile(betaIam, "carol")).isTrue();
            assertThat(output.toString()).contains("The old password cannot come back");
            assertThat(journal().records(plan.planId())).filteredOn(r -> r.phase() == Phase.UNDONE).hasSize(7);
        }
    }

    @Test
    void refusals_each_with_its_reason_and_nothing_touched() {
        createUser(alpha, "erin", true, 1);
        createUser(gamma, "frank", true, 0);
        createUser(beta, "gina", true, 1);
        try (AccountClients clients = clients(); IamClient alphaIam = org.iam(alpha.id());
             IamClient gammaIam = org.iam(gamma.id()); IamClient betaIam = org.iam(beta.id())) {
            Plan plan = quarantinePlan(clients, List.of(candidate(alpha, "erin", "ready_to_remove"),
                    candidate(gamma, "frank", "ready_to_remove"), candidate(beta, "gina", "ready_to_remove")));
            assertThat(plan.users()).hasSize(3);

            Clock eightDaysLater = Clock.offset(Clock.systemUTC(), Duration.ofDays(8));
            Remediator.Result old = new Remediator(clients, journal(), guards(eightDaysLater), eightDaysLater, out, true).apply(plan);
            assertThat(old.refusals()).singleElement().extracting(Refusal::reason).isEqualTo(Refusal.Reason.PLAN_TOO_OLD);
            assertThat(hasLoginProfile(alphaIam, "erin")).isTrue();

            // drift: someone deletes gina's password after the plan was made
            betaIam.deleteLoginProfile(r -> r.userName("gina"));
            // erin becomes allowlisted after the plan was made
            s3.putObject(r -> r.bucket(BUCKET).key("allowlist/allowlist.csv"), RequestBody.fromString(
                    "account,user,credentials,owner,reason,ticket,expires\n*,break-glass,console,security@example.com,emergency,SEC-1,2099-12-31\n"
                            + alpha.id() + ",erin,console,erin-team,kept for the audit,AUD-7,2099-01-31\n"));
            try {
                Remediator.Result result = new Remediator(clients, journal(), guards(Clock.systemUTC()), Clock.systemUTC(), out, true).apply(plan);
                assertThat(result.refusals()).extracting(Refusal::reason).containsExactly(Refusal.Reason.ALLOWLISTED,
                        Refusal.Reason.OUTSIDE_ORGANIZATION, Refusal.Reason.DRIFT);
                assertThat(result.done()).isZero();
                assertThat(result.refusals().get(2).message()).contains("login_profile=absent", "nothing was done to this user");
                assertThat(keyStatus(betaIam, "gina", plan.users().get(2).steps().getFirst().target()))
                        .as("gina's key step came before the drifted step, and still nothing was done").isEqualTo("Active");
                assertThat(hasLoginProfile(alphaIam, "erin")).isTrue();
                assertThat(hasLoginProfile(gammaIam, "frank")).isTrue();
                assertThat(journal().records(plan.planId())).isEmpty();
                assertThat(output.toString()).contains("REFUSED (allowlisted) erin", "REFUSED (outside_organization) frank",
                        "REFUSED (drift) gina");
            } finally {
                s3.putObject(r -> r.bucket(BUCKET).key("allowlist/allowlist.csv"), RequestBody.fromString(
                        "account,user,credentials,owner,reason,ticket,expires\n*,break-glass,console,security@example.com,emergency,SEC-1,2099-12-31\n"));
            }
        }
    }

    @Test
    void a_failed_step_stops_the_run_and_the_next_run_resumes_without_repeating_any() {
        createUser(alpha, "hank", true, 2);
        createUser(beta, "ivy", true, 1);
        try (FaultInjectingProxy proxy = FaultInjectingProxy.start(org.endpoint()); AccountClients clients = clients(proxy.endpoint());
             IamClient alphaIam = org.iam(alpha.id()); IamClient betaIam = org.iam(beta.id())) {
            Plan plan = quarantinePlan(clients, List.of(candidate(alpha, "hank", "ready_to_remove"), candidate(beta, "ivy", "no_identity")));
            proxy.resetCounts();
            proxy.failNext("iam:DeleteLoginProfile", 1, Fault.accessDenied("not authorized to perform iam:DeleteLoginProfile"));

            Remediator first = new Remediator(clients, journal(), guards(Clock.systemUTC()), Clock.systemUTC(), out, true);
            assertThatThrownBy(() -> first.apply(plan)).isInstanceOf(Remediator.StepFailedException.class)
                    .hasMessageContaining("003-delete-password").hasMessageContaining("run the same apply again");
            assertThat(hasLoginProfile(alphaIam, "hank")).isTrue();
            assertThat(hasLoginProfile(betaIam, "ivy")).as("the run stopped at hank's failure").isTrue();
            assertThat(proxy.calls("iam:UpdateAccessKey")).isEqualTo(2);

            Remediator.Result second = new Remediator(clients, journal(), guards(Clock.systemUTC()), Clock.systemUTC(), out, true).apply(plan);
            assertThat(second.alreadyDone()).isEqualTo(2);
            assertThat(second.done()).isEqualTo(5);
            assertThat(proxy.calls("iam:UpdateAccessKey")).as("hank's two keys were not deactivated again").isEqualTo(3);
            assertThat(proxy.calls("iam:DeleteLoginProfile")).isEqualTo(3);
            assertThat(hasLoginProfile(alphaIam, "hank")).isFalse();
            assertThat(hasDenyPolicy(betaIam, "ivy")).isTrue();
            List<JournalRecord> records = journal().records(plan.planId());
            assertThat(records).filteredOn(r -> r.phase() == Phase.DONE).extracting(JournalRecord::stepId).doesNotHaveDuplicates().hasSize(7);
            assertThat(records).filteredOn(r -> r.phase() == Phase.STARTED).extracting(JournalRecord::stepId).doesNotHaveDuplicates().hasSize(7);
        }
    }

    @Test
    void deletion_after_the_watch_window_snapshots_then_deletes_in_iam_order() {
        createUser(beta, "kate", true, 0);
        createUser(beta, "leo", true, 0);
        try (AccountClients clients = clients(); IamClient alphaIam = org.iam(alpha.id()); IamClient betaIam = org.iam(beta.id())) {
            String policyArn = alphaIam.createPolicy(r -> r.policyName("read-things").policyDocument(
                    "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}]}"))
                    .policy().arn();
            // moto 5.2.1 keeps no permissions boundary for users: the proxy adds it to judy's GetUser answer, as IAM gives it
            alphaIam.createUser(r -> r.userName("judy"));
            iamProxy.transformResponses("iam:GetUser", (key, response) -> new String(response, StandardCharsets.UTF_8)
                    .replace("<UserName>judy</UserName>", "<UserName>judy</UserName><PermissionsBoundary><PermissionsBoundaryType>"
                            + "PermissionsBoundaryPolicy</PermissionsBoundaryType><PermissionsBoundaryArn>" + policyArn
                            + "</PermissionsBoundaryArn></PermissionsBoundary>").getBytes(StandardCharsets.UTF_8));
            alphaIam.createLoginProfile(r -> r.userName("judy").password("Judy-initial-1!"));
            alphaIam.createAccessKey(r -> r.userName("judy"));
            alphaIam.createGroup(r -> r.groupName("developers"));
            alphaIam.addUserToGroup(r -> r.groupName("developers").userName("judy"));
            alphaIam.attachUserPolicy(r -> r.userName("judy").policyArn(policyArn));
            alphaIam.putUserPolicy(r -> r.userName("judy").policyName("own-bucket").policyDocument(
                    "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:ListBucket\",\"Resource\":\"*\"}]}"));
            alphaIam.tagUser(r -> r.userName("judy").tags(t -> t.key("owner").value("team-alpha")));
            var mfa = alphaIam.createVirtualMFADevice(r -> r.virtualMFADeviceName("judy-mfa")).virtualMFADevice();
            alphaIam.enableMFADevice(r -> r.userName("judy").serialNumber(mfa.serialNumber()).authenticationCode1("123456").authenticationCode2("654321"));
            alphaIam.uploadSSHPublicKey(r -> r.userName("judy").sshPublicKeyBody(TestKeys.SSH_PUBLIC_KEY));
            alphaIam.uploadSigningCertificate(r -> r.userName("judy").certificateBody(TestKeys.CERTIFICATE));

            Plan quarantine = quarantinePlan(clients, List.of(candidate(alpha, "judy", "ready_to_remove"),
                    candidate(beta, "kate", "ready_to_remove"), candidate(beta, "leo", "ready_to_remove")));
            new Remediator(clients, journal(), guards(Clock.systemUTC()), Clock.systemUTC(), out, true).apply(quarantine);

            Clock tenDaysLater = Clock.offset(Clock.systemUTC(), Duration.ofDays(10));
            Plan early = new Planner(clients, tenDaysLater, out).delete(quarantine, journal(), 30, (a, u, d) -> null, "test-data", DATA_DAY);
            assertThat(early.users()).isEmpty();
            assertThat(output.toString()).contains("the watch window is 30 days (20 to go)");

            Clock later = Clock.offset(Clock.systemUTC(), Duration.ofDays(31));
            Instant quarantineTime = Instant.now();
            Plan deletion = new Planner(clients, later, out).delete(quarantine, journal(), 30,
                    (account, user, from) -> user.equals("leo") ? quarantineTime.plus(Duration.ofDays(2)) : null, "test-data", DATA_DAY);
            assertThat(output.toString()).contains("REFUSED (used_since_quarantine) leo");
            assertThat(deletion.users()).extracting(Plan.User::userName).containsExactly("judy", "kate");
            assertThat(deletion.notes()).anyMatch(n -> n.contains("Access key secrets cannot be restored"));
            Plan.User judy = deletion.users().getFirst();
            assertThat(judy.steps()).extracting(Plan.Step::action).startsWith(Action.SNAPSHOT_USER).endsWith(Action.DELETE_INLINE_POLICY,
                    Action.DELETE_USER).contains(Action.DELETE_ACCESS_KEY, Action.DELETE_SIGNING_CERTIFICATE, Action.DELETE_SSH_PUBLIC_KEY,
                    Action.DEACTIVATE_MFA_DEVICE, Action.DETACH_MANAGED_POLICY,
                    Action.REMOVE_FROM_GROUP);
            assertThat(PlanFile.parse("deletion.json", PlanFile.render(deletion))).isEqualTo(deletion);

            Remediator.Result result = new Remediator(clients, journal(), guards(later), later, out, true).apply(deletion);
            assertThat(result.refusals()).isEmpty();
            assertThat(result.done()).isEqualTo(deletion.users().stream().mapToInt(u -> u.steps().size()).sum());
            assertThatThrownBy(() -> alphaIam.getUser(r -> r.userName("judy"))).isInstanceOf(NoSuchEntityException.class);
            assertThatThrownBy(() -> betaIam.getUser(r -> r.userName("kate"))).isInstanceOf(NoSuchEntityException.class);
            assertThat(betaIam.getUser(r -> r.userName("leo")).user().userName()).isEqualTo("leo");

            JournalRecord snapshot = journal().records(deletion.planId()).stream()
                    .filter(r -> r.action() == Action.SNAPSHOT_USER && r.phase() == Phase.DONE && r.userName().equals("judy"))
                    .findFirst().orElseThrow();
            UserSnapshot stored = Json.MAPPER.convertValue(snapshot.stateBefore(), UserSnapshot.class);
            assertThat(stored.groups()).containsExactly("developers");
            assertThat(stored.attachedPolicies()).containsExactly(policyArn);
            assertThat(stored.permissionsBoundary()).isEqualTo(policyArn);
            assertThat(stored.inlinePolicies()).containsKeys("own-bucket", Remediation.DENY_POLICY_NAME);
            assertThat(stored.inlinePolicies().get("own-bucket")).contains("s3:ListBucket");
            assertThat(stored.tags()).containsEntry("owner", "team-alpha");
            assertThat(stored.mfaDevices()).containsExactly(mfa.serialNumber());
            assertThat(stored.sshPublicKeys()).singleElement().extracting(UserSnapshot.SshKey::body).asString().startsWith("ssh-rsa");
            assertThat(stored.signingCertificates()).hasSize(1);
            assertThat(stored.serviceSpecificCredentials()).as("the emulator stand-in lists none").isEmpty();

            assertThatThrownBy(() -> new Remediator(clients, journal(), guards(later), later, out, true).undo(deletion, null))
                    .hasMessageContaining("a deleted user cannot be undone");
        }
    }

    @Test
    void an_undone_quarantine_is_never_deleted() {
        createUser(alpha, "mona", true, 0);
        try (AccountClients clients = clients()) {
            Plan quarantine = quarantinePlan(clients, List.of(candidate(alpha, "mona", "ready_to_remove")));
            new Remediator(clients, journal(), guards(Clock.systemUTC()), Clock.systemUTC(), out, true).apply(quarantine);
            new Remediator(clients, journal(), guards(Clock.systemUTC()), Clock.systemUTC(), out, true).undo(quarantine, null);
            Clock later = Clock.offset(Clock.systemUTC(), Duration.ofDays(40));
            Plan deletion = new Planner(clients, later, out).delete(quarantine, journal(), 30, (a, u, d) -> null, "d", DATA_DAY);
            assertThat(deletion.users()).isEmpty();
            assertThat(output.toString()).contains("left out mona in " + alpha.id() + ": its quarantine was undone");
        }
    }

    @Test
    void journal_records_are_append_only() {
        JournalRecord record = new JournalRecord("q-20261203-abcdef", "001-deny-all", Phase.DONE, Action.ATTACH_DENY_POLICY,
                alpha.id(), "someone", null, Instant.parse("2026-12-03T10:00:00Z"), "arn:operator", "arn:role", null, null);
        String key = journal().append(record);
        assertThat(key).isEqualTo("remediation/2026/12/03/q-20261203-abcdef/001-deny-all.done.json");
        assertThatThrownBy(() -> journal().append(record)).isInstanceOf(Journal.JournalException.class)
                .hasMessageContaining("exists already");
        assertThat(Set.copyOf(journal().records("q-20261203-abcdef"))).containsExactly(record);
    }

    @Test
    void journal_records_carry_the_configured_object_lock_retention() {
        s3.createBucket(r -> r.bucket("locked-central").objectLockEnabledForBucket(true));
        Journal locked = new Journal(s3, "locked-central", "stocktake/", new dev.stocktake.support.storage.ObjectLockRetention(
                dev.stocktake.support.storage.ObjectLockRetention.Mode.GOVERNANCE, 400));
        Instant at = Instant.now();
        JournalRecord record = new JournalRecord("q-20261203-0000ff", "001-deny-all", Phase.STARTED, Action.ATTACH_DENY_POLICY,
                alpha.id(), "someone", null, at, "arn:operator", "arn:role", null, null);
        String key = locked.append(record);
        assertThat(key).startsWith("stocktake/remediation/2026/12/03/");
        var head = s3.headObject(r -> r.bucket("locked-central").key(key));
        assertThat(head.objectLockModeAsString()).isEqualTo("GOVERNANCE");
        assertThat(head.objectLockRetainUntilDate()).isAfter(at.plus(Duration.ofDays(399)));
        assertThatThrownBy(() -> s3.deleteObject(r -> r.bucket("locked-central").key(key).versionId(
                s3.headObject(h -> h.bucket("locked-central").key(key)).versionId())))
                .as("a locked record version cannot be deleted").isInstanceOf(software.amazon.awssdk.services.s3.model.S3Exception.class);
    }

    @Test
    void no_directory_export_means_no_action() {
        S3Client empty = s3;
        empty.createBucket(r -> r.bucket("no-directory"));
        assertThatThrownBy(() -> CentralBucket.latestDirectory(empty, "no-directory", ""))
                .hasMessageContaining("No account directory export under s3://no-directory/accounts/")
                .hasMessageContaining("refuses to act");
    }
}
