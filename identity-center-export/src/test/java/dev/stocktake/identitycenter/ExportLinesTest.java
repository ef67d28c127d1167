package dev.stocktake.identitycenter;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import dev.stocktake.identitycenter.IdentityCenterData.Assignment;
import dev.stocktake.identitycenter.IdentityCenterData.Email;
import dev.stocktake.identitycenter.IdentityCenterData.ExternalId;
import dev.stocktake.identitycenter.IdentityCenterData.Group;
import dev.stocktake.identitycenter.IdentityCenterData.Membership;
import dev.stocktake.identitycenter.IdentityCenterData.User;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ExportLinesTest {

    private static final String INSTANCE = "arn:aws:sso:::instance/ssoins-0123456789abcdef";
    private static final String PS = INSTANCE + "/ps-0000000000000001";
    private static final Instant AT = Instant.parse("2026-12-03T05:00:12.999Z");

    private static String render(IdentityCenterData data) {
        return new String(ExportLines.render(data, AT), StandardCharsets.UTF_8);
    }

    @Test
    void the_same_state_in_any_order_gives_the_same_bytes() {
        User u1 = new User("u-1", "one", "One", List.of(), List.of());
        User u2 = new User("u-2", "two", "Two", List.of(), List.of());
        Group g1 = new Group("g-1", "G", List.of());
        Assignment a1 = new Assignment("111111111111", PS, "Admin", "USER", "u-2");
        Assignment a2 = new Assignment("000000000000", PS, "Admin", "GROUP", "g-1");
        IdentityCenterData forward = new IdentityCenterData(INSTANCE, "d-1", List.of(u1, u2), List.of(g1),
                List.of(new Membership("g-1", "u-1"), new Membership("g-1", "u-2")), List.of(a1, a2));
        IdentityCenterData backward = new IdentityCenterData(INSTANCE, "d-1", List.of(u2, u1), List.of(g1),
                List.of(new Membership("g-1", "u-2"), new Membership("g-1", "u-1")), List.of(a2, a1, a1));

        assertThat(ExportLines.render(backward, AT)).isEqualTo(ExportLines.render(forward, AT));
        assertThat(render(forward).lines().filter(l -> l.contains("\"assignment\"")).toList()).containsExactly(
                "{\"kind\":\"assignment\",\"instance_arn\":\"" + INSTANCE + "\",\"account_id\":\"000000000000\",\"permission_set_arn\":\""
                        + PS + "\",\"permission_set_name\":\"Admin\",\"principal_type\":\"GROUP\",\"principal_id\":\"g-1\",\"user_id\":null}",
                "{\"kind\":\"assignment\",\"instance_arn\":\"" + INSTANCE + "\",\"account_id\":\"000000000000\",\"permission_set_arn\":\""
                        + PS + "\",\"permission_set_name\":\"Admin\",\"principal_type\":\"GROUP\",\"principal_id\":\"g-1\",\"user_id\":\"u-1\"}",
                "{\"kind\":\"assignment\",\"instance_arn\":\"" + INSTANCE + "\",\"account_id\":\"000000000000\",\"permission_set_arn\":\""
                        + PS + "\",\"permission_set_name\":\"Admin\",\"principal_type\":\"GROUP\",\"principal_id\":\"g-1\",\"user_id\":\"u-2\"}",
                "{\"kind\":\"assignment\",\"instance_arn\":\"" + INSTANCE + "\",\"account_id\":\"111111111111\",\"permission_set_arn\":\""
                        + PS + "\",\"permission_set_name\":\"Admin\",\"principal_type\":\"USER\",\"principal_id\":\"u-2\",\"user_id\":\"u-2\"}");
        assertThat(ExportLines.counts(backward)).isEqualTo(new ExportLines.Counts(2, 1, 2, 2, 2));
    }

    @Test
    void a_group_assignment_of_an_unknown_group_keeps_only_the_group_line() {
        IdentityCenterData data = new IdentityCenterData(INSTANCE, "d-1", List.of(), List.of(), List.of(),
                List.of(new Assignment("111111111111", PS, "Admin", "GROUP", "g-deleted")));

        assertThat(render(data).lines().skip(1).toList()).containsExactly("{\"kind\":\"assignment\",\"instance_arn\":\"" + INSTANCE
                + "\",\"account_id\":\"111111111111\",\"permission_set_arn\":\"" + PS + "\",\"permission_set_name\":\"Admin\","
                + "\"principal_type\":\"GROUP\",\"principal_id\":\"g-deleted\",\"user_id\":null}");
    }

    @Test
    void absent_values_are_left_out_text_is_utf8_and_escaped_and_the_time_has_whole_seconds() {
        IdentityCenterData data = new IdentityCenterData(INSTANCE, "d-1", List.of(new User("u-1", "zoë\"q", null,
                List.of(new Email("z@example.com", null, null), new Email("z2@example.com", "home", false)),
                List.of(new ExternalId("https://idp/", "x\n1")))), List.of(new Group("g-1", null, List.of())), List.of(), List.of());

        assertThat(render(data)).isEqualTo(
                "{\"kind\":\"instance\",\"instance_arn\":\"" + INSTANCE + "\",\"identity_store_id\":\"d-1\",\"exported_at\":\"2026-12-03T05:00:12Z\"}\n"
                        + "{\"kind\":\"user\",\"identity_store_id\":\"d-1\",\"user_id\":\"u-1\",\"user_name\":\"zoë\\\"q\","
                        + "\"emails\":[{\"value\":\"z@example.com\"},{\"value\":\"z2@example.com\",\"type\":\"home\",\"primary\":false}],"
                        + "\"external_ids\":[{\"issuer\":\"https://idp/\",\"id\":\"x\\n1\"}]}\n"
                        + "{\"kind\":\"group\",\"identity_store_id\":\"d-1\",\"group_id\":\"g-1\",\"external_ids\":[]}\n");
    }

    @Test
    void an_empty_identity_store_is_the_instance_line_alone() {
        assertThat(render(new IdentityCenterData(INSTANCE, "d-1", List.of(), List.of(), List.of(), List.of())))
                .isEqualTo("{\"kind\":\"instance\",\"instance_arn\":\"" + INSTANCE
                        + "\",\"identity_store_id\":\"d-1\",\"exported_at\":\"2026-12-03T05:00:12Z\"}\n");
    }
}
