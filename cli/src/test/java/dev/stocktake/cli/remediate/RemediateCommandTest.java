package dev.stocktake.cli.remediate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import dev.stocktake.cli.StocktakeCommand;
import dev.stocktake.cli.importer.HistoryFixtures;
import dev.stocktake.report.ReportKeys;
import dev.stocktake.emulator.Emulator;
import dev.stocktake.emulator.EmulatorOrganization;
import dev.stocktake.emulator.junit.EmulatorExtension;
import dev.stocktake.remediation.Plan;
import dev.stocktake.remediation.PlanFile;
import picocli.CommandLine;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;

/**
 * {@code stocktake remediate plan|apply|undo} end to end: the verdicts from a data folder through the embedded Trino,
 * the users in the emulator's account, the journal in its bucket.
 */
@ExtendWith(EmulatorExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RemediateCommandTest {

    private static final String ACCOUNT = "444455556666";
    private static final LocalDate DAY = LocalDate.now(ZoneOffset.UTC).minusDays(1);

    private Path data;
    private Map<String, String> env;
    private EmulatorOrganization org;

    @BeforeAll
    void setUp(Emulator emulator, @TempDir Path dir) throws IOException {
        data = dir.resolve("data");
        Path reports = Files.createDirectories(data.resolve("credential-reports").resolve(ReportKeys.datePath(DAY)));
        String arn = "arn:aws:iam::" + ACCOUNT + ":user/";
        Files.writeString(reports.resolve("shop@" + ACCOUNT + ".csv"), String.join("\n", HistoryFixtures.HEADER,
                "old.admin," + arn + "old.admin,2020-01-01T00:00:00+00:00,true,2025-01-01T00:00:00+00:00,2020-01-01T00:00:00+00:00,N/A,false,"
                        + "true,2020-01-01T00:00:00+00:00,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A",
                "fresh," + arn + "fresh,2020-01-01T00:00:00+00:00,true," + DAY + "T01:00:00+00:00,2020-01-01T00:00:00+00:00,N/A,false,"
                        + "false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A"), StandardCharsets.UTF_8);
        Path export = Files.createDirectories(data.resolve("identity-center").resolve(ReportKeys.datePath(DAY)));
        String assignment = "{\"kind\":\"assignment\",\"instance_arn\":\"arn:aws:sso:::instance/ssoins-1\",\"account_id\":\"" + ACCOUNT
                + "\",\"permission_set_arn\":\"arn:aws:sso:::permissionSet/ssoins-1/ps-1\",\"permission_set_name\":\"ReadOnlyAccess\","
                + "\"principal_type\":\"USER\",\"principal_id\":\"%s\",\"user_id\":\"%s\"}";
        Files.writeString(export.resolve("identity-center.json"), String.join("\n",
                "{\"kind\":\"instance\",\"instance_arn\":\"arn:aws:sso:::instance/ssoins-1\",\"identity_store_id\":\"d-1\",\"exported_at\":\"" + DAY + "T05:00:00Z\"}",
                "{\"kind\":\"user\",\"identity_store_id\":\"d-1\",\"user_id\":\"u-1\",\"user_name\":\"old.admin\",\"display_name\":\"Old Admin\",\"emails\":[]}",
                "{\"kind\":\"user\",\"identity_store_id\":\"d-1\",\"user_id\":\"u-2\",\"user_name\":\"fresh\",\"display_name\":\"Fresh\",\"emails\":[]}",
                assignment.formatted("u-1", "u-1"), assignment.formatted("u-2", "u-2"), ""), StandardCharsets.UTF_8);

        env = Map.of("AWS_ENDPOINT_URL", emulator.endpoint().toString());
        org = EmulatorOrganization.create(emulator.endpoint());
        org.createUsers(ACCOUNT, List.of(new EmulatorOrganization.UserSpec("old.admin", "/", true, false, 1),
                new EmulatorOrganization.UserSpec("fresh", "/", true, false, 0)));
        org.createBucket("central");
        try (var s3 = org.s3()) {
            s3.putObject(r -> r.bucket("central").key(("accounts/" + ReportKeys.datePath(DAY) + "/accounts.csv").replace("//", "/")),
                    RequestBody.fromString("account_id,account_name,status\n" + ACCOUNT + ",shop,ACTIVE\n"));
        }
    }

    private record Run(int exit, String out, String err) {
    }

    private Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = StocktakeCommand.commandLine(env);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private boolean hasPassword(String user) {
        try (IamClient iam = org.iam(ACCOUNT)) {
            iam.getLoginProfile(r -> r.userName(user));
            return true;
        } catch (NoSuchEntityException e) {
            return false;
        }
    }

    @Test
    void plan_dry_run_execute_and_undo_one_action(@TempDir Path dir) {
        Path planFile = dir.resolve("plan.json");
        Run plan = run("remediate", "plan", "--data", data.toString(), "--out", planFile.toString());
        assertThat(plan.exit()).as(plan.err()).isZero();
        Plan written = PlanFile.read(planFile);
        assertThat(written.users()).extracting(Plan.User::userName).containsExactly("old.admin");
        assertThat(written.users().getFirst().evidence()).containsEntry("match_method", "user_name")
                .containsEntry("assigned_permission_sets", "ReadOnlyAccess");
        assertThat(plan.out()).contains("Plan " + written.planId() + " (quarantine): 1 user, 3 steps");

        Run dry = run("remediate", "apply", planFile.toString(), "--bucket", "s3://central");
        assertThat(dry.exit()).as(dry.err()).isZero();
        assertThat(dry.out()).contains("would delete the console password", "Nothing was changed");
        assertThat(hasPassword("old.admin")).isTrue();

        Run applied = run("remediate", "apply", planFile.toString(), "--bucket", "s3://central", "--execute");
        assertThat(applied.exit()).as(applied.err()).isZero();
        assertThat(applied.out()).contains("Applied: 3 done");
        assertThat(hasPassword("old.admin")).isFalse();
        assertThat(hasPassword("fresh")).isTrue();

        Run undo = run("remediate", "undo", written.planId() + "/002-delete-password", "--bucket", "s3://central", "--execute");
        assertThat(undo.exit()).as(undo.err()).isZero();
        assertThat(undo.out()).contains("The old password cannot come back", "Undo: 1 undone");
        assertThat(hasPassword("old.admin")).isTrue();
    }

    @Test
    void a_verdict_that_is_not_removable_is_a_usage_error() {
        Run run = run("remediate", "plan", "--data", data.toString(), "--verdict", "still_in_use", "--out", "x.json");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("--verdict still_in_use cannot be remediated");
    }

    @Test
    void a_broken_plan_file_is_named_with_its_field(@TempDir Path dir) throws IOException {
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"format\":\"stocktake-remediation-plan/1\",\"plan_id\":\"nope\",\"users\":[]}");
        Run run = run("remediate", "apply", bad.toString(), "--bucket", "s3://central");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains(bad + ": plan_id: is 'nope'", bad + ": kind: is missing");
    }

    @Test
    void an_unknown_action_id_says_what_to_give() {
        Run run = run("remediate", "undo", "q-20261203-abcdef/001-deny-all", "--bucket", "s3://central");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("has no action 001-deny-all");
    }
}
