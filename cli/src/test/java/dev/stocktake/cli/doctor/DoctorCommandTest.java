package dev.stocktake.cli.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

import dev.stocktake.cli.StocktakeCommand;
import dev.stocktake.emulator.Emulator;
import dev.stocktake.emulator.EmulatorOrganization;
import dev.stocktake.emulator.FaultInjectingProxy;
import dev.stocktake.emulator.FaultInjectingProxy.Fault;
import dev.stocktake.emulator.junit.EmulatorExtension;

/**
 * {@code stocktake doctor} against a deployment seeded into the emulator (moto implements Organizations, the StackSet's
 * instances, S3, Glue, Lambda, CloudWatch metrics and alarms, CloudWatch Logs), with the fault proxy in front for what
 * moto never answers: a failed stack instance, access denied.
 */
@ExtendWith(EmulatorExtension.class)
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class DoctorCommandTest {

    private final Emulator emulator;
    private FaultInjectingProxy proxy;
    private Deployment deployment;
    @TempDir
    Path dir;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    DoctorCommandTest(Emulator emulator) {
        this.emulator = emulator;
    }

    @BeforeEach
    void seed() {
        deployment = Deployment.healthy(emulator);
        proxy = FaultInjectingProxy.start(emulator.endpoint());
        // moto stamps each account as joined when the test created it: make them members since long before the day
        proxy.transformResponses("organizations:ListAccounts", (key, body) -> Deployment.joinedLongAgo(body));
    }

    @AfterEach
    void stopProxy() {
        proxy.close();
    }

    private int doctorWith(String extraProfiles, String... args) {
        Map<String, String> env = new HashMap<>();
        env.put("AWS_ENDPOINT_URL", proxy.endpoint().toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", Deployment.credentials(dir, extraProfiles).toString());
        env.put("AWS_CONFIG_FILE", dir.resolve("no-config").toString());
        env.put("HOME", dir.toString());
        CommandLine cli = StocktakeCommand.commandLine(env);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        List<String> all = new ArrayList<>(List.of("doctor"));
        all.addAll(List.of(args));
        return cli.execute(all.toArray(String[]::new));
    }

    private int doctor(String... args) {
        return doctorWith("", args);
    }

    /** The output line of one check, e.g. "PROBLEM  reports ...". */
    private String line(String check) {
        return out.toString().lines().filter(l -> l.matches("(OK|PROBLEM|UNKNOWN) +" + check + " .*")).findFirst()
                .orElseThrow(() -> new AssertionError("no line for check " + check + " in:\n" + out + err));
    }

    @Test
    void a_healthy_deployment_passes_every_check_and_exits_0() throws IOException {
        int exit = doctor("--config", deployment.config(dir).toString(), "--profile", "ops");

        assertThat(exit).as(out + "\n" + err).isZero();
        assertThat(out.toString().lines().filter(l -> l.matches("[A-Z]+ +[a-z-]+ .*")))
                .extracting(l -> l.split(" +")[1])
                .containsExactly("credentials", "accounts", "stackset", "reports", "directory", "glue", "account-directory",
                        "coverage-check", "notifier", "compaction", "alarms")
                .hasSize(11);
        assertThat(out.toString()).doesNotContain("PROBLEM").doesNotContain("UNKNOWN").contains("Healthy: every check passed.");
        assertThat(line("reports")).contains("4 of 4 active accounts reported for " + deployment.day);
        assertThat(line("stackset")).startsWith("OK").contains("CURRENT; 3 active accounts in the target OUs");
        // every view athena-sql ships, counted from the repository's views.txt (not from the code under test)
        long views = Files.readAllLines(Path.of("../athena-sql/views/views.txt"), StandardCharsets.UTF_8).stream()
                .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).count();
        assertThat(views).isGreaterThan(15);
        assertThat(line("glue")).contains(views + " of " + views + " views");
        assertThat(line("notifier")).contains("stocktake-notifier last ran").contains("no errors");
        assertThat(line("alarms")).contains("1 Stocktake alarm").contains("0 in ALARM");
    }

    @Test
    void a_missing_report_names_the_account_and_the_error_its_collector_logged() {
        EmulatorOrganization.MemberAccount payments = deployment.members.getFirst();
        deployment.deleteReport(payments);
        Instant ran = deployment.day.atStartOfDay(java.time.ZoneOffset.UTC).plusHours(3).toInstant();
        deployment.log(deployment.organization.credentialsFor(payments.id()), DeployedNames.COLLECTOR_LOG_GROUP, ran,
                "{\"timestamp\":\"" + ran + "\",\"level\":\"ERROR\",\"service\":\"stocktake-collector\",\"message\":"
                        + "\"credential report NOT stored\",\"accountId\":\"" + payments.id() + "\",\"step\":\"GENERATE\","
                        + "\"reason\":\"AccessDenied\",\"error\":\"not authorized to perform iam:GenerateCredentialReport\"}");

        int exit = doctor("--config", deployment.config(dir).toString(), "--profile", "ops",
                "--member-role", EmulatorOrganization.MEMBER_ACCESS_ROLE);

        assertThat(exit).as(out + "\n" + err).isEqualTo(1);
        assertThat(line("reports")).startsWith("PROBLEM").contains("3 of 4 active accounts reported");
        assertThat(out.toString())
                .contains("- " + payments.id() + " (payments-prd): no report for " + deployment.day
                        + "; its StackSet instance is CURRENT and its collector logged at " + ran
                        + ": credential report NOT stored; step GENERATE; reason AccessDenied; error not authorized to "
                        + "perform iam:GenerateCredentialReport")
                .contains("aws lambda invoke --function-name stocktake-collector:live");
        assertThat(line("stackset")).startsWith("OK");
    }

    @Test
    void without_a_member_role_a_missing_report_says_how_to_read_the_collectors_log() {
        deployment.deleteReport(deployment.members.get(1));

        int exit = doctor("--config", deployment.config(dir).toString(), "--profile", "ops");

        assertThat(exit).isEqualTo(1);
        assertThat(out.toString()).contains("(data platform/stg): no report for " + deployment.day
                        + "; its StackSet instance is CURRENT, so the collector ran and failed, or did not run")
                .contains("pass --member-role");
    }

    @Test
    void a_failed_stackset_instance_is_a_problem_with_its_reason_and_explains_the_missing_report() {
        EmulatorOrganization.MemberAccount sandbox = deployment.members.get(2);
        deployment.deleteReport(sandbox);
        // moto marks every instance CURRENT: the proxy turns this account's into what CloudFormation says of a failed one
        proxy.transformResponses("cloudformation:ListStackInstances", (key, body) -> failInstance(body, sandbox.id(),
                "ResourceLogicalId:CollectorRole, ResourceType:AWS::IAM::Role, ResourceStatusReason:stocktake-collector already exists."));

        int exit = doctor("--config", deployment.config(dir).toString(), "--profile", "ops");

        assertThat(exit).isEqualTo(1);
        assertThat(line("stackset")).startsWith("PROBLEM");
        assertThat(out.toString())
                .contains("- " + sandbox.id() + " (sandbox): stack instance OUTDATED/FAILED: ResourceLogicalId:CollectorRole")
                .contains("aws cloudformation update-stack-instances --stack-set-name stocktake-collector")
                .contains("- " + sandbox.id() + " (sandbox): no report for " + deployment.day
                        + ": its StackSet instance is OUTDATED/FAILED");
    }

    @Test
    void an_account_without_a_stack_instance_is_named_in_both_checks() {
        EmulatorOrganization.MemberAccount stg = deployment.members.get(1);
        deployment.deleteInstance(stg);
        deployment.deleteReport(stg);

        int exit = doctor("--config", deployment.config(dir).toString(), "--profile", "ops");

        assertThat(exit).isEqualTo(1);
        assertThat(line("stackset")).startsWith("PROBLEM");
        assertThat(out.toString())
                .contains("- " + stg.id() + " (data platform/stg): no stack instance in us-east-1 although the account is "
                        + "active in a target OU")
                .contains("- " + stg.id() + " (data platform/stg): no report for " + deployment.day
                        + ": no StackSet instance in this account")
                .contains("aws cloudformation create-stack-instances --stack-set-name stocktake-collector");
    }

    @Test
    void an_account_outside_the_target_ous_is_missing_for_that_reason_and_a_closed_one_is_not_expected() {
        EmulatorOrganization.MemberAccount sandbox = deployment.members.get(2);
        EmulatorOrganization.MemberAccount payments = deployment.members.getFirst();
        String workloads = deployment.ouWith("Workloads", deployment.members.subList(0, 2));
        deployment.deleteReport(sandbox);
        deployment.close(payments);
        deployment.deleteReport(payments);

        int exit = doctor("--config", deployment.config(dir, "{\"callAs\": \"SELF\"}", workloads).toString(),
                "--profile", "ops");

        assertThat(exit).isEqualTo(1);
        assertThat(line("reports")).startsWith("PROBLEM").contains("2 of 3 active accounts reported");
        assertThat(out.toString())
                .contains("- " + sandbox.id() + " (sandbox): no report for " + deployment.day
                        + ": the account is not under targetOuIds [" + workloads + "]")
                .contains("add its OU to targetOuIds")
                .doesNotContain(payments.id() + " (payments-prd): no report");
        // one target account left active, and its instance is CURRENT; the closed account's instance is not a problem
        assertThat(line("stackset")).startsWith("OK").contains("1 active account in the target OUs");
    }

    @Test
    void a_job_that_is_not_deployed_names_the_stack_to_deploy() {
        deployment.deleteFunction(DeployedNames.COMPACTION_FUNCTION);

        int exit = doctor("--config", deployment.config(dir).toString(), "--profile", "ops");

        assertThat(exit).isEqualTo(1);
        assertThat(line("compaction")).startsWith("PROBLEM")
                .contains("stocktake-report-compaction is not deployed in the central (reporting) account 123456789012");
        assertThat(out.toString()).contains("npx cdk deploy --exclusively StocktakeCentral");
    }

    @Test
    void a_missing_view_is_named_with_how_to_restore_it() {
        deployment.dropFromCatalog("missing_reports");

        int exit = doctor("--config", deployment.config(dir).toString(), "--profile", "ops");

        assertThat(exit).isEqualTo(1);
        assertThat(line("glue")).startsWith("PROBLEM");
        assertThat(out.toString()).contains("- missing_reports: view missing from database stocktake")
                .contains("athena-sql/views/missing_reports.sql");
    }

    @Test
    void an_alarm_in_alarm_is_a_problem_with_its_description_as_the_fix() {
        deployment.setAlarmState("stocktake-coverage-low", "ALARM", "Threshold Crossed: 1 datapoint [75.0] < 95.0");

        int exit = doctor("--config", deployment.config(dir).toString(), "--profile", "ops");

        assertThat(exit).isEqualTo(1);
        assertThat(line("alarms")).startsWith("PROBLEM").contains("1 in ALARM");
        assertThat(out.toString()).contains("- stocktake-coverage-low (123456789012/us-east-1): in ALARM since")
                .contains("Threshold Crossed: 1 datapoint [75.0] < 95.0")
                .contains("fix: Coverage below the threshold: see missing_reports for the day");
    }

    @Test
    void a_failed_notifier_run_is_a_problem_with_the_error_from_its_log() {
        Instant failed = Instant.now().minusSeconds(3600);
        deployment.metric(DeployedNames.NOTIFIER_FUNCTION, "Invocations", 1, failed);
        deployment.metric(DeployedNames.NOTIFIER_FUNCTION, "Errors", 1, failed);
        deployment.log(Emulator.defaultCredentials(), DeployedNames.logGroup(DeployedNames.NOTIFIER_FUNCTION), failed.plusSeconds(5),
                "{\"level\":\"ERROR\",\"service\":\"stocktake-notifier\",\"message\":\"digest NOT sent\",\"reason\":\"MessageRejected\"}");

        int exit = doctor("--config", deployment.config(dir).toString(), "--profile", "ops");

        assertThat(exit).isEqualTo(1);
        assertThat(line("notifier")).startsWith("PROBLEM").contains("last run").contains("failed: digest NOT sent; reason MessageRejected");
        assertThat(line("compaction")).startsWith("OK");
    }

    @Test
    void access_denied_is_unknown_naming_the_missing_permission_and_the_other_checks_still_run() {
        proxy.failAlways("glue:GetTables", Fault.error(400, "AccessDeniedException",
                "User: arn:aws:sts::123456789012:assumed-role/ops/me is not authorized to perform: glue:GetTables"));

        int exit = doctor("--config", deployment.config(dir).toString(), "--profile", "ops");

        assertThat(exit).isEqualTo(1);
        assertThat(line("glue")).startsWith("UNKNOWN")
                .contains("access denied: the central (reporting) account 123456789012 (profile ops) lacks glue:GetTables");
        assertThat(out.toString()).contains("fix: allow glue:GetTables to the role behind profile ops");
        assertThat(line("reports")).startsWith("OK");
        assertThat(line("alarms")).startsWith("OK");
    }

    @Test
    void without_organizations_access_the_accounts_come_from_the_directory_export() {
        proxy.failAlways("organizations:ListAccounts", Fault.error(400, "AccessDeniedException", "not authorized"));

        int exit = doctor("--config", deployment.config(dir).toString(), "--profile", "ops");

        assertThat(line("accounts")).startsWith("OK").contains("the account directory export of " + deployment.day)
                .contains("lacks organizations:ListAccounts");
        assertThat(line("reports")).startsWith("OK").contains("4 of 4 active accounts reported");
        assertThat(exit).as(out.toString()).isEqualTo(0);
    }

    @Test
    void json_output_carries_every_check_with_its_status_and_findings() throws IOException {
        deployment.dropFromCatalog("coverage");

        int exit = doctor("--config", deployment.config(dir).toString(), "--profile", "ops", "-o", "json");

        assertThat(exit).isEqualTo(1);
        JsonNode json = new ObjectMapper().readTree(out.toString());
        assertThat(json.path("healthy").asBoolean()).isFalse();
        assertThat(json.path("day").asText()).isEqualTo(deployment.day.toString());
        JsonNode glue = null;
        for (JsonNode check : json.path("checks")) {
            if (check.path("check").asText().equals("glue")) {
                glue = check;
            }
        }
        assertThat(glue).isNotNull();
        assertThat(glue.path("status").asText()).isEqualTo("PROBLEM");
        assertThat(glue.path("findings")).hasSize(1);
        assertThat(glue.path("findings").get(0).path("subject").asText()).isEqualTo("coverage");
        assertThat(json.path("checks")).hasSize(11);
    }

    @Test
    void with_remediation_enabled_the_remediation_stack_set_is_checked_and_a_missing_one_names_its_stack() throws IOException {
        Path config = deployment.config(dir);
        Files.writeString(config, Files.readString(config).replaceFirst("\\{", "{\"remediation\": {\"enabled\": true, "
                + "\"trustedPrincipals\": [\"arn:aws:iam::" + Emulator.DEFAULT_ACCOUNT_ID + ":role/stocktake-operator\"]},"));

        int exit = doctor("--config", config.toString(), "--profile", "ops");

        assertThat(exit).as(out + "\n" + err).isEqualTo(1);
        assertThat(line("remediation")).startsWith("PROBLEM").contains("StackSet stocktake-remediation not found");
        assertThat(out.toString()).contains("npx cdk deploy --exclusively StocktakeRemediationStackSet");
        assertThat(line("stackset")).startsWith("OK");

        deployment.stackSet(Emulator.defaultCredentials(), "stocktake-remediation",
                deployment.members.stream().map(EmulatorOrganization.MemberAccount::id).toList());
        out.getBuffer().setLength(0);
        exit = doctor("--config", config.toString(), "--profile", "ops");

        assertThat(exit).as(out + "\n" + err).isZero();
        assertThat(line("remediation")).startsWith("OK").contains("stocktake-remediation in " + Emulator.DEFAULT_ACCOUNT_ID
                + "/us-east-1: ").containsPattern(" ([1-9]\\d*) instances, \\1 CURRENT");
    }

    @Test
    void without_remediation_there_is_no_remediation_check() {
        doctor("--config", deployment.config(dir).toString(), "--profile", "ops");
        assertThat(out.toString()).doesNotContain("remediation");
    }

    @Test
    void a_delegated_administrator_lists_the_instances_with_call_as_delegated_admin() {
        EmulatorOrganization.MemberAccount admin = deployment.members.get(1);
        // moto resolves OUs only in the management account's own backend: name the members as well
        deployment.stackSet(deployment.organization.credentialsFor(admin.id()),
                deployment.members.stream().map(EmulatorOrganization.MemberAccount::id).toList());
        List<String> requests = new CopyOnWriteArrayList<>();
        proxy.transformExchanges("cloudformation:ListStackInstances", (key, request, response) -> {
            requests.add(new String(request, StandardCharsets.UTF_8));
            return response;
        });

        int exit = doctorWith(deployment.profileOf("admin", admin.id()), "--config", deployment.config(dir,
                        "{\"callAs\": \"DELEGATED_ADMIN\", \"delegatedAdminAccountId\": \"" + admin.id() + "\"}").toString(),
                "--profile", "ops", "--stackset-profile", "admin");

        assertThat(exit).as(out + "\n" + err).isZero();
        assertThat(requests).isNotEmpty().allMatch(body -> body.contains("CallAs=DELEGATED_ADMIN"));
        assertThat(line("stackset")).contains("stocktake-collector in " + admin.id() + "/us-east-1");
    }

    @Test
    void credentials_of_another_account_than_the_config_names_exit_2() {
        String member = deployment.members.getFirst().id();

        // --profile-central: the spelling docs/deploy.md uses
        int exit = doctorWith(deployment.profileOf("wrong", member), "--config", deployment.config(dir).toString(),
                "--profile", "ops", "--profile-central", "wrong");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("the credentials for the central (reporting) account (profile 'wrong') are of account "
                + member + ", but the config names 123456789012; pass --central-profile");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void credentials_that_work_for_no_account_exit_2_saying_how_to_sign_in() {
        proxy.failAlways("sts:GetCallerIdentity", Fault.error(403, "ExpiredToken", "The security token included in the request is expired"));

        int exit = doctor("--config", deployment.config(dir).toString(), "--profile", "ops");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("no credentials work for any account of the deployment")
                .contains("the credentials of profile 'ops' do not work (ExpiredToken")
                .contains("aws sso login --profile ops");
        assertThat(proxy.calls("sts:GetCallerIdentity")).as("one identity call per profile, not per role").isEqualTo(1);
    }

    @Test
    void an_unknown_profile_exits_2_naming_it() {
        int exit = doctor("--config", deployment.config(dir).toString(), "--profile", "nobody");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("profile 'nobody'").contains("is not in").contains("aws configure list-profiles");
    }

    @Test
    void an_invalid_config_exits_2_naming_every_field() throws IOException {
        Path config = Files.writeString(dir.resolve("bad.json"), "{\"managementAccountId\": \"12345\", \"collectorRegions\": []}");

        int exit = doctor("--config", config.toString(), "--profile", "ops");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("managementAccountId: '12345' is not an account ID")
                .contains("centralAccountId: required").contains("collectorRegions: must name exactly one region")
                .contains("targetOuIds: required");
    }

    @Test
    void a_missing_config_file_and_a_bad_output_format_exit_2() {
        assertThat(doctor("--config", dir.resolve("absent.json").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("absent.json: cannot read the config file");
        assertThat(doctor("--config", "x.json", "-o", "yaml")).isEqualTo(2);
        assertThat(err.toString()).contains("-o/--output must be text or json");
        assertThat(doctor()).isEqualTo(2);
        assertThat(err.toString()).contains("Missing required option: '--config=FILE'");
    }

    /** The ListStackInstances XML with {@code account}'s instance OUTDATED/FAILED for {@code reason}. */
    private static byte[] failInstance(byte[] body, String account, String reason) {
        String xml = new String(body, StandardCharsets.UTF_8);
        StringBuilder outXml = new StringBuilder();
        int from = 0;
        while (true) {
            int start = xml.indexOf("<member>", from);
            if (start < 0) {
                break;
            }
            int end = xml.indexOf("</member>", start);
            // members nest (ParameterOverrides): find the instance's own closing tag by its Account element
            String member = xml.substring(start, end);
            outXml.append(xml, from, start);
            if (member.contains("<Account>" + account + "</Account>")) {
                member = member.replace("<Status>CURRENT</Status>", "<Status>OUTDATED</Status><StatusReason>" + reason
                        + "</StatusReason>").replace("<DetailedStatus>SUCCEEDED</DetailedStatus>", "<DetailedStatus>FAILED</DetailedStatus>");
            }
            outXml.append(member);
            from = end;
        }
        outXml.append(xml.substring(from));
        return outXml.toString().getBytes(StandardCharsets.UTF_8);
    }
}
