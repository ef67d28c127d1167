package dev.stocktake.collector;

import dev.stocktake.report.ReportFormat.Layout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;

import dev.stocktake.collector.CollectionException.Reason;
import dev.stocktake.collector.CollectionException.Step;
import dev.stocktake.support.retry.Deadline;
import dev.stocktake.support.storage.ObjectLockRetention;
import dev.stocktake.collector.storage.ReportStore;
import dev.stocktake.collector.storage.StoredReport.Outcome;
import dev.stocktake.collector.testing.Harness;
import dev.stocktake.support.testing.MutableClock;
import dev.stocktake.emulator.Emulator;
import dev.stocktake.emulator.EmulatorOrganization;
import dev.stocktake.emulator.EmulatorOrganization.MemberAccount;
import dev.stocktake.emulator.EmulatorOrganization.UserSpec;
import dev.stocktake.emulator.FaultInjectingProxy;
import dev.stocktake.emulator.FaultInjectingProxy.Fault;
import dev.stocktake.emulator.junit.EmulatorExtension;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The faults AWS produces and the emulator never does, injected by a proxy in front of it:
 * each must end either in a stored report or in a clear error with nothing written.
 */
@ExtendWith(EmulatorExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class CollectorFaultTest {

    private static final AtomicInteger BUCKETS = new AtomicInteger();
    private static final Fault PRECONDITION_FAILED =
            Fault.error(412, "PreconditionFailed", "At least one of the pre-conditions you specified did not hold");
    /** Today's header, written out independently of the code under test. */
    private static final String STANDARD_HEADER = "user,arn,user_creation_time,password_enabled,password_last_used,"
            + "password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,"
            + "access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,"
            + "access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,"
            + "access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated";

    private EmulatorOrganization org;
    private FaultInjectingProxy proxy;
    private S3Client s3;
    private MemberAccount member;
    private MemberAccount twin;
    private byte[] memberReport;

    private MutableClock clock;
    private Harness harness;
    private String bucket;

    @BeforeAll
    void seed(Emulator emulator) {
        org = EmulatorOrganization.create(emulator.endpoint());
        s3 = org.s3();
        member = org.createAccount("shop-prd");
        twin = org.createAccount("shop-prd");
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
        bucket = "fault-test-" + BUCKETS.incrementAndGet();
        org.createBucket(bucket);
        proxy.clearFaults();
        proxy.resetCounts();
        clock = new MutableClock(Instant.parse("2026-11-28T09:30:00Z"));
        harness = new Harness();
    }

    private Collector collector(MemberAccount account) {
        return harness.collectorFor(org, account.id(), Harness.config(proxy.endpoint(), bucket), clock);
    }

    private CollectionResult collect(MemberAccount account, Duration budget) {
        return collector(account).collect(account.id(), Deadline.after(clock, budget));
    }

    private List<String> objects() {
        return s3.listObjectsV2(r -> r.bucket(bucket)).contents().stream().map(S3Object::key).toList();
    }

    private String memberKey() {
        return "credential-reports/2026/11/28/shop-prd@" + member.id() + ".csv";
    }

    /** GetCredentialReport answering {@code csv}, in IAM's wire format. */
    private static Fault report(String csv) {
        return new Fault.Canned(200, "text/xml",
                "<GetCredentialReportResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><GetCredentialReportResult>"
                        + "<Content>" + Base64.getEncoder().encodeToString(csv.getBytes(StandardCharsets.UTF_8)) + "</Content>"
                        + "<ReportFormat>text/csv</ReportFormat><GeneratedTime>2026-11-28T09:00:00Z</GeneratedTime>"
                        + "</GetCredentialReportResult><ResponseMetadata><RequestId>x</RequestId></ResponseMetadata>"
                        + "</GetCredentialReportResponse>");
    }

    private byte[] stored(CollectionResult result) {
        return s3.getObjectAsBytes(r -> r.bucket(bucket).key(result.stored().key())).asByteArray();
    }

    @Test
    void report_in_progress_several_times_then_the_report_lands() {
        proxy.failNext("iam:GetCredentialReport", 3, Fault.reportInProgress());

        CollectionResult result = collect(member, Duration.ofMinutes(5));

        assertThat(proxy.faults("iam:GetCredentialReport")).isEqualTo(3);
        assertThat(proxy.calls("iam:GetCredentialReport")).isEqualTo(4);
        assertThat(result.retries()).isGreaterThanOrEqualTo(3);
        assertThat(stored(result)).isEqualTo(memberReport);
    }

    @Test
    void limit_exceeded_on_generation_is_waited_out() {
        proxy.failNext("iam:GenerateCredentialReport", 2, Fault.limitExceeded());

        CollectionResult result = collect(member, Duration.ofMinutes(5));

        assertThat(proxy.faults("iam:GenerateCredentialReport")).isEqualTo(2);
        assertThat(proxy.calls("iam:GenerateCredentialReport")).isGreaterThanOrEqualTo(3);
        assertThat(result.retries()).isGreaterThanOrEqualTo(2);
        assertThat(stored(result)).isEqualTo(memberReport);
    }

    @Test
    void throttled_describe_account_is_retried_and_the_name_is_still_found() {
        // More than the SDK's own three attempts: the collector's backoff has to take over.
        proxy.failNext("organizations:DescribeAccount", 5, Fault.tooManyRequests());

        CollectionResult result = collect(member, Duration.ofMinutes(5));

        assertThat(proxy.faults("organizations:DescribeAccount")).isEqualTo(5);
        assertThat(proxy.calls("organizations:DescribeAccount")).isEqualTo(6);
        assertThat(result.accountName().name()).isEqualTo("shop-prd");
        assertThat(result.accountName().isFallback()).isFalse();
        assertThat(result.stored().key()).endsWith("/shop-prd@" + member.id() + ".csv");
    }

    @Test
    void denied_assume_role_files_the_report_under_the_account_id_and_says_so() {
        proxy.failAlways("sts:AssumeRole", Fault.accessDenied("User: arn:aws:sts::" + member.id()
                + ":assumed-role/stocktake-collector/x is not authorized to perform: sts:AssumeRole"));

        CollectionResult result = collect(member, Duration.ofMinutes(5));

        assertThat(result.stored().key()).isEqualTo("credential-reports/2026/11/28/" + member.id() + "@" + member.id() + ".csv");
        assertThat(stored(result)).isEqualTo(memberReport);
        assertThat(proxy.calls("organizations:DescribeAccount")).as("no lookup without the role's credentials").isZero();
        assertThat(proxy.calls("sts:AssumeRole")).as("access denied is not retried").isEqualTo(1);
        var head = s3.headObject(r -> r.bucket(bucket).key(result.stored().key()));
        assertThat(head.metadata()).containsEntry(ReportStore.META_NAME_SOURCE, "account-id-fallback")
                .containsEntry(ReportStore.META_ACCOUNT_ID, member.id());
        assertThat(head.metadata().get(ReportStore.META_NAME_FALLBACK_REASON)).contains("AccessDenied");
        assertThat(harness.logLines()).anySatisfy(line -> assertThat(line)
                .contains("\"level\":\"WARN\"").contains("account name lookup failed").contains(member.id()));
        assertThat(harness.logLines()).anySatisfy(line -> assertThat(line)
                .contains("\"credential report stored\"").contains("\"AccountNameFallback\":1"));
    }

    @Test
    void describe_account_that_keeps_failing_falls_back_within_its_time_budget() {
        proxy.failAlways("organizations:DescribeAccount", Fault.tooManyRequests());

        CollectionResult result = collect(member, Duration.ofMinutes(10));

        assertThat(result.accountName().isFallback()).isTrue();
        assertThat(result.accountName().fallbackReason()).contains("TooManyRequestsException");
        assertThat(result.stored().key()).endsWith("/" + member.id() + "@" + member.id() + ".csv");
        assertThat(stored(result)).isEqualTo(memberReport);
    }

    @Test
    void an_s3_500_is_retried_and_the_report_lands_once() {
        proxy.failNext("s3:PutObject", 1, Fault.s3InternalError());

        CollectionResult result = collect(member, Duration.ofMinutes(5));

        assertThat(proxy.calls("s3:PutObject")).isEqualTo(2);
        assertThat(objects()).containsExactly(memberKey());
        assertThat(stored(result)).isEqualTo(memberReport);
    }

    @Test
    void running_out_of_time_fails_clearly_and_writes_nothing() {
        proxy.failAlways("iam:GetCredentialReport", Fault.reportInProgress());

        assertThatThrownBy(() -> collect(member, Duration.ofSeconds(40)))
                .isInstanceOfSatisfying(CollectionException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.DEADLINE_EXCEEDED);
                    assertThat(e.step()).isEqualTo(Step.GET_REPORT);
                })
                .hasMessageContaining(member.id())
                .hasMessageContaining("ReportInProgress")
                .hasMessageContaining("before the deadline")
                .hasMessageContaining("Nothing was written");
        assertThat(objects()).isEmpty();
        assertThat(proxy.calls("s3:PutObject")).isZero();
        assertThat(harness.logLines()).anySatisfy(line -> assertThat(line)
                .contains("\"level\":\"ERROR\"").contains("credential report NOT stored")
                .contains("\"reason\":\"DEADLINE_EXCEEDED\"").contains("\"CollectionFailures\":1"));
    }

    @Test
    void a_body_that_is_not_a_credential_report_is_refused_and_nothing_is_written() {
        String html = Base64.getEncoder().encodeToString(
                "<html><body>Service Unavailable</body></html>".getBytes(StandardCharsets.UTF_8));
        proxy.failAlways("iam:GetCredentialReport", new Fault.Canned(200, "text/xml",
                "<GetCredentialReportResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><GetCredentialReportResult>"
                        + "<Content>" + html + "</Content><ReportFormat>text/csv</ReportFormat>"
                        + "<GeneratedTime>2026-11-28T09:00:00Z</GeneratedTime></GetCredentialReportResult>"
                        + "<ResponseMetadata><RequestId>x</RequestId></ResponseMetadata></GetCredentialReportResponse>"));

        assertThatThrownBy(() -> collect(member, Duration.ofMinutes(5)))
                .isInstanceOfSatisfying(CollectionException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.NOT_A_REPORT);
                    assertThat(e.step()).isEqualTo(Step.VALIDATE_REPORT);
                })
                .hasMessageContaining("not a credential report")
                .hasMessageContaining("does not name the columns 'user' and 'arn'")
                .hasMessageNotContaining("Service Unavailable");
        assertThat(objects()).isEmpty();
        assertThat(proxy.calls("s3:PutObject")).isZero();
    }

    @Test
    void two_accounts_with_one_name_each_store_their_own_report_under_their_own_key() {
        CollectionResult first = collect(twin, Duration.ofMinutes(5));
        CollectionResult second = collect(member, Duration.ofMinutes(5));

        assertThat(first.stored().outcome()).isEqualTo(Outcome.CREATED);
        assertThat(second.stored().outcome()).isEqualTo(Outcome.CREATED);
        assertThat(objects()).containsExactlyInAnyOrder(
                "credential-reports/2026/11/28/shop-prd@" + twin.id() + ".csv", memberKey());
        assertThat(proxy.calls("s3:HeadObject")).as("no existing object to look at").isZero();
        assertThat(stored(second)).isEqualTo(memberReport);
        assertThat(stored(first)).isNotEqualTo(memberReport).asString(StandardCharsets.UTF_8).contains(twin.id());
    }

    @Test
    void a_rerun_whose_key_changes_between_head_and_put_decides_again_and_replaces_its_own_report() {
        collect(member, Duration.ofMinutes(5));
        clock.advance(Duration.ofHours(2));
        proxy.resetCounts();
        // The re-run's If-None-Match gets 412 anyway; the If-Match after the HEAD gets 412 as if a concurrent run of
        // this account had just written: the second decision replaces the report.
        proxy.failNext("s3:PutObject", 2, PRECONDITION_FAILED);

        CollectionResult again = collect(member, Duration.ofMinutes(5));

        assertThat(again.stored().outcome()).isEqualTo(Outcome.REPLACED_OWN);
        assertThat(again.stored().attempts()).isEqualTo(4);
        assertThat(proxy.calls("s3:PutObject")).isEqualTo(4);
        assertThat(proxy.calls("s3:HeadObject")).isEqualTo(2);
        assertThat(objects()).containsExactly(memberKey());
        assertThat(s3.headObject(r -> r.bucket(bucket).key(memberKey())).metadata())
                .containsEntry(ReportStore.META_COLLECTED_AT, again.collectedAt().toString());
    }

    @Test
    void a_key_that_keeps_changing_fails_clearly_after_a_bounded_number_of_decisions_and_keeps_the_report_in_place() {
        CollectionResult first = collect(member, Duration.ofMinutes(5));
        clock.advance(Duration.ofHours(2));
        proxy.resetCounts();
        proxy.failAlways("s3:PutObject", PRECONDITION_FAILED);

        assertThatThrownBy(() -> collect(member, Duration.ofMinutes(5)))
                .isInstanceOfSatisfying(CollectionException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.CONFLICT);
                    assertThat(e.step()).isEqualTo(Step.WRITE_REPORT);
                })
                .hasMessageContaining(memberKey())
                .hasMessageContaining("kept changing")
                .hasMessageContaining("Nothing was lost");
        assertThat(proxy.calls("s3:PutObject")).as("two conditional writes per decision, five decisions").isEqualTo(10);
        assertThat(proxy.calls("s3:HeadObject")).isEqualTo(5);
        assertThat(s3.headObject(r -> r.bucket(bucket).key(memberKey())).metadata())
                .containsEntry(ReportStore.META_COLLECTED_AT, first.collectedAt().toString());
    }

    @Test
    void a_rerun_denied_the_head_of_its_own_key_fails_naming_the_permission_and_keeps_the_earlier_report() {
        CollectionResult first = collect(member, Duration.ofMinutes(5));
        clock.advance(Duration.ofHours(2));
        proxy.resetCounts();
        proxy.failAlways("s3:HeadObject", Fault.accessDenied("Access Denied"));

        assertThatThrownBy(() -> collect(member, Duration.ofMinutes(5)))
                .isInstanceOfSatisfying(CollectionException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.AWS_ERROR);
                    assertThat(e.step()).isEqualTo(Step.WRITE_REPORT);
                })
                .hasMessageContaining(memberKey())
                .hasMessageContaining("already holds this account's report of the day")
                .hasMessageContaining("s3:GetObject")
                .hasMessageContaining("the earlier report stays");
        assertThat(proxy.calls("s3:PutObject")).as("only the If-None-Match create, refused with 412").isEqualTo(1);
        assertThat(objects()).containsExactly(memberKey());
        assertThat(s3.headObject(r -> r.bucket(bucket).key(memberKey())).metadata())
                .containsEntry(ReportStore.META_COLLECTED_AT, first.collectedAt().toString());
    }

    @Test
    void a_report_with_an_unknown_column_layout_is_stored_byte_for_byte_marked_and_warned_about() {
        String csv = STANDARD_HEADER + ",passkey_active\n"
                + "<root_account>,arn:aws:iam::" + member.id() + ":root,2019-01-01T00:00:00+00:00,not_supported,no_information,"
                + "not_supported,not_supported,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A,false\n"
                + "secret-user-name,arn:aws:iam::" + member.id() + ":user/secret-user-name,2020-01-01T00:00:00+00:00,TRUE,N/A,"
                + "N/A,N/A,FALSE,FALSE,N/A,N/A,N/A,N/A,FALSE,N/A,N/A,N/A,N/A,FALSE,N/A,FALSE,N/A,TRUE\n";
        proxy.failAlways("iam:GetCredentialReport", report(csv));

        CollectionResult result = collect(member, Duration.ofMinutes(5));

        assertThat(stored(result)).isEqualTo(csv.getBytes(StandardCharsets.UTF_8));
        assertThat(result.header().layout()).isEqualTo(Layout.UNKNOWN);
        assertThat(s3.headObject(r -> r.bucket(bucket).key(result.stored().key())).metadata())
                .containsEntry(ReportStore.META_REPORT_LAYOUT, "unknown")
                .containsEntry(ReportStore.META_LAYOUT_DIFFERENCE, "extra passkey_active");
        assertThat(harness.logLines()).filteredOn(line -> line.contains("\"level\":\"WARN\""))
                .singleElement().asString()
                .contains("unknown column layout")
                .contains("\"accountId\":\"" + member.id() + "\"")
                .contains("\"layoutDifference\":\"extra passkey_active\"")
                .contains("\"CloudWatchMetrics\":[{\"Namespace\":\"Stocktake\"")
                .contains("{\"Name\":\"UnknownReportLayout\",\"Unit\":\"Count\"}")
                .contains("\"UnknownReportLayout\":1")
                .doesNotContain("secret-user-name").doesNotContain("arn:aws:iam");
        assertThat(harness.logLines()).anySatisfy(line -> assertThat(line)
                .contains("\"credential report stored\"").contains("\"reportLayout\":\"unknown\""));
        assertThat(String.join("\n", harness.logLines())).doesNotContain("secret-user-name");
    }

    @Test
    void reordered_and_quoted_headers_are_stored_too_never_refused() {
        String reordered = STANDARD_HEADER.replace("user,arn,", "arn,user,") + "\narn:aws:iam::" + member.id()
                + ":user/bob,bob,2020-01-01T00:00:00+00:00,true,N/A,N/A,N/A,false,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,"
                + "false,N/A,false,N/A\n";
        proxy.failAlways("iam:GetCredentialReport", report(reordered));
        CollectionResult first = collect(member, Duration.ofMinutes(5));
        assertThat(stored(first)).isEqualTo(reordered.getBytes(StandardCharsets.UTF_8));
        assertThat(s3.headObject(r -> r.bucket(bucket).key(first.stored().key())).metadata())
                .containsEntry(ReportStore.META_REPORT_LAYOUT, "unknown")
                .containsEntry(ReportStore.META_LAYOUT_DIFFERENCE, "reordered: column 1 is arn, expected user");

        String quoted = "\"" + STANDARD_HEADER.replace(",", "\",\"") + "\"\n";
        proxy.clearFaults();
        proxy.failAlways("iam:GetCredentialReport", report(quoted));
        clock.advance(Duration.ofHours(1));
        CollectionResult second = collect(member, Duration.ofMinutes(5));
        assertThat(second.stored().outcome()).isEqualTo(Outcome.REPLACED_OWN);
        assertThat(stored(second)).isEqualTo(quoted.getBytes(StandardCharsets.UTF_8));
        assertThat(s3.headObject(r -> r.bucket(bucket).key(second.stored().key())).metadata())
                .containsEntry(ReportStore.META_REPORT_LAYOUT, "unknown")
                .containsEntry(ReportStore.META_LAYOUT_DIFFERENCE, "header cells are quoted");
    }

    @Test
    void object_lock_without_s3_put_object_retention_fails_naming_the_permission() {
        proxy.failAlways("s3:PutObject", Fault.accessDenied("User is not authorized to perform: s3:PutObjectRetention"));
        CollectorConfig locked = new CollectorConfig(bucket, "credential-reports/", Harness.ORG_READ_ROLE, java.time.ZoneId.of("UTC"),
                null, proxy.endpoint(), new ObjectLockRetention(ObjectLockRetention.Mode.GOVERNANCE, 30));

        assertThatThrownBy(() -> harness.collectorFor(org, member.id(), locked, clock)
                .collect(member.id(), Deadline.after(clock, Duration.ofMinutes(5))))
                .isInstanceOfSatisfying(CollectionException.class, e -> assertThat(e.step()).isEqualTo(Step.WRITE_REPORT))
                .hasMessageContaining("s3:PutObjectRetention (GOVERNANCE retention is configured)")
                .hasMessageContaining("Object Lock enabled")
                .hasMessageContaining("Nothing was written");
        assertThat(objects()).isEmpty();
    }

    @Test
    void the_lambda_handler_takes_the_account_id_from_its_own_arn_without_calling_sts() throws Exception {
        var handler = new CollectorHandler(collector(member), clock);
        var out = new java.io.ByteArrayOutputStream();

        handler.handleRequest(new java.io.ByteArrayInputStream("{\"source\":\"aws.scheduler\"}".getBytes(StandardCharsets.UTF_8)),
                out, new FakeContext("arn:aws:lambda:us-east-1:" + member.id() + ":function:stocktake-collector", 300_000));

        assertThat(proxy.calls("sts:GetCallerIdentity")).isZero();
        assertThat(proxy.calls("sts:AssumeRole")).isEqualTo(1);
        assertThat(proxy.calls("organizations:DescribeAccount")).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8))
                .isEqualTo("{\"accountId\":\"" + member.id() + "\",\"location\":\"s3://" + bucket
                        + "/" + memberKey() + "\",\"outcome\":\"CREATED\",\"detailsWritten\":false,"
                        + "\"detailsReason\":\"switched off (DETAILS_ENABLED=false)\"}");
    }

    @Test
    void the_lambda_handler_leaves_a_reserve_so_a_short_invocation_fails_cleanly() {
        proxy.failAlways("iam:GetCredentialReport", Fault.reportInProgress());
        var handler = new CollectorHandler(collector(member), clock);

        assertThatThrownBy(() -> handler.handleRequest(new java.io.ByteArrayInputStream(new byte[0]),
                new java.io.ByteArrayOutputStream(),
                new FakeContext("arn:aws:lambda:us-east-1:" + member.id() + ":function:stocktake-collector", 12_000)))
                .isInstanceOfSatisfying(CollectionException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.DEADLINE_EXCEEDED));
        assertThat(objects()).isEmpty();
    }

    private record FakeContext(String functionArn, int remainingMillis) implements Context {
        @Override public String getAwsRequestId() { return "test-request"; }
        @Override public String getLogGroupName() { return "/aws/lambda/stocktake-collector"; }
        @Override public String getLogStreamName() { return "test"; }
        @Override public String getFunctionName() { return "stocktake-collector"; }
        @Override public String getFunctionVersion() { return "1"; }
        @Override public String getInvokedFunctionArn() { return functionArn; }
        @Override public CognitoIdentity getIdentity() { return null; }
        @Override public ClientContext getClientContext() { return null; }
        @Override public int getRemainingTimeInMillis() { return remainingMillis; }
        @Override public int getMemoryLimitInMB() { return 512; }
        @Override public LambdaLogger getLogger() { return null; }
    }
}
