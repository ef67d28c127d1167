package dev.stocktake.infra.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/** The intrinsics resolver the policy matrix relies on: what it resolves, and that it refuses what it cannot. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class CfnResolverTest {
    static final String TEMPLATE = """
            {
              "Parameters": {"Stage": {"Type": "String", "Default": "prod"}, "NoDefault": {"Type": "String"}},
              "Conditions": {"IsProd": {"Fn::Equals": [{"Ref": "Stage"}, "prod"]},
                             "NotProd": {"Fn::Not": [{"Condition": "IsProd"}]}},
              "Resources": {
                "Bucket": {"Type": "AWS::S3::Bucket", "Properties": {"BucketName": {"Fn::Sub": "reports-${AWS::AccountId}-${AWS::Region}"}}},
                "Role": {"Type": "AWS::IAM::Role", "Properties": {"RoleName": "stocktake-collector"}},
                "Key": {"Type": "AWS::KMS::Key", "Properties": {}},
                "Table": {"Type": "AWS::Glue::Table", "Properties": {}}
              }
            }
            """;

    final CfnResolver resolver;

    CfnResolverTest() throws Exception {
        resolver = new CfnResolver("test", PolicyEvaluator.JSON.readTree(TEMPLATE), "333333333333", "eu-west-1", Map.of());
    }

    JsonNode resolve(String json) throws Exception {
        return resolver.resolve(PolicyEvaluator.JSON.readTree(json));
    }

    @Test
    void resolves_refs_getatts_joins_selects_splits_and_conditions_for_the_account() throws Exception {
        assertThat(resolve("{\"Fn::GetAtt\": [\"Bucket\", \"Arn\"]}").asText()).isEqualTo("arn:aws:s3:::reports-333333333333-eu-west-1");
        assertThat(resolve("{\"Fn::GetAtt\": [\"Role\", \"Arn\"]}").asText()).isEqualTo("arn:aws:iam::333333333333:role/stocktake-collector");
        assertThat(resolve("{\"Fn::GetAtt\": [\"Key\", \"Arn\"]}").asText())
                .isEqualTo("arn:aws:kms:eu-west-1:333333333333:key/" + CfnResolver.KEY_ID);
        assertThat(resolve("{\"Fn::Join\": [\"\", [\"arn:\", {\"Ref\": \"AWS::Partition\"}, \":s3:::b/${aws:PrincipalAccount}\"]]}").asText())
                .isEqualTo("arn:aws:s3:::b/${aws:PrincipalAccount}");
        assertThat(resolve("{\"Fn::Select\": [1, {\"Fn::Split\": [\"-\", \"a-b-c\"]}]}").asText()).isEqualTo("b");
        assertThat(resolve("{\"Fn::If\": [\"NotProd\", \"x\", {\"Ref\": \"AWS::NoValue\"}]}")).isNull();
        assertThat(resolve("{\"Fn::If\": [\"IsProd\", \"yes\", \"no\"]}").asText()).isEqualTo("yes");
        assertThat(resolve("{\"a\": [1, {\"Ref\": \"AWS::NoValue\"}], \"b\": {\"Ref\": \"AWS::NoValue\"}}").toString()).isEqualTo("{\"a\":[1]}");
    }

    @Test
    void fn_sub_keeps_an_escaped_policy_variable_literal_and_refuses_an_unescaped_one_as_cloudformation_does() throws Exception {
        assertThat(resolve("{\"Fn::Sub\": \"arn:${AWS::Partition}:s3:::b/*@${!aws:PrincipalAccount}.csv\"}").asText())
                .isEqualTo("arn:aws:s3:::b/*@${aws:PrincipalAccount}.csv");
        assertThat(resolve("{\"Fn::Sub\": [\"${Name}-${Role.Arn}\", {\"Name\": \"n\"}]}").asText())
                .isEqualTo("n-arn:aws:iam::333333333333:role/stocktake-collector");
        assertThatThrownBy(() -> resolve("{\"Fn::Sub\": \"b/*@${aws:PrincipalAccount}.csv\"}"))
                .hasMessageContaining("template test (account 333333333333)")
                .hasMessageContaining("aws:PrincipalAccount");
    }

    @Test
    void refuses_what_it_cannot_resolve_naming_the_template_and_the_expression() {
        assertThatThrownBy(() -> resolve("{\"Ref\": \"NoDefault\"}")).hasMessageContaining("parameter NoDefault has no default");
        assertThatThrownBy(() -> resolve("{\"Fn::GetAtt\": [\"Table\", \"Arn\"]}"))
                .hasMessageContaining("the ARN of a AWS::Glue::Table is not modelled");
        assertThatThrownBy(() -> resolve("{\"Fn::GetAtt\": [\"Bucket\", \"DomainName\"]}")).hasMessageContaining("only Arn is modelled");
        assertThatThrownBy(() -> resolve("{\"Fn::ImportValue\": \"central-bucket\"}")).hasMessageContaining("Fn::ImportValue central-bucket");
        assertThatThrownBy(() -> resolve("{\"Fn::GetAZs\": \"\"}")).hasMessageContaining("unsupported intrinsic Fn::GetAZs");
        assertThatThrownBy(() -> resolve("{\"Ref\": \"Missing\"}")).hasMessageContaining("Ref to Missing");
    }
}
