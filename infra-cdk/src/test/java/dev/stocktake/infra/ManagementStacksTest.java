package dev.stocktake.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** The org-read role, the per-region collector assets and the StackSet, from {@code test.config.json}. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ManagementStacksTest {
    static StocktakeApp.Stacks stacks;
    static Template orgRead;
    static Template assets;
    static Template stackSet;
    static Template member;

    @BeforeAll
    static void synthesize() {
        stacks = Fixtures.stacks("test.config.json", Fixtures.fixturePaths());
        orgRead = Template.fromStack(stacks.orgRead());
        assets = Template.fromStack(stacks.assets().getFirst());
        stackSet = Template.fromStack(stacks.stackSet());
        member = Template.fromJSON(Fixtures.jsonMap(stacks.member().templateBody()));
    }

    @Test
    void org_read_role_is_trusted_only_by_collector_roles_of_this_organization_naming_their_own_account() {
        Map<String, Object> condition = Map.of(
                "StringEquals", Map.of("aws:PrincipalOrgID", "o-testorg1234",
                        "sts:RoleSessionName", "stocktake-${aws:PrincipalAccount}",
                        "sts:SourceIdentity", "${aws:PrincipalAccount}"),
                "ArnLike", Map.of("aws:PrincipalArn", "arn:aws:iam::*:role/stocktake-collector"));
        orgRead.hasResourceProperties("AWS::IAM::Role", Map.of(
                "RoleName", "stocktake-org-read",
                "AssumeRolePolicyDocument", Map.of("Version", "2012-10-17", "Statement", List.of(
                        Map.of("Action", "sts:AssumeRole", "Effect", "Allow", "Principal", Map.of("AWS", "*"),
                                "Condition", condition),
                        Map.of("Action", "sts:SetSourceIdentity", "Effect", "Allow", "Principal", Map.of("AWS", "*"),
                                "Condition", condition))),
                "MaxSessionDuration", 3600));
    }

    @Test
    void org_read_role_may_describe_the_account_of_the_session_source_identity_and_nothing_else() {
        List<Map<String, Object>> statements = Json.statements(orgRead, "AWS::IAM::Policy", "PolicyDocument");
        assertThat(statements).hasSize(1);
        assertThat(statements.getFirst()).containsEntry("Action", "organizations:DescribeAccount").containsEntry("Effect", "Allow");
        assertThat(statements.getFirst().get("Resource").toString())
                .contains(":organizations::111111111111:account/o-testorg1234/${aws:SourceIdentity}")
                .doesNotContain("*");
        orgRead.resourceCountIs("AWS::IAM::ManagedPolicy", 0);
        orgRead.hasResourceProperties("AWS::IAM::Role", Match.objectLike(Map.of("ManagedPolicyArns", Match.absent())));
    }

    @Test
    void stack_set_is_service_managed_auto_deploys_to_the_configured_ous_and_regions() {
        stackSet.hasResourceProperties("AWS::CloudFormation::StackSet", Match.objectLike(Map.of(
                "StackSetName", "stocktake-collector",
                "PermissionModel", "SERVICE_MANAGED",
                "AutoDeployment", Map.of("Enabled", true, "RetainStacksOnAccountRemoval", false),
                "CallAs", "DELEGATED_ADMIN",
                "ManagedExecution", Map.of("Active", true),
                "Capabilities", List.of("CAPABILITY_NAMED_IAM"),
                "OperationPreferences", Map.of("RegionConcurrencyType", "PARALLEL",
                        "FailureTolerancePercentage", 10, "MaxConcurrentPercentage", 25),
                "StackInstancesGroup", List.of(Map.of(
                        "DeploymentTargets", Map.of("OrganizationalUnitIds", List.of("ou-ab12-cdef3456", "ou-ab12-99998888")),
                        "Regions", List.of("eu-west-1"))))));
    }

    @Test
    void stack_set_deploys_the_member_template_from_the_delegated_administrator() {
        stackSet.hasResourceProperties("AWS::CloudFormation::StackSet", Match.objectLike(Map.of(
                "TemplateBody", stacks.member().templateBody())));
        assertThat(stacks.stackSet().getAccount()).isEqualTo("333333333333");
        assertThat(stacks.assets().getFirst().getAccount()).isEqualTo("333333333333");
        assertThat(stacks.orgRead().getAccount()).isEqualTo("111111111111");
        assertThat(stacks.stackSet().getDependencies()).contains(stacks.assets().getFirst(), stacks.orgRead());
    }

    @Test
    void asset_bucket_is_private_and_lets_only_this_organization_read_the_collector_code() {
        assets.hasResourceProperties("AWS::S3::Bucket", Match.objectLike(Map.of(
                "BucketName", "stocktake-collector-assets-333333333333-eu-west-1",
                "PublicAccessBlockConfiguration", Map.of("BlockPublicAcls", true, "BlockPublicPolicy", true,
                        "IgnorePublicAcls", true, "RestrictPublicBuckets", true))));
        List<Map<String, Object>> allows = Json.statements(assets, "AWS::S3::BucketPolicy", "PolicyDocument").stream()
                .filter(s -> "Allow".equals(s.get("Effect"))).toList();
        assertThat(allows).hasSize(1);
        assertThat(allows.getFirst()).containsEntry("Action", "s3:GetObject").containsEntry("Principal", Map.of("AWS", "*"))
                .containsEntry("Condition", Map.of("StringEquals", Map.of("aws:PrincipalOrgID", "o-testorg1234")));
        assertThat(allows.getFirst().get("Resource").toString()).contains("/collector/*");
    }

    @Test
    void collector_jar_is_uploaded_unextracted_under_the_key_the_member_template_reads() {
        Map<String, Map<String, Object>> deployments = Json.resources(assets, "Custom::CDKBucketDeployment");
        assertThat(deployments).hasSize(1);
        Map<String, Object> deployment = Json.props(deployments.values().iterator().next());
        assertThat(deployment).containsEntry("Extract", false).containsEntry("Prune", false)
                .containsEntry("DestinationBucketKeyPrefix", "collector/");
        String sourceKey = Json.list(deployment.get("SourceObjectKeys")).getFirst();

        Map<String, Object> code = codeOf(member);
        assertThat(code.get("S3Key")).isEqualTo("collector/" + sourceKey);
        assertThat(code.get("S3Bucket")).isEqualTo(Map.of("Fn::Sub", "stocktake-collector-assets-333333333333-${AWS::Region}"));
    }

    @Test
    void member_template_needs_no_bootstrap_and_carries_no_cdk_metadata() {
        Map<String, Object> json = Fixtures.jsonMap(stacks.member().templateBody());
        assertThat(json).doesNotContainKeys("Parameters", "Rules", "Conditions");
        member.resourceCountIs("AWS::CDK::Metadata", 0);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> codeOf(Template template) {
        List<Map<String, Object>> functions = new ArrayList<>(Json.resources(template, "AWS::Lambda::Function").values());
        assertThat(functions).hasSize(1);
        return (Map<String, Object>) Json.props(functions.getFirst()).get("Code");
    }
}
