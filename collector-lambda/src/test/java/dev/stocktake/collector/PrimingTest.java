package dev.stocktake.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneId;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import dev.stocktake.support.logging.JsonLog;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;

/** The offline collection SnapStart's snapshot is primed with. No emulator: it must never need one. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class PrimingTest {

    /** Real AWS endpoints (no override): the offline client must answer before any connection is tried. */
    private static final CollectorConfig AWS = new CollectorConfig("stocktake-reports-111122223333", "credential-reports/",
            "arn:aws:iam::111122223333:role/stocktake-org-read", ZoneId.of("UTC"), null, null, null, "iam-details/");

    @Test
    void a_dry_run_against_the_real_endpoints_runs_every_step_of_a_collection_offline_in_order() {
        var http = new OfflineHttpClient();

        var operations = Priming.dryRun(AWS, http, Clock.systemUTC());

        assertThat(operations).containsExactly("iam:GenerateCredentialReport", "iam:GetCredentialReport", "sts:AssumeRole",
                "organizations:DescribeAccount", "s3:PutObject",
                "iam:ListUsers", "iam:ListUserTags", "iam:ListRoles", "iam:GetRole", "s3:PutObject");
    }

    @Test
    void a_dry_run_with_the_iam_details_switched_off_runs_the_report_steps_only() {
        var operations = Priming.dryRun(AWS.withDetailsPrefix(null), new OfflineHttpClient(), Clock.systemUTC());

        assertThat(operations).containsExactly("iam:GenerateCredentialReport", "iam:GetCredentialReport", "sts:AssumeRole",
                "organizations:DescribeAccount", "s3:PutObject");
    }

    @Test
    void a_dry_run_with_a_kms_key_also_runs_offline() {
        var kms = new CollectorConfig(AWS.reportBucket(), AWS.reportPrefix(), AWS.managementRoleArn(), AWS.reportTimeZone(),
                "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab", null, null, AWS.detailsPrefix());

        assertThat(Priming.dryRun(kms, new OfflineHttpClient(), Clock.systemUTC())).endsWith("s3:PutObject");
    }

    @Test
    void priming_logs_one_line_that_says_no_aws_call_was_made_and_no_report_stored_line() {
        var bytes = new ByteArrayOutputStream();

        Priming.run(AWS, new JsonLog(new PrintStream(bytes, true, StandardCharsets.UTF_8)), Clock.systemUTC());

        assertThat(bytes.toString(StandardCharsets.UTF_8).lines().toList()).singleElement().asString()
                .contains("collector primed for the SnapStart snapshot").contains("no AWS calls")
                .contains("iam:GenerateCredentialReport,iam:GetCredentialReport,sts:AssumeRole,organizations:DescribeAccount,s3:PutObject,"
                        + "iam:ListUsers,iam:ListUserTags,iam:ListRoles,iam:GetRole,s3:PutObject")
                .doesNotContain("credential report stored");
    }

    @Test
    void the_offline_client_fails_naming_a_request_it_has_no_answer_for() {
        var request = HttpExecuteRequest.builder().request(SdkHttpRequest.builder().method(SdkHttpMethod.GET)
                .uri(URI.create("https://stocktake-reports-111122223333.s3.amazonaws.com/credential-reports/x.csv")).build()).build();

        assertThatThrownBy(() -> new OfflineHttpClient().prepareRequest(request).call())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("The offline priming run made a request it has no answer for: GET "
                        + "https://stocktake-reports-111122223333.s3.amazonaws.com/credential-reports/x.csv"
                        + ". The collection's calls changed: teach OfflineHttpClient the new call.");
    }
}
