package dev.stocktake.collector;

import dev.stocktake.report.ReportFormat;

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
        assertThat(result.stored().key()).endsWith("/shop-prd.csv");
    }

    @Test
    void denied_assume_role_files_the_report_under_the_account_id_and_says_so() {
        proxy.failAlways("sts:AssumeRole", Fault.accessDenied("User: arn:aws:sts::" + member.id()
                + ":assumed-role/stocktake-collector/x is not authorized to perform: sts:AssumeRole"));

        CollectionResult result = collect(member, Duration.ofMinutes(5));

        assertThat(result.stored().key()).isEqualTo("credential-reports/2026/11/28/" + member.id() + ".csv");
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
        assertThat(result.stored().key()).endsWith("/" + member.id() + ".csv");
        assertThat(stored(result)).isEqualTo(memberReport);
    }

    @Test
    void an_s3_500_is_retried_and_the_report_lands_once() {
        proxy.failNext("s3:PutObject", 1, Fault.s3InternalError());

        CollectionResult result = collect(member, Duration.ofMinutes(5));

        assertThat(proxy.calls("s3:PutObject")).isEqualTo(2);
        assertThat(objects()).containsExactly("credential-reports/2026/11/28/shop-prd.csv");
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
                .hasMessageContaining("'user,arn,'")
                .hasMessageNotContaining("Service Unavailable");
        assertThat(objects()).isEmpty();
        assertThat(proxy.calls("s3:PutObject")).isZero();
    }

    @Test
    void when_the_bucket_policy_hides_another_accounts_object_the_report_takes_the_account_id_key() {
        CollectionResult first = collect(twin, Duration.ofMinutes(5));
        assertThat(first.stored().outcome()).isEqualTo(Outcome.CREATED);
        // In AWS a collector may read back only objects tagged with its own account: HEAD answers 403.
        proxy.failAlways("s3:HeadObject", Fault.accessDenied("Access Denied"));

        CollectionResult second = collect(member, Duration.ofMinutes(5));

        assertThat(second.stored().outcome()).isEqualTo(Outcome.NAME_TAKEN_BY_OTHER_ACCOUNT);
        assertThat(objects()).containsExactlyInAnyOrder(
                "credential-reports/2026/11/28/shop-prd.csv",
                "credential-reports/2026/11/28/shop-prd@" + member.id() + ".csv");
        assertThat(stored(second)).isEqualTo(memberReport);
        assertThat(stored(first)).isNotEqualTo(memberReport).asString(StandardCharsets.UTF_8).contains(twin.id());
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
                        + "/credential-reports/2026/11/28/shop-prd.csv\",\"outcome\":\"CREATED\"}");
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
