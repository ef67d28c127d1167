package dev.stocktake.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** {@code encryption.mode = S3_MANAGED} (with a named bucket and the StackSet in the management account). */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class S3ManagedEncryptionTest {
    static StocktakeApp.Stacks stacks;
    static Template central;
    static Template member;

    @BeforeAll
    static void synthesize() {
        stacks = Fixtures.stacks("s3managed.config.json", Fixtures.fixturePaths());
        central = Template.fromStack(stacks.central());
        member = Template.fromJSON(Fixtures.jsonMap(stacks.member().templateBody()));
    }

    @Test
    void reports_and_results_use_s3_managed_keys_and_no_kms_key_is_created_but_the_coverage_topics() {
        // the one key is the coverage alarm topic's (CloudWatch alarms cannot publish to a topic under aws/sns)
        central.resourceCountIs("AWS::KMS::Key", 1);
        assertThat(Json.resources(central, "AWS::KMS::Key").keySet()).singleElement().asString().startsWith("CoverageTopicKey");
        central.hasResourceProperties("AWS::S3::Bucket", Match.objectLike(Map.of(
                "BucketName", "acme-stocktake-reports",
                "BucketEncryption", Map.of("ServerSideEncryptionConfiguration", List.of(Map.of(
                        "ServerSideEncryptionByDefault", Map.of("SSEAlgorithm", "AES256"),
                        "BlockedEncryptionTypes", Map.of("EncryptionType", List.of("SSE-C"))))))));
        central.hasResourceProperties("AWS::Athena::WorkGroup", Match.objectLike(Map.of(
                "WorkGroupConfiguration", Match.objectLike(Map.of("ResultConfiguration", Match.objectLike(Map.of(
                        "EncryptionConfiguration", Map.of("EncryptionOption", "SSE_S3")))))))); 
    }

    @Test
    void report_bucket_policy_denies_puts_under_the_prefix_with_anything_but_sse_s3_and_with_sse_c() {
        List<Map<String, Object>> statements = Json.statements(central, "AWS::S3::BucketPolicy", "PolicyDocument");
        assertThat(statements).anySatisfy(s -> assertThat(s)
                .containsEntry("Sid", "ReportsOnlySseS3")
                .containsEntry("Effect", "Deny")
                .containsEntry("Action", "s3:PutObject")
                .containsEntry("Condition", Map.of(
                        "Null", Map.of("s3:x-amz-server-side-encryption", "false"),
                        "StringNotEquals", Map.of("s3:x-amz-server-side-encryption", "AES256"))));
        assertThat(statements).anySatisfy(s -> assertThat(s)
                .containsEntry("Sid", "ReportsNeverCustomerKeys")
                .containsEntry("Condition", Map.of("Null", Map.of("s3:x-amz-server-side-encryption-customer-algorithm", "false"))));
        assertThat(statements).extracting(s -> s.get("Sid"))
                .doesNotContain("ReportsOnlySseKms", "ReportsOnlyUnderReportKey", "ReportsNeverAwsManagedKey");
    }

    @Test
    void collector_gets_no_kms_permission_and_no_key_arn() {
        assertThat(Json.statements(member, "AWS::IAM::Policy", "PolicyDocument"))
                .flatExtracting(s -> Json.list(s.get("Action")))
                .noneMatch(a -> a.startsWith("kms:"));
        member.hasResourceProperties("AWS::Lambda::Function", Match.objectLike(Map.of(
                "Environment", Map.of("Variables", Match.objectLike(Map.of(
                        "REPORT_BUCKET", "acme-stocktake-reports",
                        "KMS_KEY_ARN", Match.absent()))))));
    }

    @Test
    void directory_job_and_coverage_check_get_no_kms_permission_and_no_key_arn() {
        Template directory = Template.fromStack(stacks.accountDirectory());
        assertThat(Json.roleStatements(directory, stacks.accountDirectory().role()))
                .flatExtracting(s -> Json.list(s.get("Action")))
                .noneMatch(a -> a.startsWith("kms:"));
        directory.hasResourceProperties("AWS::Lambda::Function", Match.objectLike(Map.of(
                "Environment", Map.of("Variables", Match.objectLike(Map.of(
                        "REPORT_BUCKET", "acme-stocktake-reports",
                        "KMS_KEY_ARN", Match.absent()))))));
        assertThat(Json.roleStatements(central, stacks.central().coverageAlarm().role()))
                .flatExtracting(s -> Json.list(s.get("Action")))
                .noneMatch(a -> a.startsWith("kms:"));
    }

    @Test
    void stack_set_is_called_as_self_from_the_management_account() {
        Template.fromStack(stacks.stackSet()).hasResourceProperties("AWS::CloudFormation::StackSet",
                Match.objectLike(Map.of("CallAs", "SELF")));
        assertThat(stacks.stackSet().getAccount()).isEqualTo("111111111111");
        assertThat(stacks.assets().getFirst().getAccount()).isEqualTo("111111111111");
        member.resourceCountIs("AWS::Events::Rule", 0);
    }
}
