package dev.stocktake.collector;

import dev.stocktake.report.ReportFormat;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.stocktake.support.testing.DeployableJvm;
import dev.stocktake.support.testing.StandInContext;
import dev.stocktake.collector.testing.LambdaRuntimeStandIn;
import dev.stocktake.emulator.Emulator;
import dev.stocktake.emulator.EmulatorOrganization;
import dev.stocktake.emulator.EmulatorOrganization.MemberAccount;
import dev.stocktake.emulator.EmulatorOrganization.UserSpec;
import dev.stocktake.emulator.FaultInjectingProxy;
import dev.stocktake.emulator.FaultInjectingProxy.Fault;
import dev.stocktake.emulator.junit.EmulatorExtension;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The key fault paths of {@link CollectorFaultTest}, run through the deployable itself: the
 * ProGuard-shrunk {@code target/stocktake-collector.jar} in a fresh JVM, invoked as the Lambda
 * runtime does, against the emulator behind a {@link FaultInjectingProxy}, with real waits. A
 * retry or fallback path whose classes the shrinking dropped fails here. Runs after
 * {@code package} (failsafe).
 */
@ExtendWith(EmulatorExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ShadedJarFaultIT {

    private static final Path JAR = Path.of("target", "stocktake-collector.jar");
    private static final AtomicInteger BUCKETS = new AtomicInteger();
    private static final String TODAY = LocalDate.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy/MM/dd"));

    private DeployableJvm jvm;
    private EmulatorOrganization org;
    private FaultInjectingProxy proxy;
    private S3Client s3;
    private MemberAccount member;
    private MemberAccount twin;
    private byte[] memberReport;
    private String bucket;

    @BeforeAll
    void seed(Emulator emulator) {
        assertThat(JAR).as("run after `package`").exists();
        org = EmulatorOrganization.create(emulator.endpoint());
        s3 = org.s3();
        member = org.createAccount("jar-prd");
        twin = org.createAccount("jar-prd");
        org.createUsers(member.id(), List.of(UserSpec.console("alice", true), UserSpec.keysOnly("deployer", 1)));
        org.createUsers(twin.id(), List.of(UserSpec.console("carol", false)));
        try (IamClient iam = org.iam(member.id())) {
            while (iam.generateCredentialReport().stateAsString().equals("STARTED")) {
                // moto completes on the next call
            }
            memberReport = iam.getCredentialReport().content().asByteArray();
        }
        proxy = FaultInjectingProxy.start(emulator.endpoint());
    }

    @AfterAll
    void stopProxy() {
        proxy.close();
    }

    @BeforeEach
    void freshBucketAndCounters() {
        bucket = "jar-fault-" + BUCKETS.incrementAndGet();
        org.createBucket(bucket);
        proxy.clearFaults();
        proxy.resetCounts();
    }

    private DeployableJvm.Run invoke(MemberAccount account, int remainingMillis, String... more) throws IOException, InterruptedException {
        var credentials = (AwsSessionCredentials) org.credentialsFor(account.id()).resolveCredentials();
        Map<String, String> env = new HashMap<>(Map.of(
                "AWS_ACCESS_KEY_ID", credentials.accessKeyId(),
                "AWS_SECRET_ACCESS_KEY", credentials.secretAccessKey(),
                "AWS_SESSION_TOKEN", credentials.sessionToken(),
                "AWS_REGION", "us-east-1",
                "AWS_ENDPOINT_URL", proxy.endpoint().toString(),
                "REPORT_BUCKET", bucket,
                "MANAGEMENT_ROLE_ARN", "arn:aws:iam::123456789012:role/stocktake-org-read"));
        var args = new java.util.ArrayList<>(List.of(account.id(), Integer.toString(remainingMillis)));
        args.addAll(List.of(more));
        if (jvm == null) {
            jvm = DeployableJvm.prepare(JAR, Path.of("target", "stand-in-classes"), LambdaRuntimeStandIn.class, StandInContext.class);
        }
        return jvm.run(env, args.toArray(String[]::new));
    }

    private String memberKey() {
        return "credential-reports/" + TODAY + "/jar-prd@" + member.id() + ".csv";
    }

    /** The member's IAM details file of today: the deployable writes one beside each report by default. */
    private String memberDetailsKey() {
        return "iam-details/" + TODAY + "/jar-prd@" + member.id() + ".json";
    }

    private List<String> objects() {
        return s3.listObjectsV2(r -> r.bucket(bucket)).contents().stream().map(S3Object::key).toList();
    }

    private byte[] object(String key) {
        return s3.getObjectAsBytes(r -> r.bucket(bucket).key(key)).asByteArray();
    }

    @Test
    void a_fault_free_run_makes_one_assume_role_and_one_describe_account_call() throws Exception {
        DeployableJvm.Run run = invoke(member, 120_000);

        assertThat(run.exit()).as(run.stderr()).isZero();
        assertThat(proxy.calls("sts:AssumeRole")).isEqualTo(1);
        assertThat(proxy.calls("organizations:DescribeAccount")).isEqualTo(1);
        assertThat(proxy.calls("sts:GetCallerIdentity")).isZero();
        assertThat(objects()).containsExactly(memberKey(), memberDetailsKey());
        assertThat(object(memberKey())).isEqualTo(memberReport);
        // The details path survives the shrinking: every call made once, the file read back.
        for (String operation : List.of("iam:ListUsers", "iam:ListRoles")) {
            assertThat(proxy.calls(operation)).as(operation).isEqualTo(1);
        }
        assertThat(proxy.calls("iam:ListUserTags")).as("one per user").isEqualTo(2);
        assertThat(new String(object(memberDetailsKey()), StandardCharsets.UTF_8).lines().toList())
                .hasSize(3).first().asString().contains("\"kind\":\"collection\"").contains("\"users\":2");
        assertThat(run.stdout()).contains("\"detailsWritten\":true").doesNotContain("DetailsNotWritten");
    }

    @Test
    void snapstart_priming_makes_no_aws_call_and_the_invocation_after_it_collects_as_usual() throws Exception {
        DeployableJvm.Run run = invoke(member, 120_000, "prime");

        assertThat(run.exit()).as(run.stderr()).isZero();
        assertThat(run.stdout()).contains("collector primed for the SnapStart snapshot")
                .contains("\"credential report stored\"").contains("\"accountName\":\"jar-prd\"");
        assertThat(proxy.calls("iam:GenerateCredentialReport")).as("the priming run's calls never reach AWS").isEqualTo(1);
        assertThat(proxy.calls("sts:AssumeRole")).isEqualTo(1);
        assertThat(proxy.calls("organizations:DescribeAccount")).isEqualTo(1);
        assertThat(proxy.calls("iam:ListUsers")).isEqualTo(1);
        assertThat(proxy.calls("s3:PutObject")).as("the report and the details file, each once").isEqualTo(2);
        assertThat(objects()).containsExactly(memberKey(), memberDetailsKey());
    }

    @Test
    void report_in_progress_and_limit_exceeded_are_waited_out() throws Exception {
        proxy.failNext("iam:GenerateCredentialReport", 1, Fault.limitExceeded());
        proxy.failNext("iam:GetCredentialReport", 2, Fault.reportInProgress());

        DeployableJvm.Run run = invoke(member, 120_000);

        assertThat(run.exit()).as(run.stderr()).isZero();
        assertThat(proxy.faults("iam:GenerateCredentialReport")).isEqualTo(1);
        assertThat(proxy.faults("iam:GetCredentialReport")).isEqualTo(2);
        assertThat(proxy.calls("iam:GetCredentialReport")).isEqualTo(3);
        assertThat(run.stdout()).contains("\"credential report stored\"");
        assertThat(object(memberKey())).isEqualTo(memberReport);
    }

    @Test
    void throttled_describe_account_beyond_the_sdk_retries_still_finds_the_name() throws Exception {
        proxy.failNext("organizations:DescribeAccount", 4, Fault.tooManyRequests());

        DeployableJvm.Run run = invoke(member, 120_000);

        assertThat(run.exit()).as(run.stderr()).isZero();
        assertThat(proxy.calls("organizations:DescribeAccount")).isEqualTo(5);
        assertThat(proxy.calls("sts:AssumeRole")).isEqualTo(1);
        assertThat(objects()).containsExactly(memberKey(), memberDetailsKey());
    }

    @Test
    void denied_assume_role_files_the_report_under_the_account_id() throws Exception {
        proxy.failAlways("sts:AssumeRole", Fault.accessDenied("not authorized to perform: sts:AssumeRole"));

        DeployableJvm.Run run = invoke(member, 120_000);

        assertThat(run.exit()).as(run.stderr()).isZero();
        assertThat(proxy.calls("sts:AssumeRole")).as("access denied is not retried").isEqualTo(1);
        assertThat(proxy.calls("organizations:DescribeAccount")).isZero();
        assertThat(run.stdout()).contains("account name lookup failed").contains("AccessDenied");
        assertThat(object("credential-reports/" + TODAY + "/" + member.id() + "@" + member.id() + ".csv")).isEqualTo(memberReport);
    }

    @Test
    void an_s3_500_is_retried_and_the_report_lands_once() throws Exception {
        proxy.failNext("s3:PutObject", 1, Fault.s3InternalError());

        DeployableJvm.Run run = invoke(member, 120_000);

        assertThat(run.exit()).as(run.stderr()).isZero();
        assertThat(proxy.calls("s3:PutObject")).as("the report twice, then the details file").isEqualTo(3);
        assertThat(objects()).containsExactly(memberKey(), memberDetailsKey());
    }

    @Test
    void a_same_named_account_and_a_same_day_rerun_each_keep_to_their_own_key() throws Exception {
        assertThat(invoke(twin, 120_000).exit()).isZero();
        assertThat(invoke(member, 120_000).exit()).isZero();
        proxy.resetCounts();

        DeployableJvm.Run rerun = invoke(member, 120_000);

        assertThat(rerun.exit()).as(rerun.stderr()).isZero();
        assertThat(rerun.stdout()).contains("\"outcome\":\"REPLACED_OWN\"");
        assertThat(proxy.calls("s3:PutObject")).as("If-None-Match refused, then If-Match: for the report and the details file")
                .isEqualTo(4);
        assertThat(proxy.calls("s3:HeadObject")).isEqualTo(2);
        assertThat(rerun.stdout()).contains("\"detailsWritten\":true");
        assertThat(objects()).containsExactlyInAnyOrder("credential-reports/" + TODAY + "/jar-prd@" + twin.id() + ".csv",
                memberKey(), "iam-details/" + TODAY + "/jar-prd@" + twin.id() + ".json", memberDetailsKey());
        assertThat(object(memberKey())).isEqualTo(memberReport);
    }

    @Test
    void denied_list_user_tags_keeps_the_report_and_the_invocation_succeeds_saying_details_were_not_written() throws Exception {
        proxy.failAlways("iam:ListUserTags", Fault.accessDenied("not authorized to perform: iam:ListUserTags on resource: user alice"));

        DeployableJvm.Run run = invoke(member, 120_000);

        assertThat(run.exit()).as(run.stderr()).isZero();
        assertThat(objects()).containsExactly(memberKey());
        assertThat(object(memberKey())).isEqualTo(memberReport);
        assertThat(run.stdout().lines().filter(l -> l.contains("\"level\":\"WARN\"")).toList()).singleElement().asString()
                .contains("IAM details file NOT written").contains("\"DetailsNotWritten\":1").doesNotContain("alice");
        assertThat(run.stdout()).contains("\"detailsWritten\":false").contains("\"detailsReason\":")
                .contains("iam:ListUserTags failed: AccessDenied (HTTP 403)");
    }

    @Test
    void a_report_of_unknown_layout_is_stored_unchanged_with_a_warning_and_its_metric() throws Exception {
        String csv = String.join(",", ReportFormat.STANDARD_COLUMNS).replace("mfa_active,", "") + "\n"
                + "<root_account>,arn:aws:iam::" + member.id() + ":root,2019-01-01T00:00:00+00:00,not_supported,"
                + "no_information,not_supported,not_supported,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A\n";
        proxy.failAlways("iam:GetCredentialReport", new Fault.Canned(200, "text/xml",
                "<GetCredentialReportResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><GetCredentialReportResult>"
                        + "<Content>" + Base64.getEncoder().encodeToString(csv.getBytes(StandardCharsets.UTF_8)) + "</Content>"
                        + "<ReportFormat>text/csv</ReportFormat><GeneratedTime>2026-11-28T09:00:00Z</GeneratedTime>"
                        + "</GetCredentialReportResult><ResponseMetadata><RequestId>x</RequestId></ResponseMetadata>"
                        + "</GetCredentialReportResponse>"));

        DeployableJvm.Run run = invoke(member, 120_000);

        assertThat(run.exit()).as(run.stderr()).isZero();
        assertThat(object(memberKey())).isEqualTo(csv.getBytes(StandardCharsets.UTF_8));
        assertThat(run.stdout().lines().filter(l -> l.contains("\"level\":\"WARN\"")).toList()).singleElement().asString()
                .contains("\"accountId\":\"" + member.id() + "\"").contains("\"layoutDifference\":\"missing mfa_active\"")
                .contains("\"UnknownReportLayout\":1");
        assertThat(s3.headObject(r -> r.bucket(bucket).key(memberKey())).metadata())
                .containsEntry("report-layout", "unknown").containsEntry("report-layout-difference", "missing mfa_active");
    }

    @Test
    void a_body_that_is_not_a_credential_report_fails_the_invocation_and_writes_nothing() throws Exception {
        String html = Base64.getEncoder().encodeToString(
                "<html><body>Service Unavailable</body></html>".getBytes(StandardCharsets.UTF_8));
        proxy.failAlways("iam:GetCredentialReport", new Fault.Canned(200, "text/xml",
                "<GetCredentialReportResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><GetCredentialReportResult>"
                        + "<Content>" + html + "</Content><ReportFormat>text/csv</ReportFormat>"
                        + "<GeneratedTime>2026-11-28T09:00:00Z</GeneratedTime></GetCredentialReportResult>"
                        + "<ResponseMetadata><RequestId>x</RequestId></ResponseMetadata></GetCredentialReportResponse>"));

        DeployableJvm.Run run = invoke(member, 120_000);

        assertThat(run.exit()).isNotZero();
        assertThat(run.stderr()).contains("CollectionException").contains("not a credential report")
                .doesNotContain("Service Unavailable");
        assertThat(run.stdout()).contains("credential report NOT stored").contains("\"reason\":\"NOT_A_REPORT\"");
        assertThat(objects()).isEmpty();
        assertThat(proxy.calls("s3:PutObject")).isZero();
    }

    @Test
    void running_out_of_time_fails_the_invocation_clearly_and_writes_nothing() throws Exception {
        proxy.failAlways("iam:GetCredentialReport", Fault.reportInProgress());

        // 10 s of the 14 s are the handler's reserve: 4 s for the report.
        DeployableJvm.Run run = invoke(member, 14_000);

        assertThat(run.exit()).isNotZero();
        assertThat(run.stderr()).contains("CollectionException").contains(member.id()).contains("before the deadline")
                .contains("Nothing was written");
        assertThat(run.stdout()).contains("\"reason\":\"DEADLINE_EXCEEDED\"").contains("\"CollectionFailures\":1");
        assertThat(objects()).isEmpty();
        assertThat(proxy.calls("s3:PutObject")).isZero();
    }
}
