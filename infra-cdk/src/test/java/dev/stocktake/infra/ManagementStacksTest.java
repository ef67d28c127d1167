package dev.stocktake.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** The org-read role, the per-region collector assets and the StackSet, from {@code test.config.json}. */
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
    void orgReadRole_isTrustedOnlyByCollectorRolesOfThisOrganization() {
        orgRead.hasResourceProperties("AWS::IAM::Role", Map.of(
                "RoleName", "stocktake-org-read",
                "AssumeRolePolicyDocument", Map.of("Version", "2012-10-17", "Statement", List.of(Map.of(
                        "Action", "sts:AssumeRole",
                        "Effect", "Allow",
                        "Principal", Map.of("AWS", "*"),
                        "Condition", Map.of(
                                "StringEquals", Map.of("aws:PrincipalOrgID", "o-testorg1234",
                                        "sts:RoleSessionName", "stocktake-${aws:PrincipalAccount}"),
                                "ArnLike", Map.of("aws:PrincipalArn", "arn:aws:iam::*:role/stocktake-collector"))))),
                "MaxSessionDuration", 3600));
    }

    @Test
    void orgReadRole_mayDescribeAccountsOfThisOrganizationAndNothingElse() {
        List<Map<String, Object>> statements = Json.statements(orgRead, "AWS::IAM::Policy", "PolicyDocument");
        assertThat(statements).hasSize(1);
        assertThat(statements.getFirst()).containsEntry("Action", "organizations:DescribeAccount").containsEntry("Effect", "Allow");
        assertThat(statements.getFirst().get("Resource").toString()).contains(":organizations::111111111111:account/o-testorg1234/*");
        orgRead.resourceCountIs("AWS::IAM::ManagedPolicy", 0);
        orgRead.hasResourceProperties("AWS::IAM::Role", Match.objectLike(Map.of("ManagedPolicyArns", Match.absent())));
    }

    @Test
    void stackSet_isServiceManaged_autoDeploys_toTheConfiguredOusAndRegions() {
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
    void stackSet_deploysTheMemberTemplate_fromTheDelegatedAdministrator() {
        stackSet.hasResourceProperties("AWS::CloudFormation::StackSet", Match.objectLike(Map.of(
                "TemplateBody", stacks.member().templateBody())));
        assertThat(stacks.stackSet().getAccount()).isEqualTo("333333333333");
        assertThat(stacks.assets().getFirst().getAccount()).isEqualTo("333333333333");
        assertThat(stacks.orgRead().getAccount()).isEqualTo("111111111111");
        assertThat(stacks.stackSet().getDependencies()).contains(stacks.assets().getFirst(), stacks.orgRead());
    }

    @Test
    void assetBucket_isPrivate_andLetsOnlyThisOrganizationReadTheCollectorCode() {
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
    void collectorJar_isUploadedUnextracted_underTheKeyTheMemberTemplateReads() {
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
    void memberTemplate_needsNoBootstrapAndCarriesNoCdkMetadata() {
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
