package dev.stocktake.remediation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stocktake.remediation.JournalRecord.Phase;
import org.junit.jupiter.api.Test;

/**
 * The journal's records as stored: one line of JSON each, because the {@code remediation_journal} table (OpenX JSON
 * SerDe) reads a record per line. sql-engine's RemediationViewsTest writes its fixtures in exactly this form.
 */
class JournalLineTest {

    @Test
    void a_record_is_one_line_of_json_with_snake_case_keys_in_a_fixed_order() throws Exception {
        ObjectNode before = JsonNodeFactory.instance.objectNode();
        before.put("login_profile", "present");
        before.put("password_reset_required", "false");
        JournalRecord record = new JournalRecord("q-20261203-4067a0", "003-delete-password", Phase.DONE,
                Action.DELETE_LOGIN_PROFILE, "892866769782", "haruto.nguyen", null, Instant.parse("2026-12-03T10:15:30Z"),
                "arn:aws:iam::111111111111:user/operator", "arn:aws:iam::892866769782:role/stocktake-remediation", before, null);

        String line = new String(Journal.line(record), StandardCharsets.UTF_8);

        assertThat(line).isEqualTo("{\"plan_id\":\"q-20261203-4067a0\",\"step_id\":\"003-delete-password\",\"phase\":\"done\","
                + "\"action\":\"delete_login_profile\",\"account_id\":\"892866769782\",\"user_name\":\"haruto.nguyen\","
                + "\"at\":\"2026-12-03T10:15:30Z\",\"operator\":\"arn:aws:iam::111111111111:user/operator\","
                + "\"role_arn\":\"arn:aws:iam::892866769782:role/stocktake-remediation\","
                + "\"state_before\":{\"login_profile\":\"present\",\"password_reset_required\":\"false\"}}");
        assertThat(line).doesNotContain("\n").doesNotContain("\r");
        assertThat(Json.MAPPER.readValue(line, JournalRecord.class)).isEqualTo(record);
    }

    @Test
    void the_undo_phases_are_written_with_their_file_suffix_spelling() throws Exception {
        JournalRecord record = new JournalRecord("q-20261203-4067a0", "001-deactivate-key", Phase.UNDO_STARTED,
                Action.DEACTIVATE_ACCESS_KEY, "892866769782", "haruto.nguyen", "AKIA47YYBWN3OG6R4HM5",
                Instant.parse("2026-12-04T08:00:00Z"), "arn:op", "arn:role", null, "a note");

        String line = new String(Journal.line(record), StandardCharsets.UTF_8);

        assertThat(line).contains("\"phase\":\"undo_started\"").contains("\"target\":\"AKIA47YYBWN3OG6R4HM5\"")
                .contains("\"note\":\"a note\"").doesNotContain("\n");
    }
}
