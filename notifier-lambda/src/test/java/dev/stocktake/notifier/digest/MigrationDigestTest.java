package dev.stocktake.notifier.digest;

import static dev.stocktake.notifier.digest.DigestRenderingTest.BLOCKER_COLUMNS;
import static dev.stocktake.notifier.digest.DigestRenderingTest.BLOCKER_OWNER_COLUMNS;
import static dev.stocktake.notifier.digest.DigestRenderingTest.DAY;
import static dev.stocktake.notifier.digest.DigestRenderingTest.OWNER_TODO_COLUMNS;
import static dev.stocktake.notifier.digest.DigestRenderingTest.results;
import static dev.stocktake.notifier.digest.DigestRenderingTest.withMilestones;
import static dev.stocktake.notifier.testing.Html.visibleText;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.stocktake.notifier.slack.SlackMessage;
import dev.stocktake.sql.athena.ResultTable;

/**
 * The migration in the digest (email HTML and text, Slack): the next and final milestone, who holds the next back, the
 * day's verdict counts and the owners' to-do, from hand-built results with the views' columns; no milestone
 * configured; hostile owner and account names.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class MigrationDigestTest {

    static final String IMG = "<img src=x onerror=alert(1)>";

    /** One account reporting; the organization's milestones under 100 (next, behind) and zero; one OU milestone. */
    static Map<String, ResultTable> fixture() {
        Map<String, ResultTable> results = withMilestones(results(
                List.of(Arrays.asList("prod", "111111111111", "140", "130", "0", "131", "135", "140")),
                List.of(Arrays.asList("2026-01-01", "150", "2026-03-15", "130", "2026-03-08", "1.0"))), List.of(
                Arrays.asList("organization", "", "2026-06-30", "100", "under 100", "true", "2026-03-15", "130", "30", "4", "0",
                        "behind", "2026-07-20"),
                Arrays.asList("organization", "", "2026-12-31", "0", "zero", "false", "2026-03-15", "130", "130", "4", "0",
                        "behind", null),
                Arrays.asList("ou", "ou-ab12-11111111", "2026-04-30", "10", null, "true", "2026-03-15", "12", "2", "2", "0",
                        "behind", null)));
        results.put("milestone_blockers", new ResultTable(BLOCKER_COLUMNS, List.of(
                Arrays.asList("organization", "", "2026-06-30", "100", "111111111111", "prod", "team-a", "60", "0.4615", "1"),
                Arrays.asList("organization", "", "2026-06-30", "100", "222222222222", IMG, "{{DATA}}", "40", "0.3077", "2"),
                Arrays.asList("organization", "", "2026-06-30", "100", "111111111111", "prod", null, "30", "0.2308", "3"),
                Arrays.asList("ou", "ou-ab12-11111111", "2026-04-30", "10", "333333333333", "ou-only", "team-b", "12", "1.0", "1"))));
        results.put("milestone_owners", new ResultTable(BLOCKER_OWNER_COLUMNS, List.of(
                Arrays.asList("organization", "", "team-a", "60", "1", "0.4615", "1"),
                Arrays.asList("organization", "", "{{DATA}}", "40", "1", "0.3077", "2"),
                Arrays.asList("organization", "", null, "30", "1", "0.2308", "3"),
                Arrays.asList("ou", "ou-ab12-11111111", "team-b", "12", "1", "1.0", "1"))));
        results.put("migration_verdicts", new ResultTable(List.of("verdict", "users", "console_users"), List.of(
                Arrays.asList("allowlisted", "2", "1"), Arrays.asList("machine_user", "4", "0"),
                Arrays.asList("needs_assignment", "3", "3"), Arrays.asList("no_identity", "2", "2"),
                Arrays.asList("ready_to_remove", "5", "2"), Arrays.asList("still_in_use", "1", "1"))));
        results.put("owner_todo", new ResultTable(OWNER_TODO_COLUMNS, List.of(
                Arrays.asList("1", "team-a", "8", "5", "2", "ready_to_remove", "5", "2", "2"),
                Arrays.asList("1", "team-a", "8", "5", "2", "needs_assignment", "3", "3", "1"),
                Arrays.asList("2", IMG, "2", "2", "1", "no_identity", "2", "2", "1"))));
        return results;
    }

    @Test
    void the_text_names_the_next_and_final_milestone_who_holds_it_back_the_verdicts_and_the_owners_to_do() {
        String text = DigestText.render(Digest.from(DAY, fixture()));

        assertThat(text).contains("Accounts in the totals: 1 reported, 0 carried from an earlier report, 0 missing.\r\n"
                + "Next milestone: under 100: at most 100 console-capable IAM users by 2026-06-30 (107 days left); now 130, 30 above "
                + "the maximum: behind; projected for 2026-07-20 at the recent pace.\r\n"
                + "Final milestone: zero: at most 0 console-capable IAM users by 2026-12-31 (291 days left).\r\n"
                + "Held back by these owners:\r\n"
                + "  team-a: 60 console users in 1 account (46 % of the scope)\r\n"
                + "  {{DATA}}: 40 console users in 1 account (31 % of the scope)\r\n"
                + "  (no owner): 30 console users in 1 account (23 % of the scope)\r\n"
                + "and these accounts:\r\n"
                + "  prod (111111111111), owner team-a: 60 console users (46 % of the scope)\r\n"
                + "  " + IMG + " (222222222222), owner {{DATA}}: 40 console users (31 % of the scope)\r\n"
                + "  prod (111111111111), owner (no owner): 30 console users (23 % of the scope)\r\n"
                + "Next milestone of OU ou-ab12-11111111: at most 10 console-capable IAM users by 2026-04-30 (46 days left); now 12, "
                + "2 above the maximum: behind; no projection: console users have not gone down lately.\r\n");
        assertThat(text).contains("Migration verdicts (17 IAM users): ready to remove 5, needs assignment 3, no identity 2, "
                + "machine user 4, still in use 1, allowlisted 2, Identity Center unknown 0.\r\n"
                + "Owners with the most to do:\r\n"
                + "  team-a: 8 IAM users (5 console) in 2 accounts: ready to remove 5, needs assignment 3\r\n"
                + "  " + IMG + ": 2 IAM users (2 console) in 1 account: no identity 2\r\n");
        assertThat(text).doesNotContain("90 %").doesNotContain("Goal");
    }

    @Test
    void the_html_shows_the_same_with_every_name_escaped_and_filled_in_one_pass() {
        String html = DigestHtml.render(Digest.from(DAY, fixture()), List.of());
        String visible = visibleText(html);

        assertThat(visible).contains("Milestones Next milestone: under 100: at most 100 console-capable IAM users by 2026-06-30 "
                        + "(107 days left). Now 130, 30 above the maximum: behind; projected for 2026-07-20 at the recent pace. "
                        + "Final milestone: zero: at most 0 console-capable IAM users by 2026-12-31 (291 days left). "
                        + "Held back by Owner Console users Accounts Share team-a 60 1 46 % {{DATA}} 40 1 31 % (no owner) 30 1 23 % "
                        + "Account Owner Console users Share prod 111111111111 team-a 60 46 % " + IMG + " 222222222222 {{DATA}} 40 31 % "
                        + "prod 111111111111 (no owner) 30 23 % "
                        + "Next milestone of OU ou-ab12-11111111: at most 10 console-capable IAM users by 2026-04-30 (46 days left); "
                        + "now 12, 2 above the maximum: behind; no projection: console users have not gone down lately.")
                .contains("IAM users by verdict (17 IAM users) Verdict IAM users with console access ready to remove 5 2 "
                        + "needs assignment 3 3 no identity 2 2 machine user 4 0 still in use 1 1 allowlisted 2 1 "
                        + "Identity Center unknown 0 0 "
                        + "Owners with the most to do Owner IAM users Console Accounts To do team-a 8 5 2 ready to remove 5, "
                        + "needs assignment 3 " + IMG + " 2 2 1 no identity 2");
        // the names are text: no element is made of them, and a template tag in a name stays as written (one pass)
        assertThat(html).doesNotContain("<img").contains("&lt;img src&#61;x onerror&#61;alert(1)&gt;")
                .contains(">{{DATA}}<");
        assertThat(html.split("\\{\\{DATA}}", -1)).as("each {{DATA}} of the data, and no other").hasSize(3);
    }

    @Test
    void slack_shows_the_same_with_names_escaped_for_mrkdwn() throws Exception {
        String slack = SlackMessage.render(Digest.from(DAY, fixture()));
        JsonNode payload = new ObjectMapper().readTree(slack);
        List<String> sections = payload.path("blocks").findValues("text").stream()
                .map(t -> t.isTextual() ? t.asText() : t.path("text").asText()).toList();

        assertThat(sections).contains("*Next milestone:* under 100: at most 100 console-capable IAM users by 2026-06-30 (107 days left)\n"
                + ":warning: now 130, 30 above the maximum: behind; projected for 2026-07-20 at the recent pace\n"
                + "*Final milestone:* zero: at most 0 console-capable IAM users by 2026-12-31 (291 days left)\n"
                + "*Held back by*\n"
                + "\u2022 team-a: 60 console users in 1 account (46 % of the scope)\n"
                + "\u2022 {{DATA}}: 40 console users in 1 account (31 % of the scope)\n"
                + "\u2022 (no owner): 30 console users in 1 account (23 % of the scope)\n"
                + "*in the accounts*\n"
                + "\u2022 prod (111111111111), owner team-a: 60 console users (46 % of the scope)\n"
                + "\u2022 &lt;img src=x onerror=alert(1)&gt; (222222222222), owner {{DATA}}: 40 console users (31 % of the scope)\n"
                + "\u2022 prod (111111111111), owner (no owner): 30 console users (23 % of the scope)\n"
                + "*Next milestone of OU ou-ab12-11111111:* at most 10 console-capable IAM users by 2026-04-30 (46 days left); now 12, "
                + "2 above the maximum: behind; no projection: console users have not gone down lately",
                "*Migration verdicts* (17 IAM users): ready to remove 5, needs assignment 3, no identity 2, machine user 4, "
                        + "still in use 1, allowlisted 2, Identity Center unknown 0\n"
                        + "*Owners with the most to do*\n"
                        + "\u2022 team-a: 8 IAM users (5 console) in 2 accounts: ready to remove 5, needs assignment 3\n"
                        + "\u2022 &lt;img src=x onerror=alert(1)&gt;: 2 IAM users (2 console) in 1 account: no identity 2");
        assertThat(payload.path("text").asText()).isEqualTo("Stocktake 2026-03-15: 130 console-capable IAM users (\u22121 since "
                + "yesterday); next milestone 2026-06-30 (at most 100): behind");
        assertThat(slack).doesNotContain("<img");
    }

    @Test
    void slack_escapes_a_mention_in_an_owner_and_a_milestone_name() {
        Map<String, ResultTable> results = withMilestones(results(
                List.of(Arrays.asList("prod", "111111111111", "4", "4", "0", "4", "4", "4")), List.of()), List.of(
                Arrays.asList("organization", "", "2026-06-30", "1", "<!channel> & co", "true", "2026-03-15", "4", "3", "1", "0",
                        "behind", null)));
        results.put("milestone_owners", new ResultTable(BLOCKER_OWNER_COLUMNS, List.of(
                Arrays.asList("organization", "", "<!here|here>", "4", "1", "1.0", "1"))));
        String slack = SlackMessage.render(Digest.from(DAY, results));

        assertThat(slack).doesNotContain("<!channel>").doesNotContain("<!here")
                .contains("*Next milestone:* &lt;!channel&gt; &amp; co: at most 1")
                .contains("\u2022 &lt;!here|here&gt;: 4 console users in 1 account (100 % of the scope)");
    }

    @Test
    void without_milestones_every_channel_says_no_milestone_configured_and_shows_no_target() {
        Map<String, ResultTable> results = results(List.of(Arrays.asList("prod", "111111111111", "4", "4", "0", "4", "4", "4")),
                List.of(Arrays.asList("2026-01-01", "10", "2026-03-15", "4", "2026-03-08", "0.5")));
        Digest digest = Digest.from(DAY, results);

        assertThat(digest.migration().next()).isNull();
        String html = DigestHtml.render(digest, List.of());
        assertThat(visibleText(html)).contains("Milestones No milestone configured. Milestones are set in the deployment config "
                + "(migration.milestones).").doesNotContain("Next milestone").doesNotContain("Final milestone")
                .doesNotContain("Held back by").contains("IAM users by verdict (0 IAM users)");
        assertThat(DigestText.render(digest)).contains("0 missing.\r\nNo milestone configured.\r\nTo remove:")
                .doesNotContain("at most");
        String slack = SlackMessage.render(digest);
        assertThat(slack).contains("*No milestone configured.*").contains("; no milestone configured\"").doesNotContain("at most");
    }

    @Test
    void a_scoped_milestone_alone_is_no_organization_wide_milestone() {
        Map<String, ResultTable> results = withMilestones(results(
                List.of(Arrays.asList("prod", "111111111111", "4", "4", "0", "4", "4", "4")), List.of()), List.of(
                Arrays.asList("account", "111111111111", "2026-04-30", "2", "prod first", "true", "2026-03-15", "4", "2", "1", "0",
                        "on_track", "2026-04-01")));
        String text = DigestText.render(Digest.from(DAY, results));

        assertThat(text).contains("No organization-wide milestone configured.\r\nNext milestone of account 111111111111: prod first: "
                + "at most 2 console-capable IAM users by 2026-04-30 (46 days left); now 4, 2 above the maximum: on track; projected "
                + "for 2026-04-01 at the recent pace.\r\n");
    }

    @Test
    void a_verdict_the_digest_does_not_know_fails_naming_it() {
        Map<String, ResultTable> results = fixture();
        results.put("migration_verdicts", new ResultTable(List.of("verdict", "users", "console_users"),
                List.of(Arrays.asList("leaver", "1", "1"))));

        assertThatThrownBy(() -> Digest.from(DAY, results)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("migration_verdicts holds the verdict 'leaver', not one of [ready_to_remove, needs_assignment,");
    }
}
