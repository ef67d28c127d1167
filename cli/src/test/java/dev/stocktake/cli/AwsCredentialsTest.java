package dev.stocktake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.stocktake.emulator.FaultInjectingProxy;
import dev.stocktake.emulator.FaultInjectingProxy.Fault;

/**
 * {@code ./stocktake collect} (and the commands that read {@code s3://} locations) with no usable AWS credentials, as a process with exactly the environment a user would
 * have: it stops at once with exit code 2 and the next step, without retrying, without the SDK's provider-chain dump
 * or Lambda advice, and without SLF4J noise. The time bound is a generous guard against retrying (the retries used
 * to last the whole 10-minute timeout), not a benchmark.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class AwsCredentialsTest {

    /** Far below the minutes a retried failure takes, far above a JVM start on a loaded machine. */
    private static final Duration GUARD = Duration.ofSeconds(60);

    @TempDir
    Path home;

    private Map<String, String> configured() {
        Map<String, String> env = CliProcess.bareEnvironment(home);
        env.put("REPORT_BUCKET", "stocktake-reports-111122223333");
        env.put("MANAGEMENT_ROLE_ARN", "arn:aws:iam::111122223333:role/stocktake-org-read");
        return env;
    }

    @Test
    void without_any_credentials_it_says_the_next_step_and_exits_2() throws Exception {
        CliProcess.Run run = CliProcess.run(configured(), "collect");

        assertThat(run.exit()).as(run.stderr()).isEqualTo(2);
        assertThat(run.stderr())
                .startsWith("stocktake collect: Unable to locate AWS credentials")
                .contains("export AWS_PROFILE=<profile>")
                .contains("aws sso login --profile <profile>")
                .contains("./stocktake collect --emulator");
        assertQuietAndPrompt(run);
    }

    @Test
    void an_unknown_profile_is_named_with_how_to_list_the_profiles() throws Exception {
        Map<String, String> env = configured();
        env.put("AWS_PROFILE", "no-such-profile");

        CliProcess.Run run = CliProcess.run(env, "collect");

        assertThat(run.exit()).as(run.stderr()).isEqualTo(2);
        assertThat(run.stderr())
                .startsWith("stocktake collect: The config profile 'no-such-profile' (AWS_PROFILE) could not be found")
                .contains("aws configure list-profiles");
        assertQuietAndPrompt(run);
    }

    @Test
    void an_sso_profile_without_a_session_says_aws_sso_login() throws Exception {
        Files.createDirectories(home.resolve(".aws"));
        Files.writeString(home.resolve(".aws/config"), """
                [profile audit]
                sso_start_url = https://example.awsapps.com/start
                sso_region = us-east-1
                sso_account_id = 111122223333
                sso_role_name = ReadOnly
                region = us-east-1
                """);
        Map<String, String> env = configured();
        env.put("AWS_PROFILE", "audit");

        CliProcess.Run run = CliProcess.run(env, "collect");

        assertThat(run.exit()).as(run.stderr()).isEqualTo(2);
        assertThat(run.stderr())
                .startsWith("stocktake collect: Unable to load the AWS credentials of profile 'audit': its SSO session "
                        + "has expired or was never started")
                .contains("Next step: aws sso login --profile audit");
        assertQuietAndPrompt(run);
    }

    @Test
    void an_expired_session_token_is_not_retried_and_says_to_refresh_it() throws Exception {
        // Nothing behind the proxy: every call it does not fault would fail to connect.
        try (FaultInjectingProxy aws = FaultInjectingProxy.start(URI.create("http://127.0.0.1:9"))) {
            aws.failAlways("sts:GetCallerIdentity",
                    Fault.error(403, "ExpiredToken", "The security token included in the request is expired"));
            Map<String, String> env = configured();
            env.put("AWS_ACCESS_KEY_ID", "ASIAEXPIREDEXAMPLE01");
            env.put("AWS_SECRET_ACCESS_KEY", "expired-secret");
            env.put("AWS_SESSION_TOKEN", "expired-session-token");
            env.put("AWS_REGION", "us-east-1");
            env.put("AWS_ENDPOINT_URL", aws.endpoint().toString());

            CliProcess.Run run = CliProcess.run(env, "collect");

            assertThat(run.exit()).as(run.stderr()).isEqualTo(2);
            assertThat(run.stderr())
                    .startsWith("stocktake collect: AWS refused the credentials of the keys in AWS_ACCESS_KEY_ID: "
                            + "ExpiredToken (HTTP 403): The security token included in the request is expired")
                    .contains("aws sso login --profile <profile>")
                    .doesNotContain("expired-secret").doesNotContain("expired-session-token");
            assertThat(aws.calls("sts:GetCallerIdentity")).as("calls of sts:GetCallerIdentity").isEqualTo(1);
            assertQuietAndPrompt(run);
        }
    }

    @Test
    void import_from_s3_without_credentials_says_the_next_step_and_exits_2(@TempDir Path target) throws Exception {
        CliProcess.Run run = CliProcess.run(CliProcess.bareEnvironment(home), "import",
                "--from", "s3://old-reports/history/", "--to", target.toString());

        assertThat(run.exit()).as(run.stderr()).isEqualTo(2);
        assertThat(run.stderr())
                .startsWith("stocktake import: Unable to locate AWS credentials")
                .contains("aws sso login --profile <profile>")
                .doesNotContain("--emulator");
        assertQuietAndPrompt(run);
        assertThat(target).isEmptyDirectory();
    }

    @Test
    void a_report_from_s3_without_credentials_says_the_next_step_before_starting_the_engine() throws Exception {
        Map<String, String> env = CliProcess.bareEnvironment(home);
        env.put("AWS_PROFILE", "no-such-profile");

        CliProcess.Run run = CliProcess.run(env, "report", "--data", "s3://stocktake-reports-111122223333/",
                "--out", home.resolve("out").toString());

        assertThat(run.exit()).as(run.stderr()).isEqualTo(2);
        // contains, not startsWith: the JVM's "Using incubator modules" line for the engine's flags comes first
        assertThat(run.stderr())
                .contains("stocktake report: The config profile 'no-such-profile' (AWS_PROFILE) could not be found");
        assertQuietAndPrompt(run);
        assertThat(home.resolve("out")).doesNotExist();
    }

    @Test
    void sql_over_s3_without_credentials_says_the_next_step_before_starting_the_engine() throws Exception {
        Map<String, String> env = CliProcess.bareEnvironment(home);
        env.put("AWS_PROFILE", "no-such-profile");

        CliProcess.Run run = CliProcess.run(env, "sql", "--data", "s3://stocktake-reports-111122223333/",
                "-e", "select count(*) from iam_users");

        assertThat(run.exit()).as(run.stderr()).isEqualTo(2);
        assertThat(run.stderr())
                .contains("stocktake sql: The config profile 'no-such-profile' (AWS_PROFILE) could not be found");
        assertQuietAndPrompt(run);
    }

    private static void assertQuietAndPrompt(CliProcess.Run run) {
        assertThat(run.stderr())
                .doesNotContain("SLF4J")
                .doesNotContain("AwsCredentialsProviderChain")
                .doesNotContain("Lambda")
                .doesNotContain("gave up after")
                .doesNotContain("Exception");
        assertThat(run.stdout()).isEmpty();
        assertThat(run.elapsed()).isLessThan(GUARD);
    }
}
