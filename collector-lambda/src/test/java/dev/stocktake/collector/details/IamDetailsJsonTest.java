package dev.stocktake.collector.details;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.TreeMap;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.stocktake.collector.details.IamDetails.SsoRole;
import dev.stocktake.collector.details.IamDetails.User;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class IamDetailsJsonTest {

    private static final String ID = "111122223333";
    private static final Instant AT = Instant.parse("2026-12-03T06:01:02Z");

    private static TreeMap<String, String> tags(String... keyValues) {
        TreeMap<String, String> tags = new TreeMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            tags.put(keyValues[i], keyValues[i + 1]);
        }
        return tags;
    }

    @Nested
    class Json_lines {

        @Test
        void are_the_contracts_lines_in_order_each_ending_in_a_newline() {
            var details = new IamDetails(
                    List.of(new User("alice", "arn:aws:iam::" + ID + ":user/alice", "AIDAALICE", tags("owner", "team-a", "email", "alice@example.com")),
                            new User("bob", "arn:aws:iam::" + ID + ":user/ops/bob", "AIDABOB", tags())),
                    List.of(new SsoRole("AWSReservedSSO_AdministratorAccess_0123456789abcdef", "arn:aws:iam::" + ID
                                    + ":role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_AdministratorAccess_0123456789abcdef",
                                    "AdministratorAccess", Instant.parse("2026-11-30T01:02:03Z"), "ap-northeast-1"),
                            new SsoRole("AWSReservedSSO_ReadOnly_fedcba9876543210", "arn:aws:iam::" + ID
                                    + ":role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_ReadOnly_fedcba9876543210",
                                    "ReadOnly", null, null)));

            String body = new String(IamDetailsJson.write(ID, AT, details), StandardCharsets.UTF_8);

            assertThat(body).isEqualTo(
                    "{\"kind\":\"collection\",\"account_id\":\"111122223333\",\"collected_at\":\"2026-12-03T06:01:02Z\",\"users\":2,\"sso_roles\":2}\n"
                    + "{\"kind\":\"user\",\"user_name\":\"alice\",\"arn\":\"arn:aws:iam::111122223333:user/alice\",\"user_id\":\"AIDAALICE\","
                    + "\"tags\":{\"email\":\"alice@example.com\",\"owner\":\"team-a\"}}\n"
                    + "{\"kind\":\"user\",\"user_name\":\"bob\",\"arn\":\"arn:aws:iam::111122223333:user/ops/bob\",\"user_id\":\"AIDABOB\",\"tags\":{}}\n"
                    + "{\"kind\":\"sso_role\",\"role_name\":\"AWSReservedSSO_AdministratorAccess_0123456789abcdef\","
                    + "\"arn\":\"arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_AdministratorAccess_0123456789abcdef\","
                    + "\"permission_set_name\":\"AdministratorAccess\",\"last_used\":\"2026-11-30T01:02:03Z\",\"last_used_region\":\"ap-northeast-1\"}\n"
                    + "{\"kind\":\"sso_role\",\"role_name\":\"AWSReservedSSO_ReadOnly_fedcba9876543210\","
                    + "\"arn\":\"arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_ReadOnly_fedcba9876543210\","
                    + "\"permission_set_name\":\"ReadOnly\",\"last_used\":null,\"last_used_region\":null}\n");
        }

        @Test
        void an_account_without_users_or_roles_is_one_collection_line() {
            assertThat(new String(IamDetailsJson.write(ID, AT, new IamDetails(List.of(), List.of())), StandardCharsets.UTF_8))
                    .isEqualTo("{\"kind\":\"collection\",\"account_id\":\"111122223333\",\"collected_at\":\"2026-12-03T06:01:02Z\","
                            + "\"users\":0,\"sso_roles\":0}\n");
        }

        @Test
        void escape_quotes_backslashes_newlines_and_keep_non_ascii_tag_values_as_utf8() throws Exception {
            String value = "say \"hi\"\\ \n 山田 太郎 🚀";
            var details = new IamDetails(List.of(new User("svc+ci=x,y.z@corp_-1", "arn:aws:iam::" + ID + ":user/svc+ci=x,y.z@corp_-1",
                    "AIDAX", tags("note", value, "Name with space", "+-=._:/@"))), List.of());

            byte[] bytes = IamDetailsJson.write(ID, AT, details);

            List<String> lines = new String(bytes, StandardCharsets.UTF_8).lines().toList();
            assertThat(lines).hasSize(2);
            assertThat(lines.get(1)).contains("山田 太郎 🚀").contains("\\\"hi\\\"").contains("\\n").doesNotContain("\n");
            JsonNode user = new ObjectMapper().readTree(lines.get(1));
            assertThat(user.get("user_name").asText()).isEqualTo("svc+ci=x,y.z@corp_-1");
            assertThat(user.get("tags").get("note").asText()).isEqualTo(value);
            assertThat(user.get("tags").get("Name with space").asText()).isEqualTo("+-=._:/@");
        }
    }

    @Nested
    class Permission_set_name {

        @ParameterizedTest
        @CsvSource({
                "AWSReservedSSO_AdministratorAccess_0123456789abcdef, AdministratorAccess",
                "AWSReservedSSO_Data_Eng_ReadOnly_0123456789abcdef, Data_Eng_ReadOnly",
                "AWSReservedSSO__leading_0123456789abcdef, _leading",
                "AWSReservedSSO_x_0123456789abcdef_0123456789abcdef, x_0123456789abcdef",
                "AWSReservedSSO_Billing+Ops=1.2@x-y_A0B1C2D3E4F5A6B7, Billing+Ops=1.2@x-y",
                "AWSReservedSSO_ViewOnly_0000000000000000, ViewOnly"})
        void is_the_role_name_without_the_prefix_and_the_hex_suffix_even_with_underscores(String roleName, String expected) {
            assertThat(SsoRole.permissionSetName(roleName)).isEqualTo(expected);
        }

        @ParameterizedTest
        @ValueSource(strings = {"AWSReservedSSO_AdministratorAccess", "AWSReservedSSO_Admin_0123456789abcde",
                "AWSReservedSSO_Admin_0123456789abcdefa", "AWSReservedSSO_Admin_0123456789abcdeg", "AWSReservedSSO__0123456789abcdef",
                "awsreservedsso_Admin_0123456789abcdef", "MyRole", "AWSReservedSSO_0123456789abcdef"})
        void is_null_for_a_role_name_not_of_identity_centers_form(String roleName) {
            assertThat(SsoRole.permissionSetName(roleName)).isNull();
        }
    }
}
